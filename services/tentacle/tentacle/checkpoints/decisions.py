"""Deciding a checkpoint (approve, reject, resolve, expire) and applying it to the plan.

Each decision first moves the checkpoint out of ``pending`` with a conditional UPDATE (one winner,
the others 409), then changes the step (inputs, approval, failure) and the task, learns from the
person's decision, and enqueues the orchestrator cycle after commit.
"""

from __future__ import annotations

import uuid
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.db import utcnow
from fluxkit.errors import BadRequest, Forbidden, NotFound
from tentacle.checkpoints.lifecycle import (
    PENDING,
    CheckpointAlreadyResolved,
    transition_checkpoint,
)
from tentacle.checkpoints.models import Checkpoint
from tentacle.checkpoints.service import checkpoint_payload, pending_count
from tentacle.events.outbox import emit
from tentacle.preferences import service as preferences
from tentacle.tasks.models import Step, StepStatus, Task, TaskStatus

DECIDER_ROLES = frozenset({"owner", "admin"})
"""Besides the task's owner, organisation owners and admins may decide."""


class InvalidResolution(BadRequest):
    """The answers, modified inputs or choice do not fit the checkpoint."""


def _require_read_scope(principal: Principal) -> None:
    if principal.kind == "api_key" and not principal.has_scope("checkpoints:read"):
        raise Forbidden("this API key lacks the scope 'checkpoints:read'")


def _may_see(principal: Principal, checkpoint: Checkpoint) -> bool:
    if principal.organization_id != checkpoint.organization_id:
        return False
    return principal.user_id == checkpoint.user_id or bool(principal.roles & DECIDER_ROLES)


def require_decider(principal: Principal, checkpoint: Checkpoint) -> uuid.UUID:
    """The deciding user's id; another org's or another person's checkpoint is a 404."""
    if not _may_see(principal, checkpoint):
        raise NotFound("no such checkpoint")
    if principal.kind == "api_key" and not principal.has_scope("checkpoints:write"):
        raise Forbidden("this API key lacks the scope 'checkpoints:write'")
    if principal.roles and "viewer" in principal.roles and not principal.roles & DECIDER_ROLES:
        raise Forbidden("viewers cannot decide checkpoints")
    return principal.require_user()


async def get_visible(
    session: AsyncSession, principal: Principal, checkpoint_id: uuid.UUID
) -> Checkpoint:
    _require_read_scope(principal)
    checkpoint = await session.get(Checkpoint, checkpoint_id)
    if checkpoint is None or not _may_see(principal, checkpoint):
        raise NotFound("no such checkpoint")
    return checkpoint


HISTORY_LIMIT = 200


async def list_pending(
    session: AsyncSession,
    principal: Principal,
    *,
    task_id: uuid.UUID | None = None,
    status: str | None = PENDING,
) -> list[Checkpoint]:
    """The caller's checkpoints in ``status`` (pending by default; None: any), oldest first;
    decided ones are the newest :data:`HISTORY_LIMIT`."""
    _require_read_scope(principal)
    query = select(Checkpoint).where(
        Checkpoint.organization_id == principal.require_organization(),
        Checkpoint.user_id == principal.require_user(),
    )
    if status is not None:
        query = query.where(Checkpoint.status == status)
    if task_id is not None:
        query = query.where(Checkpoint.task_id == task_id)
    if status == PENDING:
        return list((await session.execute(query.order_by(Checkpoint.created_at))).scalars())
    newest = query.order_by(Checkpoint.created_at.desc()).limit(HISTORY_LIMIT)
    return list(reversed((await session.execute(newest)).scalars().all()))


