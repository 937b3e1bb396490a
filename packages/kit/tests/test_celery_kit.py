"""Kit Celery conventions, exercised by a real worker thread on the test Redis."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from fluxkit.celery import EventLoopThread, create_celery_app, flux_task, run_async

QUEUE = "kit.celery-test"


class Seen:
    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.calls: list[Any] = []
        self.failures_left: dict[str, int] = {}

    def add(self, value: Any) -> None:
        with self.lock:
            self.calls.append(value)
            self.lock.notify_all()

    def wait_for(self, count: int, timeout: float = 20) -> list[Any]:
        with self.lock:
            assert self.lock.wait_for(lambda: len(self.calls) >= count, timeout), self.calls
            return list(self.calls)


SEEN = Seen()


@pytest.fixture(scope="module")
def celery_app(redis_url: str) -> Iterator[Celery]:
    app = create_celery_app("kit-test", redis_url, queues=(QUEUE,))

    @flux_task(app, name="kit.test.record", queue=QUEUE)
    def record(value: str) -> None:
        SEEN.add(value)

    @flux_task(
        app,
        name="kit.test.flaky",
        queue=QUEUE,
        max_retries=3,
        autoretry_for=(ConnectionError,),
        retry_backoff=1,
        retry_backoff_max=1,
    )
    def flaky(key: str) -> None:
        left = SEEN.failures_left.get(key, 0)
        if left:
            SEEN.failures_left[key] = left - 1
            SEEN.add(f"{key}:failed")
            raise ConnectionError("broker hiccup")
        SEEN.add(f"{key}:done")

    @flux_task(app, name="kit.test.loop", queue=QUEUE)
    def which_loop(key: str) -> None:
        async def current() -> int:
            await asyncio.sleep(0)
            return id(asyncio.get_running_loop())

        SEEN.add((key, run_async(current())))

    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False, queues=[QUEUE]):
        yield app


def test_the_app_follows_the_platform_conventions(redis_url: str) -> None:
    app = create_celery_app("conventions", redis_url, queues=("a", "b"))
    conf = app.conf
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_acks_late is True and conf.task_reject_on_worker_lost is True
    assert conf.task_ignore_result is True and conf.worker_prefetch_multiplier == 1
    assert conf.broker_transport_options["visibility_timeout"] == 3600
    assert conf.task_default_queue == "a"
    with pytest.raises(ValueError, match="at least one queue"):
        create_celery_app("none", redis_url, queues=())


def test_a_real_worker_runs_a_task(celery_app: Celery) -> None:
    key = uuid.uuid4().hex
    celery_app.tasks["kit.test.record"].apply_async(args=[key])
    assert key in SEEN.wait_for(1)


def test_infrastructure_errors_are_retried(celery_app: Celery) -> None:
    key = uuid.uuid4().hex
    SEEN.failures_left[key] = 2
    before = len(SEEN.calls)
    celery_app.tasks["kit.test.flaky"].apply_async(args=[key])
    calls = SEEN.wait_for(before + 3)
    assert calls[before:] == [f"{key}:failed", f"{key}:failed", f"{key}:done"]


def test_async_code_shares_one_loop_per_process(celery_app: Celery) -> None:
    first, second = uuid.uuid4().hex, uuid.uuid4().hex
    before = len(SEEN.calls)
    for key in (first, second):
        celery_app.tasks["kit.test.loop"].apply_async(args=[key])
    loops = {value for key, value in SEEN.wait_for(before + 2)[before:]}
    assert len(loops) == 1


def test_event_loop_thread_runs_coroutines_and_stops() -> None:
    runner = EventLoopThread()
    cleaned: list[bool] = []

    async def double(value: int) -> int:
        return value * 2

    async def cleanup() -> None:
        cleaned.append(True)

    assert runner.run(double(21)) == 42
    runner.stop(cleanup)
    assert cleaned == [True]
    assert runner.run(double(2)) == 4  # a stopped runner starts a fresh loop on demand
    runner.stop()
