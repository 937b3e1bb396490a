"""Checkpoints: the gate before a step runs, creation, and applying a decision to the plan.

``gate_step`` is called by the orchestrator before it dispatches a step; it returns a pending
checkpoint (the step waits, the task shows CHECKPOINT) or None (run now: no risk, already
approved, or auto-approved by a learned preference, which is recorded as an ``auto_approved``
checkpoint). A decision is applied once (see :mod:`tentacle.checkpoints.lifecycle`) and then the
orchestrator cycle is enqueued after commit to carry on.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from tentacle.agents.spec import AgentSpec
from tentacle.checkpoints.lifecycle import PENDING
from tentacle.checkpoints.models import Checkpoint
from tentacle.checkpoints.policy import (
    GateRequirement,
    RiskPolicy,
    assess_risk,
    build_preview,
    estimate_cost,
)
from tentacle.events.outbox import emit
from tentacle.preferences import service as preferences
from tentacle.preferences.patterns import input_features, pattern_key
from tentacle.tasks.models import Step, StepStatus, Task, TaskStatus


def configured_policy() -> RiskPolicy:
    """The policy of the process's settings (the worker's or the API's)."""
    from tentacle.runtime import current_settings

    return RiskPolicy.from_settings(current_settings())


def checkpoint_payload(checkpoint: Checkpoint) -> dict[str, Any]:
    """What events carry: enough for the inbox to render and act on the checkpoint."""
    return {
        "checkpoint_id": str(checkpoint.id),
        "task_id": str(checkpoint.task_id),
        "step_id": str(checkpoint.step_id) if checkpoint.step_id else None,
        "kind": checkpoint.kind,
        "status": checkpoint.status,
        "reason": checkpoint.reason,
        "explicit": checkpoint.explicit,
        "preview": checkpoint.preview,
        "expires_at": checkpoint.expires_at.isoformat() if checkpoint.expires_at else None,
        "resolved_via": checkpoint.resolved_via,
    }


async def _pause_for(session: AsyncSession, task: Task, step: Step | None, reason: str) -> None:
    from tentacle.steps.lifecycle import transition_step
    from tentacle.tasks.lifecycle import transition_task

    if step is not None and step.status != StepStatus.WAITING:
        await transition_step(session, step, StepStatus.WAITING, task=task, reason=reason)
    if task.status != TaskStatus.CHECKPOINT:
        await transition_task(session, task, TaskStatus.CHECKPOINT, reason=reason)


async def create_checkpoint(
    session: AsyncSession,
    *,
    task: Task,
    step: Step | None,
    kind: str,
    preview: dict[str, Any],
    questions: list[dict[str, Any]] | None = None,
    alternatives: list[dict[str, Any]] | None = None,
    reason: str,
    explicit: bool,
    expires_in: float | None,
    risk_kind: str | None = None,
    on_expiry: str = "reject",
    pattern: str | None = None,
    features: dict[str, str] | None = None,
    input_schema: dict[str, Any] | None = None,
) -> Checkpoint:
    """A pending checkpoint; its step waits and its task shows CHECKPOINT until decided.

    Also used for budget checkpoints (``kind="budget"``). A step already waiting at a pending
    checkpoint gets that one back instead of a second.
    """
    if step is not None:
        existing = await pending_for_step(session, step.id)
        if existing is not None:
            return existing
    now = utcnow()
    checkpoint = Checkpoint(
        id=uuid.uuid4(),
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        step_id=step.id if step is not None else None,
        kind=kind,
        status=PENDING,
        risk_kind=risk_kind or kind,
        reason=reason,
        explicit=explicit,
        agent_type=step.agent_type if step is not None else None,
        pattern=pattern,
        features=features or {},
        preview=preview,
        questions=questions or [],
        alternatives=alternatives or [],
        expires_at=now + timedelta(seconds=expires_in) if expires_in else None,
        expiry_outcome=on_expiry,
        input_schema=input_schema,
        resolution={},
    )
    session.add(checkpoint)
    await session.flush()
    await _pause_for(session, task, step, reason)
    await emit(
        session,
        "checkpoint.created",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload=checkpoint_payload(checkpoint),
    )
    return checkpoint


async def pending_for_step(session: AsyncSession, step_id: uuid.UUID) -> Checkpoint | None:
    return (
        await session.execute(
            select(Checkpoint).where(Checkpoint.step_id == step_id, Checkpoint.status == PENDING)
        )
    ).scalar_one_or_none()


