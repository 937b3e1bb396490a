"""The generate_image agent, through litellm's image API."""

from __future__ import annotations

import base64
from typing import Any

from fluxkit.llm import LLMRequestRejected, LLMUnavailable
from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    StepContext,
    StepResult,
    TransientStepError,
)
from tentacle.executors.registry import register_executor


@register_executor
class GenerateImageExecutor(AgentExecutor):
    kind = "generate_image"

    async def run(self, ctx: StepContext) -> StepResult:
        count = int(ctx.inputs.get("count") or 1)
        size = str(ctx.inputs.get("size") or "1024x1024")
        reservation: Any = None
        if ctx.budget is not None:
            reservation = await ctx.budget.reserve(
                organization_id=ctx.organization_id,
                task_id=ctx.task_id,
                step_id=ctx.step_id,
                agent_type=ctx.agent.type,
                cost_usd=ctx.agent.cost.estimated_usd * count,
                tokens=0,
            )
        try:
            made = await ctx.llm.image(str(ctx.inputs["prompt"]), size=size, n=count)
        except BaseException as error:
            if reservation is not None and ctx.budget is not None:
                await ctx.budget.release(reservation)
            if isinstance(error, LLMUnavailable):
                raise TransientStepError(f"the image model is unavailable: {error}") from error
            if isinstance(error, LLMRequestRejected):
                raise PermanentStepError(f"the image model refused: {error}") from error
            raise
        # An image whose price is unknown counts at its estimate, never as free.
        cost = made.cost_usd if made.usage_known else ctx.agent.cost.estimated_usd * count
        if reservation is not None and ctx.budget is not None:
            await ctx.budget.settle(
                reservation, cost_usd=cost, tokens=0, usage_known=made.usage_known
            )
        images = [
            {"b64_json": base64.b64encode(item).decode()}
            if isinstance(item, bytes)
            else {"url": item}
            for item in made.images
        ]
        return StepResult(outputs={"images": images}, cost_usd=cost)
