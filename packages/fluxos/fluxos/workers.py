"""Celery workers and beat schedulers of the services that have background work.

Each service with a ``celery_app`` gets one worker consuming its queues (a thread pool, so one
process serves many concurrent deliveries) and, when it declares timers, one beat. A child that
dies is restarted with a growing pause; one that keeps dying stops the stack with its log tail.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from fluxkit.manifest import ServiceManifest
from fluxos import _process

MAX_RESTARTS = 5
STOP_TIMEOUT = 20.0


class WorkerFailed(RuntimeError):
    pass


@dataclass
class Child:
    name: str
    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start_at: float = 0.0
    history: list[float] = field(default_factory=list)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_process.die_with_parent(signal.SIGTERM),
            )
        finally:
            log.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # Celery's warm shutdown: finish the running tasks (late acks make the rest safe).
            _process.terminate(self.process.pid, signal.SIGTERM, STOP_TIMEOUT, self.process)


def commands_for(manifest: ServiceManifest, data_dir: Path) -> list[Child]:
    if manifest.celery_app is None:
        return []
    logs = data_dir / "logs"
    celery = [sys.executable, "-m", "celery", "-A", manifest.celery_app]
    children = [
        Child(
            f"{manifest.name}-worker",
            [
                *celery,
                "worker",
                "--queues",
                ",".join(manifest.worker_queues) or manifest.name,
                "--pool",
                "threads",
                "--concurrency",
                "8",
                "--hostname",
                f"{manifest.name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            logs / f"{manifest.name}-worker.log",
        )
    ]
    if manifest.beat:
        children.append(
            Child(
                f"{manifest.name}-beat",
                [
                    *celery,
                    "beat",
                    "--schedule",
                    str(data_dir / f"celerybeat-{manifest.name}"),
                    "--loglevel",
                    "INFO",
                ],
                logs / f"{manifest.name}-beat.log",
            )
        )
    return children


class WorkerSet:
    def __init__(self, manifests: list[ServiceManifest], data_dir: Path) -> None:
        self.children = [child for m in manifests for child in commands_for(m, data_dir)]

    def start(self) -> None:
        for child in self.children:
            child.start()

    def records(self) -> dict[str, int]:
        return {child.name: child.pid for child in self.children if child.pid is not None}

    def check(self) -> bool:
        """Restart children that died; returns True when something was restarted."""
        restarted = False
        now = time.monotonic()
        for child in self.children:
            if child.alive():
                continue
            if child.next_start_at == 0.0:
                child.history = [t for t in child.history if now - t < 300] + [now]
                if len(child.history) > MAX_RESTARTS:
                    raise WorkerFailed(
                        f"{child.name} keeps exiting; last lines of {child.log_path}:\n"
                        f"{_process.log_tail(child.log_path)}"
                    )
                child.next_start_at = now + min(2 ** len(child.history), 30)
            if now >= child.next_start_at:
                child.next_start_at = 0.0
                child.restarts += 1
                child.start()
                restarted = True
        return restarted

    def stop(self) -> None:
        # Beats first so no new timer fires into workers that are leaving.
        for child in sorted(self.children, key=lambda c: not c.name.endswith("-beat")):
            child.stop()
