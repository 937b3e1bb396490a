"""/api/v1/checkpoints: the caller's pending decisions, and approve / reject / resolve."""

from __future__ import annotations

import uuid
from typing import Literal

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from tentacle.checkpoints import decisions
from tentacle.checkpoints.schemas import (
    CheckpointApprove,
    CheckpointPage,
    CheckpointRead,
    CheckpointReject,
    CheckpointResolve,
)

CheckpointStatusFilter = Literal[
    "pending", "approved", "rejected", "resolved", "expired", "cancelled", "auto_approved", "any"
]

router = flux_router("/api/v1/checkpoints", tags=["checkpoints"])


@router.get("", response_model=CheckpointPage)
async def list_checkpoints(
    principal: CurrentUser,
    session: SessionDep,
    task_id: uuid.UUID | None = None,
    status: CheckpointStatusFilter = "pending",
) -> CheckpointPage:
    """The caller's checkpoints waiting for a decision (or, with ``status``, decided ones)."""
    pending = await decisions.list_pending(
        session, principal, task_id=task_id, status=None if status == "any" else status
    )
    return CheckpointPage(items=[CheckpointRead.model_validate(item) for item in pending])


@router.get("/{checkpoint_id}", response_model=CheckpointRead)
async def get_checkpoint(
    checkpoint_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> CheckpointRead:
    """One checkpoint with its preview and, once decided, its resolution."""
    checkpoint = await decisions.get_visible(session, principal, checkpoint_id)
    return CheckpointRead.model_validate(checkpoint)


@router.post("/{checkpoint_id}/approve", response_model=CheckpointRead)
async def approve_checkpoint(
    checkpoint_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    body: CheckpointApprove | None = None,
) -> CheckpointRead:
    """Approve: the step runs as previewed (409 when already decided)."""
    checkpoint = await decisions.decide(
        session,
        principal,
        checkpoint_id,
        outcome="approve",
        resolution={},
        remember=body.remember if body else True,
    )
    return CheckpointRead.model_validate(checkpoint)


@router.post("/{checkpoint_id}/reject", response_model=CheckpointRead)
async def reject_checkpoint(
    checkpoint_id: uuid.UUID, body: CheckpointReject, principal: CurrentUser, session: SessionDep
) -> CheckpointRead:
    """Reject with a reason: the step fails with it (409 when already decided)."""
    checkpoint = await decisions.decide(
        session,
        principal,
        checkpoint_id,
        outcome="reject",
        resolution={"reason": body.reason},
        remember=body.remember,
    )
    return CheckpointRead.model_validate(checkpoint)


@router.post("/{checkpoint_id}/resolve", response_model=CheckpointRead)
async def resolve_checkpoint(
    checkpoint_id: uuid.UUID, body: CheckpointResolve, principal: CurrentUser, session: SessionDep
) -> CheckpointRead:
    """Answer questions, edit the inputs or pick an alternative; the step then runs with them."""
    resolution = body.model_dump(exclude_none=True, exclude={"remember"})
    checkpoint = await decisions.decide(
        session,
        principal,
        checkpoint_id,
        outcome="approve",
        resolution=resolution,
        remember=body.remember,
    )
    return CheckpointRead.model_validate(checkpoint)
