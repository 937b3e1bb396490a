"""Tentacle orchestrator overhead: no-op steps through the real cycle and step runner, beside plain
Celery running the same no-op work on the same broker in the same run.

Real Postgres and Valkey (FLUXOS_TEST_* env, else embedded). Two worker processes (thread pools)
consume Tentacle's queues; then two plain Celery worker processes with the same settings consume a
no-op task. Measured for both:

* a 40-step chain (each step depends on the previous one): wall time and time per step;
* a 40-step fan-out (independent steps of one task): wall time;
* sustained throughput over 5,000 independent steps (100 tasks of 50 steps; plain Celery: 5,000
  tasks), from the first send to the last completion.

Per-step overhead of the chain is Tentacle's chain time per step (a no-op step costs nothing
itself) and, separately, its excess over plain Celery's chained hop. Prints one JSON object on its
last line. Goals: < 15 ms per chained step, >= half of plain Celery's throughput.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from _stack import servers

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

CHAIN = int(os.environ.get("BENCH_CHAIN", "40"))
FAN_OUT = int(os.environ.get("BENCH_FAN_OUT", "40"))
SUSTAINED = int(os.environ.get("BENCH_STEPS", "5000"))
STEPS_PER_TASK = int(os.environ.get("BENCH_STEPS_PER_TASK", "50"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
WORKERS = 2
WORKER_THREADS = int(os.environ.get("BENCH_WORKER_THREADS", "8"))
REDIS_INDEX = 12
PLAIN_QUEUE = "bench.plain"
COUNTER = "bench:plain:done"

# -- plain Celery: the same conventions (late acks, prefetch 1, JSON), a no-op task ----------


def plain_app(broker: str) -> Any:
    import redis

    from fluxkit.celery import create_celery_app

    app = create_celery_app("bench-plain", broker, queues=(PLAIN_QUEUE,))
    client = redis.Redis.from_url(broker)

    @app.task(name="bench.noop", queue=PLAIN_QUEUE, acks_late=True, ignore_result=True)
    def noop(remaining: int = 0, run: str = "") -> None:
        if remaining > 0:
            noop.apply_async(args=[remaining - 1, run], queue=PLAIN_QUEUE)
        else:
            client.incr(f"{COUNTER}:{run}")

    app.bench_noop = noop  # type: ignore[attr-defined]
    return app


def run_plain_worker(broker: str, name: str) -> None:
    app = plain_app(broker)
    app.worker_main(
        [
            "worker",
            "-P",
            "threads",
            "-c",
            str(WORKER_THREADS),
            "-Q",
            PLAIN_QUEUE,
            "-n",
            f"{name}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ]
    )


# -- processes ------------------------------------------------------------------------------


def start_tentacle_workers(env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    from tentacle.manifest import QUEUES

    return [
        subprocess.Popen(
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
                str(WORKER_THREADS),
                "-Q",
                ",".join(QUEUES),
                "-n",
                f"tentacle{index}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for index in range(WORKERS)
    ]


def start_plain_workers(broker: str) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(
            [sys.executable, __file__, "--plain-worker", broker, f"plain{index}"],
            stdout=subprocess.DEVNULL,
        )
        for index in range(WORKERS)
    ]


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# -- Tentacle runs ---------------------------------------------------------------------------


async def create_task(factory: Any, steps: list[dict[str, Any]]) -> uuid.UUID:
    from fluxkit.db import unit_of_work
    from tentacle.tasks.models import PlanVersion, Step, Task

    task_id = uuid.uuid4()
    organization, user = uuid.uuid4(), uuid.uuid4()
    async with unit_of_work(factory) as session:
        session.add(
            Task(
                id=task_id,
                organization_id=organization,
                user_id=user,
                goal="bench",
                constraints={},
                budget={},
                status="ready",
                current_version=1,
                max_parallel=64,
            )
        )
        await session.flush()
        version = PlanVersion(
            id=uuid.uuid4(), task_id=task_id, organization_id=organization, version=1
        )
        session.add(version)
        await session.flush()
        for position, spec in enumerate(steps):
            session.add(
                Step(
                    id=uuid.uuid4(),
                    task_id=task_id,
                    plan_version_id=version.id,
                    organization_id=organization,
                    position=position,
                    agent_type="noop",
                    declared_outputs=["echo", "inputs"],
                    **spec,
                )
            )
    return task_id


def chain_steps(count: int) -> list[dict[str, Any]]:
    return [
        {
            "key": f"s{i}",
            "inputs": {"value": i if i == 0 else f"{{{{steps.s{i - 1}.outputs.echo}}}}"},
            "depends_on": [] if i == 0 else [f"s{i - 1}"],
        }
        for i in range(count)
    ]


def fan_steps(count: int) -> list[dict[str, Any]]:
    return [{"key": f"s{i}", "inputs": {"value": i}, "parallel_group": "fan"} for i in range(count)]


async def wait_finished(factory: Any, task_ids: list[uuid.UUID], timeout: float = 600) -> float:
    from sqlalchemy import func, select

    from tentacle.tasks.models import Task

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async with factory() as session:
            done = await session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.id.in_(task_ids), Task.status.in_(("completed", "failed")))
            )
        if done == len(task_ids):
            return time.perf_counter()
        await asyncio.sleep(0.005)
    raise TimeoutError("tasks did not finish")


async def run_tasks(factory: Any, plans: list[list[dict[str, Any]]]) -> float:
    from tentacle.orchestrator.enqueue import CYCLE_TASK, send
    from tentacle.tasks.models import Task

    task_ids = [await create_task(factory, steps) for steps in plans]
    started = time.perf_counter()
    for task_id in task_ids:
        send(CYCLE_TASK, task_id)
    finished = await wait_finished(factory, task_ids)
    async with factory() as session:
        for task_id in task_ids:
            task = await session.get(Task, task_id)
            assert task is not None and task.status == "completed", (task_id, task and task.status)
    return finished - started


async def tentacle_measurements(factory: Any) -> dict[str, Any]:
    await run_tasks(factory, [chain_steps(5)])  # warm up connections, caches, imports
    chain = [await run_tasks(factory, [chain_steps(CHAIN)]) for _ in range(REPEATS)]
    fan = [await run_tasks(factory, [fan_steps(FAN_OUT)]) for _ in range(REPEATS)]
    tasks = max(1, SUSTAINED // STEPS_PER_TASK)
    sustained = await run_tasks(factory, [fan_steps(STEPS_PER_TASK) for _ in range(tasks)])
    return {
        "chain_wall_s": round(statistics.median(chain), 4),
        "chain_ms_per_step": round(statistics.median(chain) / CHAIN * 1000, 3),
        "fan_out_wall_s": round(statistics.median(fan), 4),
        "sustained_steps": tasks * STEPS_PER_TASK,
        "sustained_wall_s": round(sustained, 3),
        "sustained_steps_per_s": round(tasks * STEPS_PER_TASK / sustained, 1),
    }


# -- plain Celery runs -----------------------------------------------------------------------


async def plain_measurements(broker: str) -> dict[str, Any]:
    import redis

    app = plain_app(broker)
    client = redis.Redis.from_url(broker)

    async def run(sends: list[int], expected: int) -> float:
        run_id = uuid.uuid4().hex
        started = time.perf_counter()
        for remaining in sends:
            app.bench_noop.apply_async(args=[remaining, run_id], queue=PLAIN_QUEUE)
        while True:
            if int(client.get(f"{COUNTER}:{run_id}") or 0) >= expected:
                return time.perf_counter() - started
            await asyncio.sleep(0.001)

    await run([5], 1)
    chain = [await run([CHAIN - 1], 1) for _ in range(REPEATS)]
    fan = [await run([0] * FAN_OUT, FAN_OUT) for _ in range(REPEATS)]
    sustained = await run([0] * SUSTAINED, SUSTAINED)
    return {
        "chain_wall_s": round(statistics.median(chain), 4),
        "chain_ms_per_step": round(statistics.median(chain) / CHAIN * 1000, 3),
        "fan_out_wall_s": round(statistics.median(fan), 4),
        "sustained_steps": SUSTAINED,
        "sustained_wall_s": round(sustained, 3),
        "sustained_steps_per_s": round(SUSTAINED / sustained, 1),
    }


# -- main ------------------------------------------------------------------------------------


async def main() -> dict[str, Any]:

    from fluxkit.db import create_engine, create_session_factory
    from fluxkit.testing import recreate_database

    with servers() as (admin_url, redis_base):
        database = await recreate_database(admin_url, "bench_tentacle")
        # Import here: tentacle's settings are read from env at import.
        broker = f"{redis_base}/{REDIS_INDEX}"
        os.environ.update(
            {
                "TENTACLE_DATABASE_URL": database,
                "TENTACLE_REDIS_URL": broker,
                "TENTACLE_ENVIRONMENT": "test",
                "TENTACLE_KEYRING": "bench:" + "A" * 43,
                "TENTACLE_LOG_JSON": "false",
                "TENTACLE_LOG_LEVEL": "WARNING",
            }
        )
        from fluxkit.migrations import upgrade
        from tentacle.manifest import MANIFEST

        await asyncio.to_thread(upgrade, MANIFEST.migrations, database)

        import redis

        redis.Redis.from_url(broker).flushdb()

        from tentacle import runtime
        from tentacle.settings import TentacleSettings

        runtime.configure(TentacleSettings())
        engine = create_engine(database, pool_size=5)
        factory = create_session_factory(engine)
        env = dict(os.environ)
        workers = start_tentacle_workers(env)
        try:
            await asyncio.sleep(3)
            tentacle = await tentacle_measurements(factory)
        finally:
            stop(workers)
            await engine.dispose()

        plain_workers = start_plain_workers(broker)
        try:
            await asyncio.sleep(3)
            plain = await plain_measurements(broker)
        finally:
            stop(plain_workers)

    overhead = tentacle["chain_ms_per_step"] - plain["chain_ms_per_step"]
    ratio = tentacle["sustained_steps_per_s"] / plain["sustained_steps_per_s"]
    return {
        "bench": "tentacle.orchestrator",
        "workers": WORKERS,
        "worker_threads": WORKER_THREADS,
        "tentacle": tentacle,
        "plain_celery": plain,
        "per_step_overhead_ms": tentacle["chain_ms_per_step"],
        "overhead_over_plain_celery_ms": round(overhead, 3),
        "throughput_vs_plain_celery": round(ratio, 3),
        "goals": {
            "overhead_under_15ms": tentacle["chain_ms_per_step"] < 15,
            "throughput_at_least_half": ratio >= 0.5,
        },
    }


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--plain-worker":
        run_plain_worker(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(asyncio.run(main())))
