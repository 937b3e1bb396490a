"""Model calls made by executors: budget reservation around the call, errors as step errors."""

from __future__ import annotations

import json
import re
from typing import Any

from fluxkit.llm import ContextOverflow, LLMRequestRejected, LLMResult, LLMUnavailable
from tentacle.executors.base import PermanentStepError, StepContext, StepResult, TransientStepError

Message = dict[str, Any]

_SECTION = re.compile(r"\{\{#([a-zA-Z0-9_.]+)\}\}(.*?)\{\{/\1\}\}", re.DOTALL)
_VARIABLE = re.compile(r"\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}")


def _lookup(values: dict[str, Any], path: str) -> Any:
    current: Any = values
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def render_prompt(template: str, values: dict[str, Any]) -> str:
    """``{{name}}`` is the input's value (JSON unless text); ``{{#name}}...{{/name}}`` is kept
    only when the input is present and not empty."""

    def section(match: re.Match[str]) -> str:
        value = _lookup(values, match.group(1))
        return match.group(2) if value not in (None, "", [], {}, False) else ""

    rendered = _SECTION.sub(section, template)
    return _VARIABLE.sub(lambda match: _text(_lookup(values, match.group(1)) or ""), rendered)


async def call_llm(
    ctx: StepContext,
    result: StepResult,
    messages: list[Message],
    *,
    role: str | None = None,
    response_schema: dict[str, Any] | None = None,
    schema_name: str = "response",
    tools: list[dict[str, Any]] | None = None,
    max_tokens: int | None = None,
    temperature: float = 0.2,
) -> LLMResult:
    """One model call for the step: reserved against the budget first, settled with what it
    really cost, and its usage added to ``result``. Budget refusals propagate unchanged (the
    orchestrator turns them into a budget checkpoint)."""
    role = role or ctx.agent.model_tier
    ceiling = max_tokens or ctx.agent.cost.max_output_tokens
    ctx.check_deadline()
    reservation: Any = None
    if ctx.budget is not None:
        estimate = ctx.llm.estimate(messages, role=role, max_tokens=ceiling)
        reservation = await ctx.budget.reserve(
            organization_id=ctx.organization_id,
            task_id=ctx.task_id,
            step_id=ctx.step_id,
            agent_type=ctx.agent.type,
            cost_usd=estimate.cost_usd,
            tokens=estimate.tokens,
        )
    try:
        answer = await ctx.llm.complete(
            messages,
            role=role,
            response_schema=response_schema,
            schema_name=schema_name,
            tools=tools,
            max_tokens=ceiling,
            temperature=temperature,
            metadata={"task_id": str(ctx.task_id), "step_id": str(ctx.step_id)},
        )
    except BaseException as error:
        if reservation is not None and ctx.budget is not None:
            await ctx.budget.release(reservation)
        mapped = _step_error(error)
        if mapped is error:
            raise
        raise mapped from error
    if reservation is not None and ctx.budget is not None:
        await ctx.budget.settle(
            reservation,
            cost_usd=answer.cost_usd,
            tokens=answer.prompt_tokens + answer.completion_tokens,
            usage_known=answer.usage_known,
        )
    result.add_usage(answer.cost_usd, answer.prompt_tokens, answer.completion_tokens)
    return answer


def _step_error(error: BaseException) -> BaseException:
    if isinstance(error, ContextOverflow):
        return PermanentStepError(
            f"the inputs are too long for the model: {error}", details={"reason": "context"}
        )
    if isinstance(error, LLMUnavailable):
        return TransientStepError(f"the model is unavailable: {error}")
    if isinstance(error, LLMRequestRejected):
        return PermanentStepError(f"the model refused the request: {error}")
    return error