async def _lock_task(session: AsyncSession, task_id: uuid.UUID) -> Task:
    """Lock order everywhere: task, then checkpoint, then step (the orchestrator cycle and task
    cancellation take the task first too, so a decision never deadlocks with them)."""
    await session.flush()  # reloading must not overwrite changes not yet written
    return (
        await session.execute(
            select(Task)
            .where(Task.id == task_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one()


async def _lock_step(session: AsyncSession, step_id: uuid.UUID | None) -> Step | None:
    if step_id is None:
        return None
    await session.flush()
    return (
        await session.execute(
            select(Step)
            .where(Step.id == step_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


def _validate(checkpoint: Checkpoint, outcome: str, resolution: dict[str, Any]) -> None:
    if outcome != "approve" or checkpoint.kind in ("approval", "budget"):
        return
    if checkpoint.kind == "input":
        answers = resolution.get("answers")
        if not isinstance(answers, dict):
            raise InvalidResolution("this checkpoint asks questions: send 'answers'")
        missing = [
            question["id"]
            for question in checkpoint.questions
            if question.get("required", True) and answers.get(question["id"]) in (None, "")
        ]
        if missing:
            raise InvalidResolution(f"unanswered questions: {', '.join(missing)}")
    elif checkpoint.kind == "modify":
        if not isinstance(resolution.get("modified_inputs"), dict):
            raise InvalidResolution("this checkpoint edits inputs: send 'modified_inputs'")
    elif checkpoint.kind == "select":
        ids = [alternative["id"] for alternative in checkpoint.alternatives]
        if resolution.get("choice") not in ids:
            raise InvalidResolution(f"choose one of: {', '.join(ids)}")


def _new_inputs(checkpoint: Checkpoint, step: Step, resolution: dict[str, Any]) -> dict[str, Any]:
    if checkpoint.kind == "input":
        return {**step.inputs, **resolution["answers"]}
    if checkpoint.kind == "modify":
        return dict(resolution["modified_inputs"])
    if checkpoint.kind == "select":
        chosen = next(a for a in checkpoint.alternatives if a["id"] == resolution["choice"])
        return (
            {**step.inputs, **chosen.get("inputs", {})}
            if chosen.get("inputs")
            else {
                **step.inputs,
                "choice": chosen["id"],
            }
        )
    return step.inputs


async def _apply(
    session: AsyncSession,
    checkpoint: Checkpoint,
    task: Task,
    step: Step | None,
    outcome: str,
    resolution: dict[str, Any],
    agent_errors: list[str] | None = None,
) -> None:
    from tentacle.orchestrator.enqueue import enqueue_cycle
    from tentacle.steps.lifecycle import transition_step
    from tentacle.tasks.lifecycle import transition_task

    if step is not None and step.status == StepStatus.WAITING:
        if outcome == "approve":
            step.inputs = _new_inputs(checkpoint, step, resolution)
            if checkpoint.kind in ("input", "modify", "select"):
                step.resolved_inputs = None
            step.approved = True
            await transition_step(session, step, StepStatus.PENDING, task=task)
        elif outcome == "cancel":
            await transition_step(session, step, StepStatus.CANCELLED, task=task)
        else:
            reason = resolution.get("reason") or "rejected"
            step.error = f"checkpoint {checkpoint.status}: {reason}"
            await transition_step(session, step, StepStatus.FAILED, task=task, error=step.error)
    if outcome == "cancel":
        if task.status not in (TaskStatus.CANCELLED, TaskStatus.COMPLETED, TaskStatus.FAILED):
            await transition_task(
                session, task, TaskStatus.CANCELLED, reason="a checkpoint expired unanswered"
            )
    elif await pending_count(session, task.id) == 0:
        if task.status == TaskStatus.CHECKPOINT:
            await transition_task(
                session, task, TaskStatus.EXECUTING, reason=f"checkpoint {checkpoint.status}"
            )
        elif task.status == TaskStatus.PAUSED and task.paused_from == TaskStatus.CHECKPOINT:
            task.paused_from = TaskStatus.EXECUTING  # nothing left to wait for once resumed
    await emit(
        session,
        "checkpoint.resolved",
        organization_id=task.organization_id,
        user_id=task.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload=checkpoint_payload(checkpoint),
    )
    await enqueue_cycle(session, task.id)


async def _learn(
    session: AsyncSession, checkpoint: Checkpoint, decision: str, remember: bool
) -> None:
    if not remember or checkpoint.pattern is None or checkpoint.agent_type is None:
        return
    await preferences.record_decision(
        session,
        organization_id=checkpoint.organization_id,
        user_id=checkpoint.user_id,
        pattern=checkpoint.pattern,
        agent_type=checkpoint.agent_type,
        risk_kind=checkpoint.risk_kind,
        features=checkpoint.features,
        decision=decision,
        checkpoint_id=checkpoint.id,
        now=checkpoint.resolved_at,
    )


async def decide(
    session: AsyncSession,
    principal: Principal,
    checkpoint_id: uuid.UUID,
    *,
    outcome: str,
    resolution: dict[str, Any],
    remember: bool = True,
) -> Checkpoint:
    """Approve (``outcome="approve"``, with answers/inputs/choice) or reject, exactly once."""
    checkpoint = await get_visible(session, principal, checkpoint_id)
    user_id = require_decider(principal, checkpoint)
    _validate(checkpoint, outcome, resolution)
    if outcome == "approve" and checkpoint.kind == "modify":
        _check_modified_inputs(checkpoint, resolution["modified_inputs"])
    if outcome == "approve":
        status = "approved" if checkpoint.kind in ("approval", "budget") else "resolved"
    else:
        status = "rejected"
    task = await _lock_task(session, checkpoint.task_id)
    await transition_checkpoint(
        session,
        checkpoint,
        status,
        via="user",
        resolved_by_user_id=user_id,
        resolution={"outcome": outcome, **resolution},
    )
    step = await _lock_step(session, checkpoint.step_id)
    await _apply(session, checkpoint, task, step, outcome, resolution)
    await _learn(session, checkpoint, "approved" if outcome == "approve" else "rejected", remember)
    return checkpoint


def _check_modified_inputs(checkpoint: Checkpoint, modified: dict[str, Any]) -> None:
    """Edited inputs must still fit the agent's input schema (kept on the checkpoint)."""
    if not checkpoint.input_schema:
        return
    validator = Draft202012Validator(checkpoint.input_schema)
    errors = [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(modified)
    ]
    if errors:
        raise InvalidResolution("modified inputs do not fit the agent: " + "; ".join(errors[:5]))


async def expire_due(session: AsyncSession, *, limit: int = 100) -> int:
    """Apply the configured outcome to pending checkpoints past their expiry; returns how many.

    A checkpoint decided meanwhile (by a person, or by a concurrent timer run) is left alone:
    the conditional transition lets exactly one of them win.
    """
    now = utcnow()
    due = (
        await session.execute(
            select(Checkpoint.id, Checkpoint.task_id)
            .where(
                Checkpoint.status == PENDING,
                Checkpoint.expires_at.is_not(None),
                Checkpoint.expires_at <= now,
            )
            .order_by(Checkpoint.expires_at)
            .limit(limit)
        )
    ).all()
    expired = 0
    for checkpoint_id, task_id in due:
        task = await _lock_task(session, task_id)
        checkpoint = await session.get(Checkpoint, checkpoint_id, populate_existing=True)
        if checkpoint is None or checkpoint.status != PENDING:
            continue
        outcome = checkpoint.expiry_outcome
        if outcome == "approve" and checkpoint.kind not in ("approval", "budget"):
            outcome = "reject"  # nobody answered the questions: nothing to run with
        try:
            await transition_checkpoint(
                session,
                checkpoint,
                "expired",
                via="expiry",
                resolution={"outcome": outcome, "reason": "expired unanswered"},
                now=now,
            )
        except CheckpointAlreadyResolved:
            continue
        step = await _lock_step(session, checkpoint.step_id)
        await _apply(session, checkpoint, task, step, outcome, {"reason": "expired unanswered"})
        expired += 1
    return expired


async def cancel_open_checkpoints(session: AsyncSession, task_id: uuid.UUID) -> int:
    """Close a task's pending checkpoints when the task is cancelled or superseded."""
    pending = (
        (
            await session.execute(
                select(Checkpoint).where(
                    Checkpoint.task_id == task_id, Checkpoint.status == PENDING
                )
            )
        )
        .scalars()
        .all()
    )
    for checkpoint in pending:
        await transition_checkpoint(
            session, checkpoint, "cancelled", via="task", resolution={"outcome": "cancel"}
        )
    return len(pending)


__all__ = [
    "InvalidResolution",
    "cancel_open_checkpoints",
    "decide",
    "expire_due",
    "get_visible",
    "list_pending",
]
