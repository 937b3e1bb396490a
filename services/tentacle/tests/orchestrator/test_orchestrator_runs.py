"""Plans run on a real Celery worker: sequences with typed references, parallel groups under a
limit, failure policies, tactical recovery, and redelivered messages that do not run twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from tentacle_testkit import (
    Tokens,
    eventually,
    plan_step,
    start_plan,
    task_events,
    task_state,
    wait_for_status,
)

from tentacle.executors import StepContext, StepResult, register_executor
from tentacle.executors.noop import NoopExecutor
from tentacle.executors.registry import _EXECUTORS
from tentacle.orchestrator.enqueue import STEP_TASK, send
from tentacle.tasks.models import Step


@pytest.fixture
def factory(tentacle_app: FastAPI, worker: None):  # type: ignore[no-untyped-def]
    return tentacle_app.state.session_factory


class CountingNoop(NoopExecutor):
    """The noop agent, counting how many times each step's executor really ran."""

    runs: dict[str, int] = {}

    async def run(self, ctx: StepContext) -> StepResult:
        key = str(ctx.step_id)
        CountingNoop.runs[key] = CountingNoop.runs.get(key, 0) + 1
        return await super().run(ctx)


@pytest.fixture
def counting() -> Iterator[dict[str, int]]:
    original = _EXECUTORS.get("noop")
    CountingNoop.runs = {}
    register_executor(CountingNoop)
    yield CountingNoop.runs
    if original is not None:
        _EXECUTORS["noop"] = original


async def test_a_sequence_runs_in_order_and_keeps_referenced_types(factory, tokens: Tokens):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step("fetch", inputs={"value": [3, 1, 2]}),
            plan_step(
                "sort",
                inputs={"value": "{{steps.fetch.outputs.echo}}", "count": 3},
                depends_on=["fetch"],
            ),
            plan_step(
                "report",
                inputs={
                    "value": "sorted {{ steps.sort.outputs.echo }} of {{steps.fetch.outputs.inputs.value.0}}"
                },
                depends_on=["sort"],
            ),
        ],
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed", task.status_reason
    # The list stayed a list; interpolated text got JSON for non-strings.
    assert steps["sort"].resolved_inputs == {"value": [3, 1, 2], "count": 3}
    assert steps["report"].output["echo"] == "sorted [3, 1, 2] of 3"
    assert steps["fetch"].finished_at <= steps["sort"].started_at
    assert steps["sort"].finished_at <= steps["report"].started_at
    assert task.result == {"report": steps["report"].output}
    types = [event.event_type for event in await task_events(factory, task_id)]
    assert types.count("step.status") >= 9  # queued, running, completed for each step
    assert types[-1] == "task.status" or "task.status" in types


async def test_a_parallel_group_runs_concurrently_up_to_the_task_limit(factory, tokens: Tokens):
    caller = tokens.caller()
    started = time.monotonic()
    task_id = await start_plan(
        factory,
        caller,
        [
            *[
                plan_step(f"p{i}", inputs={"value": i, "sleep_ms": 400}, group="fan")
                for i in range(6)
            ],
            plan_step(
                "join",
                inputs={"values": [f"{{{{steps.p{i}.outputs.echo}}}}" for i in range(6)]},
                depends_on=[f"p{i}" for i in range(6)],
            ),
        ],
        max_parallel=3,
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    elapsed = time.monotonic() - started
    assert task.status == "completed", task.status_reason
    assert steps["join"].resolved_inputs == {"values": [0, 1, 2, 3, 4, 5]}
    intervals = [(steps[f"p{i}"].started_at, steps[f"p{i}"].finished_at) for i in range(6)]
    # Six 0.4 s steps, three at a time: about two rounds, far below six in a row (measured on
    # the steps' own clocks, so a slow test machine's polling does not count).
    span = max(f for _, f in intervals) - min(s for s, _ in intervals)
    assert span.total_seconds() < 6 * 0.4, span
    assert elapsed > 2 * 0.4  # never more than three at once: at least two rounds
    for start, _ in intervals:
        overlapping = sum(1 for s, f in intervals if s <= start < f)
        assert overlapping <= 3
    assert max(sum(1 for s, f in intervals if s <= start < f) for start, _ in intervals) >= 2


async def test_fail_fast_cancels_running_siblings_and_fails_the_task(factory, tokens: Tokens):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step("slow", inputs={"sleep_ms": 3000}, group="g", policy="fail_fast"),
            plan_step(
                "broken",
                inputs={"fail": "permanent", "sleep_ms": 200},
                group="g",
                policy="fail_fast",
            ),
            plan_step("after", depends_on=["slow", "broken"]),
        ],
    )
    task, steps = await wait_for_status(factory, task_id, "failed", "completed", timeout=10)
    assert task.status == "failed"
    assert "broken" in (task.status_reason or "")
    assert steps["broken"].status == "failed"
    assert steps["slow"].status == "cancelled"
    assert steps["after"].status == "cancelled"
    # The cancelled sibling's late result is discarded, not committed.
    await asyncio.sleep(3.2)
    _, steps = await task_state(factory, task_id)
    assert steps["slow"].status == "cancelled" and steps["slow"].output is None


