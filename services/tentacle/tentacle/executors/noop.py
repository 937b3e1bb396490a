"""The ``noop`` agent: returns its inputs. Tests and the orchestrator bench run it."""

from __future__ import annotations

import asyncio

from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    StepContext,
    StepResult,
    TransientStepError,
)
from tentacle.executors.registry import register_executor


@register_executor
class NoopExecutor(AgentExecutor):
    kind = "noop"

    async def run(self, ctx: StepContext) -> StepResult:
        inputs = ctx.inputs
        sleep_ms = inputs.get("sleep_ms") or 0
        if sleep_ms:
            await asyncio.sleep(min(float(sleep_ms) / 1000, ctx.remaining()))
            ctx.check_deadline()
        failure = inputs.get("fail")
        if failure == "permanent":
            raise PermanentStepError("noop was told to fail permanently")
        if failure == "transient":
            limit = inputs.get("fail_attempts")
            if limit is None or ctx.attempt < int(limit):
                raise TransientStepError(f"noop was told to fail (attempt {ctx.attempt})")
        return StepResult(outputs={"echo": inputs.get("value"), "inputs": dict(inputs)})
