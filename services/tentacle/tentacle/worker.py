"""Tentacle's Celery app: ``celery -A tentacle.worker worker -Q tentacle.orchestrator,...``.

Queues: ``tentacle.orchestrator`` (cycles), ``tentacle.steps`` (subagent steps),
``tentacle.planning`` (planner and replanner calls), ``tentacle.timers`` (reaper, expiries).
Task modules import ``celery_app`` from here; the worker loads them through ``include``.
"""

from __future__ import annotations

from celery.signals import worker_process_shutdown

from fluxkit.celery import create_celery_app, run_async
from tentacle.manifest import QUEUES
from tentacle.runtime import close_worker_runtime
from tentacle.settings import get_settings

celery_app = create_celery_app(
    "tentacle",
    get_settings().broker_url,
    queues=QUEUES,
)

TASK_MODULES: list[str] = [
    "tentacle.orchestrator.tasks",
    "tentacle.checkpoints.tasks",
    "tentacle.memory.tasks",
    "tentacle.workspace.tasks",
    "tentacle.triggers.tasks",
    "tentacle.automations.tasks",
]
celery_app.conf.include = TASK_MODULES
celery_app.conf.beat_schedule = {
    "tentacle-reap-expired-steps": {
        "task": "tentacle.steps.reap",
        "schedule": get_settings().reap_interval_seconds,
    },
    "tentacle-expire-checkpoints": {
        "task": "tentacle.checkpoints.expire",
        "schedule": get_settings().checkpoint_expiry_interval_seconds,
    },
    "tentacle-embed-missing-memories": {
        "task": "tentacle.memory.sweep",
        "schedule": get_settings().embedding_sweep_interval_seconds,
    },
    "tentacle-answer-trigger-runs": {
        "task": "tentacle.triggers.sweep",
        "schedule": get_settings().trigger_sweep_interval_seconds,
    },
    "tentacle-automations-tick": {
        "task": "tentacle.automations.tick",
        "schedule": get_settings().automation_tick_seconds,
    },
}

app = celery_app


@worker_process_shutdown.connect  # type: ignore[untyped-decorator]
def _dispose(**_: object) -> None:
    run_async(close_worker_runtime())


__all__ = ["app", "celery_app"]