async def test_best_effort_tolerates_a_failure_and_dependents_see_null(factory, tokens: Tokens):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step("ok", inputs={"value": "fine"}, group="g", policy="best_effort"),
            plan_step("bad", inputs={"fail": "permanent"}, group="g", policy="best_effort"),
            plan_step(
                "merge",
                inputs={"a": "{{steps.ok.outputs.echo}}", "b": "{{steps.bad.outputs.echo}}"},
                depends_on=["ok", "bad"],
            ),
        ],
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed", task.status_reason
    assert steps["bad"].status == "failed"
    assert steps["merge"].resolved_inputs == {"a": "fine", "b": None}


async def test_all_or_nothing_stops_the_group_and_fails_the_task(factory, tokens: Tokens):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step("bad", inputs={"fail": "permanent"}, group="g"),
            plan_step("ok", inputs={"sleep_ms": 300}, group="g"),
            plan_step("never", depends_on=["bad", "ok"]),
        ],
    )
    task, steps = await wait_for_status(factory, task_id, "failed", "completed")
    assert task.status == "failed"
    assert steps["never"].status == "cancelled"
    assert steps["never"].started_at is None


async def test_transient_failures_are_retried_with_backoff(factory, tokens: Tokens):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [plan_step("flaky", inputs={"fail": "transient", "fail_attempts": 2}, max_retries=3)],
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed", task.status_reason
    assert steps["flaky"].retry_count == 2
    assert steps["flaky"].attempt == 3
    retries = [e for e in await task_events(factory, task_id) if e.event_type == "recovery.retry"]
    assert [e.payload["retry"] for e in retries] == [1, 2]
    assert all(e.payload["delay_seconds"] > 0 for e in retries)


async def test_retries_exhausted_on_a_non_critical_step_skip_it(factory, tokens: Tokens):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [
            plan_step("optional", inputs={"fail": "transient"}, critical=False, max_retries=1),
            plan_step(
                "main", inputs={"value": "{{steps.optional.outputs.echo}}"}, depends_on=["optional"]
            ),
        ],
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed", task.status_reason
    assert steps["optional"].status == "skipped"
    assert steps["optional"].retry_count == 1
    assert steps["main"].output["echo"] is None
    types = [e.event_type for e in await task_events(factory, task_id)]
    assert "recovery.skip" in types


