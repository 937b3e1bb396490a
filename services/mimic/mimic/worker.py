"""Worker entry point: ``celery -A mimic.worker worker -Q mimic.deliveries,mimic.integrations``."""

from celery.signals import worker_process_shutdown

from fluxkit.celery import run_async
from mimic.celery_app import celery_app, close_worker_runtime
from mimic.integrations import tasks as integration_tasks
from mimic.notifications import tasks  # noqa: F401  (registers the tasks)

app = celery_app


@worker_process_shutdown.connect  # type: ignore[untyped-decorator]
def _dispose(**_: object) -> None:
    run_async(integration_tasks.close_integration_runtime())
    run_async(close_worker_runtime())


__all__ = ["app", "celery_app"]
