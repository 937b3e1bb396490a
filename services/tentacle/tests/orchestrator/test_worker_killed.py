"""A worker killed with SIGKILL in the middle of a step loses nothing: once its lease runs out
the reaper hands the step to another worker process, which finishes the task."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi import FastAPI
from tentacle_testkit import Tokens, eventually, plan_step, start_plan, task_events, task_state

from tentacle.manifest import QUEUES
from tentacle.orchestrator.enqueue import REAP_TASK, send
from tentacle.settings import TentacleSettings

LEASE_SECONDS = 2


@contextmanager
def worker_process(settings: TentacleSettings, name: str) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "TENTACLE_DATABASE_URL": settings.database_url,
        "TENTACLE_REDIS_URL": settings.redis_url,
        "TENTACLE_ENVIRONMENT": "test",
        "TENTACLE_KEYRING": settings.keyring.get_secret_value(),
        "TENTACLE_STEP_LEASE_SECONDS": str(LEASE_SECONDS),
        "TENTACLE_LOG_JSON": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tentacle.worker",
            "worker",
            "-P",
            "threads",
            "-c",
            "4",
            "-Q",
            ",".join(QUEUES),
            "-n",
            f"{name}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def factory(tentacle_app: FastAPI):  # type: ignore[no-untyped-def]
    return tentacle_app.state.session_factory


async def test_a_killed_workers_step_is_finished_by_another(
    factory, tentacle_settings: TentacleSettings, tokens: Tokens
):
    caller = tokens.caller()
    with worker_process(tentacle_settings, "doomed") as doomed:
        task_id = await start_plan(
            factory,
            caller,
            [
                plan_step("long", inputs={"value": "kept", "sleep_ms": 3000}),
                plan_step(
                    "after", inputs={"value": "{{steps.long.outputs.echo}}"}, depends_on=["long"]
                ),
            ],
        )

        async def running_on_doomed() -> bool:
            _, steps = await task_state(factory, task_id)
            step = steps["long"]
            return step.status == "running" and f":{doomed.pid}:" in (step.lease_owner or "")

        # A cold worker process imports the whole service (litellm included) before consuming.
        await eventually(running_on_doomed, timeout=90)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)

    with worker_process(tentacle_settings, "survivor") as survivor:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            task, steps = await task_state(factory, task_id)
            if task.status in ("completed", "failed"):
                break
            send(REAP_TASK)  # what beat does every few seconds
            await __import__("asyncio").sleep(0.5)
        assert survivor.poll() is None
    task, steps = await task_state(factory, task_id)
    assert task.status == "completed", (task.status, task.status_reason)
    assert steps["long"].attempt == 2
    assert steps["after"].output["echo"] == "kept"
    events = await task_events(factory, task_id)
    runs = [e for e in events if e.event_type == "step.status" and e.payload["key"] == "long"]
    assert [e.payload["to"] for e in runs] == [
        "queued",
        "running",
        "queued",
        "running",
        "completed",
    ]
    assert "lease expired" in runs[2].payload["reason"]
