"""Celery conventions shared by every service's background work.

``create_celery_app`` builds an app with the platform's settings (JSON only, late acks, no result
backend, one prefetched message per process); ``flux_task`` declares a task with an explicit name,
queue and retry rules. Tasks take ids, re-read their rows, return quietly when a row is gone and
are idempotent: with late acks a message may be delivered twice.

Async code (SQLAlchemy sessions, httpx) runs through :func:`run_async`, which keeps one event loop
per worker process in a daemon thread, so engines and pools live as long as the process instead of
being rebuilt for every task, and thread pools (``-P threads``) can share it safely.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from celery import Celery
from kombu.entity import Exchange, Queue

T = TypeVar("T")

logger = logging.getLogger(__name__)

_deferred: contextvars.ContextVar[list[Callable[[], object]] | None] = contextvars.ContextVar(
    "flux_deferred_calls", default=None
)

DEFAULT_VISIBILITY_TIMEOUT = 3600
"""Seconds before Redis hands an unacknowledged message to another worker (late acks)."""


def create_celery_app(
    name: str,
    broker_url: str,
    *,
    queues: Sequence[str],
    visibility_timeout: int = DEFAULT_VISIBILITY_TIMEOUT,
) -> Celery:
    """A Celery app following the platform's conventions; the first queue is the default."""
    if not queues:
        raise ValueError("a Celery app needs at least one queue")
    app = Celery(name, broker=broker_url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        event_serializer="json",
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        result_backend=None,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": visibility_timeout},
        task_default_queue=queues[0],
        task_queues=[
            Queue(queue, Exchange(queue), routing_key=queue)  # type: ignore[no-untyped-call]
            for queue in queues
        ],
        task_create_missing_queues=True,
        worker_hijack_root_logger=False,
        enable_utc=True,
        timezone="UTC",
    )
    return app


def flux_task(
    app: Celery,
    *,
    name: str,
    queue: str,
    max_retries: int = 3,
    autoretry_for: tuple[type[BaseException], ...] = (),
    retry_backoff: int = 2,
    retry_backoff_max: int = 300,
    **options: Any,
) -> Callable[[Callable[..., Any]], Any]:
    """Declare a task: explicit name and queue, late acks, no result, explicit retry rules.

    ``autoretry_for`` names infrastructure errors (a database or broker hiccup) that deserve an
    exponential backoff with jitter; business outcomes are handled by the task itself.
    """

    def decorate(function: Callable[..., Any]) -> Any:
        return app.task(
            name=name,
            queue=queue,
            acks_late=True,
            reject_on_worker_lost=True,
            ignore_result=True,
            max_retries=max_retries,
            autoretry_for=autoretry_for,
            retry_backoff=retry_backoff,
            retry_backoff_max=retry_backoff_max,
            retry_jitter=True,
            **options,
        )(function)

    return decorate


class EventLoopThread:
    """One asyncio loop per process, running in a daemon thread; tasks submit coroutines to it.

    It is rebuilt after a fork (prefork pool children get their own), and ``stop()`` ends it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def _ensure(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid() or not self._loop.is_running():
                loop = asyncio.new_event_loop()
                started = threading.Event()

                def serve() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(started.set)
                    loop.run_forever()

                thread = threading.Thread(target=serve, name="flux-task-loop", daemon=True)
                thread.start()
                started.wait()
                self._loop, self._thread, self._pid = loop, thread, os.getpid()
            return self._loop

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the process's loop and wait for its result; then run, on the
        calling thread, the blocking calls it deferred with :func:`call_after_run`."""
        loop = self._ensure()
        calls: list[Callable[[], object]] = []

        async def collecting() -> T:
            _deferred.set(calls)
            return await coroutine

        try:
            return asyncio.run_coroutine_threadsafe(collecting(), loop).result()
        finally:
            for call in calls:
                try:
                    call()
                except Exception:
                    logger.exception("a deferred call failed")

    def stop(self, cleanup: Callable[[], Coroutine[Any, Any, None]] | None = None) -> None:
        """Run ``cleanup`` (dispose engines, close clients) on the loop, then stop it."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = self._pid = None
        if loop is None or not loop.is_running():
            return
        if cleanup is not None:
            asyncio.run_coroutine_threadsafe(cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=10)
        loop.close()


_default_loop = EventLoopThread()


def call_after_run(call: Callable[[], object]) -> None:
    """Run a blocking call (a broker send, a Redis command) without holding up the shared loop.

    Inside :func:`run_async` the call runs on the task's own thread once the coroutine has
    finished (the loop serves every thread of the worker, so a blocking send there would stall
    them all); anywhere else it runs now.
    """
    calls = _deferred.get()
    if calls is None:
        call()
    else:
        calls.append(call)


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run async task code on this process's shared event loop."""
    return _default_loop.run(coroutine)