async def test_a_redelivered_step_does_not_run_twice(factory, tokens: Tokens, counting):
    caller = tokens.caller()
    task_id = await start_plan(
        factory,
        caller,
        [plan_step("once", inputs={"value": 1}), plan_step("twice", depends_on=["once"])],
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed"
    step = steps["once"]
    assert counting[str(step.id)] == 1
    # The broker hands the same message out again (late acks after a lost ack): nothing runs.
    for _ in range(3):
        send(STEP_TASK, step.id)

    async def all_consumed() -> bool:
        from tentacle.worker import celery_app

        with celery_app.connection_for_read() as connection:
            size = connection.default_channel.client.llen("tentacle.steps")
        return size == 0

    await eventually(all_consumed)
    await asyncio.sleep(0.3)
    _, after = await task_state(factory, task_id)
    assert counting[str(step.id)] == 1
    assert after["once"].attempt == 1
    assert after["once"].finished_at == step.finished_at
    assert after["once"].output == step.output


async def test_a_message_for_a_running_step_with_a_live_lease_is_ignored(
    factory, tokens: Tokens, counting
):
    caller = tokens.caller()
    task_id = await start_plan(factory, caller, [plan_step("slow", inputs={"sleep_ms": 1500})])

    async def running() -> Step | None:
        _, steps = await task_state(factory, task_id)
        return steps["slow"] if steps["slow"].status == "running" else None

    step = await eventually(running)
    send(STEP_TASK, step.id)
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed"
    assert counting[str(step.id)] == 1
    assert steps["slow"].attempt == 1


async def test_cycles_do_not_dispatch_a_step_twice(factory, tokens: Tokens, counting):
    """Many cycles racing for one task: the advisory lock lets one dispatch at a time."""
    from tentacle.orchestrator.enqueue import CYCLE_TASK

    caller = tokens.caller()
    task_id = await start_plan(
        factory, caller, [plan_step(f"s{i}", inputs={"sleep_ms": 50}) for i in range(8)]
    )
    for _ in range(20):
        send(CYCLE_TASK, task_id)
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "completed"
    assert all(counting[str(step.id)] == 1 for step in steps.values())
    async with factory() as session:
        attempts = (
            await session.scalars(select(Step.attempt).where(Step.task_id == task_id))
        ).all()
    assert set(attempts) == {1}


async def test_the_reaper_restarts_a_task_whose_cycle_message_was_lost(factory, tokens: Tokens):
    from datetime import timedelta

    from sqlalchemy import update

    from fluxkit.db import unit_of_work, utcnow
    from tentacle.orchestrator.enqueue import REAP_TASK
    from tentacle.tasks.models import Task

    caller = tokens.caller()
    task_id = await start_plan(
        factory, caller, [plan_step("a", inputs={"value": 7})], enqueue=False
    )
    async with unit_of_work(factory) as session:
        await session.execute(
            update(Task)
            .where(Task.id == task_id)
            .values(status="executing", updated_at=utcnow() - timedelta(minutes=5))
        )
    await asyncio.sleep(0.5)
    task, _ = await task_state(factory, task_id)
    assert task.status == "executing"  # nothing moves it on its own
    send(REAP_TASK)
    task, steps = await wait_for_status(factory, task_id, "completed", "failed", timeout=15)
    assert task.status == "completed"
    assert steps["a"].output["echo"] == 7


class SpendThenFail(NoopExecutor):
    """An agent whose paid model call succeeded before the step failed."""

    async def run(self, ctx: StepContext) -> StepResult:
        from tentacle.executors import TransientStepError
        from tentacle.executors.base import charged_on_failure

        spent = StepResult(outputs={})
        with charged_on_failure(spent):
            spent.add_usage(0.25, 100, 40)
            raise TransientStepError(f"provider hiccup after the call (attempt {ctx.attempt})")


@pytest.fixture
def spending() -> Iterator[None]:
    original = _EXECUTORS.get("noop")
    register_executor(SpendThenFail)
    yield
    if original is not None:
        _EXECUTORS["noop"] = original


async def test_what_failed_attempts_spent_counts_on_the_step_and_task(
    factory, tokens: Tokens, spending
):
    caller = tokens.caller()
    task_id = await start_plan(
        factory, caller, [plan_step("costly", inputs={"value": 1}, max_retries=1)]
    )
    task, steps = await wait_for_status(factory, task_id, "completed", "failed")
    assert task.status == "failed"
    # Two attempts (the first and one retry), each paying for its call.
    assert steps["costly"].prompt_tokens == 200
    assert steps["costly"].completion_tokens == 80
    assert steps["costly"].cost_usd == pytest.approx(0.5)
    assert task.prompt_tokens == 200 and task.cost_usd == pytest.approx(0.5)