async def budget_override_approved(session: AsyncSession, step_id: uuid.UUID) -> bool:
    """True once a person approved a budget checkpoint of this step: the budget guard lets the
    step's next attempt spend past the limit that paused it instead of asking again."""
    found = await session.execute(
        select(Checkpoint.id)
        .where(
            Checkpoint.step_id == step_id,
            Checkpoint.kind == "budget",
            Checkpoint.status == "approved",
        )
        .limit(1)
    )
    return found.scalar_one_or_none() is not None


async def pending_count(session: AsyncSession, task_id: uuid.UUID) -> int:
    return (
        await session.execute(
            select(func.count())
            .select_from(Checkpoint)
            .where(Checkpoint.task_id == task_id, Checkpoint.status == PENDING)
        )
    ).scalar_one()


async def _auto_approve(
    session: AsyncSession,
    *,
    task: Task,
    step: Step,
    requirement: GateRequirement,
    preview: dict[str, Any],
    pattern: str,
    features: dict[str, str],
    preference_id: uuid.UUID,
    now: datetime,
) -> Checkpoint:
    checkpoint = Checkpoint(
        id=uuid.uuid4(),
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        step_id=step.id,
        kind=requirement.kind,
        status="auto_approved",
        risk_kind=requirement.risk_kind,
        reason=requirement.reason,
        explicit=False,
        agent_type=step.agent_type,
        pattern=pattern,
        features=features,
        preview=preview,
        questions=[],
        alternatives=[],
        expires_at=None,
        expiry_outcome=requirement.on_expiry,
        resolution={"outcome": "approve"},
        resolved_at=now,
        resolved_via="preference",
        preference_id=preference_id,
    )
    session.add(checkpoint)
    step.approved = True
    await preferences.record_decision(
        session,
        organization_id=task.organization_id,
        user_id=task.user_id,
        pattern=pattern,
        agent_type=step.agent_type,
        risk_kind=requirement.risk_kind,
        features=features,
        decision="auto_approved",
        checkpoint_id=checkpoint.id,
        now=now,
    )
    await emit(
        session,
        "checkpoint.resolved",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload=checkpoint_payload(checkpoint),
    )
    return checkpoint


async def gate_step(
    session: AsyncSession,
    *,
    task: Task,
    step: Step,
    agent: AgentSpec,
    inputs: dict[str, Any] | None = None,
    policy: RiskPolicy | None = None,
    estimated_cost_usd: float | None = None,
) -> Checkpoint | None:
    """The pending checkpoint ``step`` must wait at, or None when it may run now.

    ``inputs`` are the step's resolved inputs (what the person sees in the preview); the
    orchestrator passes them after resolving references, else the template is shown.
    """
    if step.approved:
        return None
    policy = policy or configured_policy()
    cost = estimate_cost(agent.cost, estimated_cost_usd)
    requirement = assess_risk(
        agent_type=agent.type,
        risk_level=agent.risk_level,
        checkpoint=step.checkpoint,
        estimated_cost_usd=cost,
        policy=policy,
    )
    if requirement is None:
        # Riskless steps (most of them) cost no query: nothing to wait at, nothing to look up.
        return None
    existing = await pending_for_step(session, step.id)
    if existing is not None:
        return existing
    shown_inputs = inputs if inputs is not None else (step.resolved_inputs or step.inputs)
    preview = build_preview(
        agent_type=agent.type,
        description=agent.description,
        inputs=shown_inputs,
        requirement=requirement,
        estimated_cost_usd=cost,
        step_name=step.title or step.key,
    )
    pattern: str | None = None
    features: dict[str, str] = {}
    if requirement.may_auto_approve:
        features = input_features(shown_inputs, agent.config.get("preference_keys"))
        pattern = pattern_key(agent.type, requirement.risk_kind, features)
        now = utcnow()
        preference = await preferences.auto_approving_preference(
            session,
            organization_id=task.organization_id,
            user_id=task.user_id,
            pattern=pattern,
            policy=policy,
            now=now,
        )
        if preference is not None:
            await _auto_approve(
                session,
                task=task,
                step=step,
                requirement=requirement,
                preview=preview,
                pattern=pattern,
                features=features,
                preference_id=preference.id,
                now=now,
            )
            return None
    return await create_checkpoint(
        session,
        task=task,
        step=step,
        kind=requirement.kind,
        preview=preview,
        questions=requirement.questions,
        alternatives=requirement.alternatives,
        reason=requirement.reason,
        explicit=requirement.explicit,
        expires_in=requirement.expires_in_seconds,
        risk_kind=requirement.risk_kind,
        on_expiry=requirement.on_expiry,
        pattern=pattern,
        features=features,
        input_schema=agent.input_schema if requirement.kind == "modify" else None,
    )
