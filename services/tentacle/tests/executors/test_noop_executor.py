"""The noop agent: echoes, sleeps within its deadline, fails on request."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from executor_kit import context

from tentacle.executors import (
    PermanentStepError,
    TransientStepError,
    get_executor,
)


async def test_noop_echoes_its_inputs(tmp_path: Path) -> None:
    ctx = context("noop", {"value": {"n": [1, 2]}}, tmp_path)
    result = await get_executor(ctx.agent).run(ctx)
    assert result.outputs["echo"] == {"n": [1, 2]}
    assert ctx.agent.output_errors(result.outputs) == []
    assert result.cost_usd == 0


async def test_noop_fails_transiently_until_the_given_attempt(tmp_path: Path) -> None:
    inputs = {"fail": "transient", "fail_attempts": 2, "value": 1}
    for attempt in (0, 1):
        ctx = context("noop", inputs, tmp_path, attempt=attempt)
        with pytest.raises(TransientStepError):
            await get_executor(ctx.agent).run(ctx)
    ctx = context("noop", inputs, tmp_path, attempt=2)
    assert (await get_executor(ctx.agent).run(ctx)).outputs["echo"] == 1


async def test_noop_permanent_failure(tmp_path: Path) -> None:
    ctx = context("noop", {"fail": "permanent"}, tmp_path)
    with pytest.raises(PermanentStepError, match="permanently"):
        await get_executor(ctx.agent).run(ctx)


async def test_noop_sleep_stops_at_the_deadline(tmp_path: Path) -> None:
    ctx = context("noop", {"sleep_ms": 60_000}, tmp_path, seconds=0.2)
    started = time.monotonic()
    with pytest.raises(TransientStepError, match="ran out of time"):
        await get_executor(ctx.agent).run(ctx)
    assert time.monotonic() - started < 2
