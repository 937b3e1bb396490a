"""One budgeted model call outside a step (planning helpers, agent drafting, chat).

Reserve the call's ceiling first (``BudgetExceeded`` means no call is made), settle with what
the provider reported afterwards, release when the call failed before using anything.
"""

from __future__ import annotations

import uuid
from typing import Any

from fluxkit.llm import LLMClient, LLMResult
from tentacle.budgets.guard import BudgetGuard


async def budgeted_complete(
    llm: LLMClient,
    budget: BudgetGuard | None,
    messages: list[dict[str, Any]],
    *,
    organization_id: uuid.UUID,
    task_id: uuid.UUID | None,
    agent_type: str,
    role: str,
    max_tokens: int | None = None,
    **options: Any,
) -> LLMResult:
    reservation = None
    if budget is not None:
        estimate = llm.estimate(messages, role=role, max_tokens=max_tokens)
        reservation = await budget.reserve(
            organization_id=organization_id,
            task_id=task_id,
            step_id=None,
            agent_type=agent_type,
            cost_usd=estimate.cost_usd,
            tokens=estimate.tokens,
        )
    try:
        answer = await llm.complete(messages, role=role, max_tokens=max_tokens, **options)
    except BaseException:
        if reservation is not None and budget is not None:
            await budget.release(reservation)
        raise
    if reservation is not None and budget is not None:
        await budget.settle(
            reservation,
            cost_usd=answer.cost_usd,
            tokens=answer.total_tokens,
            usage_known=answer.usage_known,
        )
    return answer
