"""Shared bench plumbing: real Postgres and Valkey (given by env, else embedded) and timing."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def servers() -> Iterator[tuple[str, str]]:
    """(admin database URL, Redis URL): FLUXOS_TEST_* env when set, else embedded servers."""
    database = os.environ.get("FLUXOS_TEST_DATABASE_URL")
    redis = os.environ.get("FLUXOS_TEST_REDIS_URL")
    started: list[Any] = []
    try:
        if not database or not redis:
            from fluxos.embedded import EmbeddedPostgres, EmbeddedValkey

            if not database:
                postgres = EmbeddedPostgres(None, None, ephemeral=True)
                postgres.start()
                started.append(postgres)
                database = postgres.url("postgres")
            if not redis:
                valkey = EmbeddedValkey(None, None, ephemeral=True)
                valkey.start()
                started.append(valkey)
                redis = valkey.url(0)
        # The base URL without a database index: benchmarks pick their own.
        yield database, redis.rsplit("/", 1)[0] if redis.count("/") > 2 else redis
    finally:
        for server in reversed(started):
            server.stop()


def pin_to_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        core = sorted(os.sched_getaffinity(0))[0]
        os.sched_setaffinity(0, {core})
        return core
    return None


def summary_ms(samples_ns: list[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "median_ms": round(statistics.median(ordered) / 1e6, 4),
        "p99_ms": round(p99 / 1e6, 4),
        "samples": len(ordered),
    }


async def measure(
    operation: Callable[[], Awaitable[object]], iterations: int, warmup: int = 200
) -> dict[str, float]:
    for _ in range(warmup):
        await operation()
    samples: list[int] = []
    for _ in range(iterations):
        started = time.perf_counter_ns()
        await operation()
        samples.append(time.perf_counter_ns() - started)
    return summary_ms(samples)
