"""The one checkpoint state machine: nothing else writes ``checkpoints.status``.

A checkpoint is created ``pending`` (or directly ``auto_approved`` when a learned preference
decides) and leaves ``pending`` exactly once. The move is a conditional UPDATE (``WHERE status =
'pending'``), so of two concurrent decisions one wins and the other gets
:class:`CheckpointAlreadyResolved` (409), whatever the isolation level.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import Conflict
from tentacle.checkpoints.models import Checkpoint

PENDING = "pending"
TERMINAL_STATUSES: frozenset[str] = frozenset(
    {"approved", "rejected", "resolved", "expired", "cancelled", "auto_approved"}
)
TRANSITIONS: dict[str, frozenset[str]] = {
    PENDING: TERMINAL_STATUSES - {"auto_approved"},
    **{status: frozenset() for status in TERMINAL_STATUSES},
}
"""``auto_approved`` is only ever a starting state (a preference decided before anyone waited)."""

INITIAL_STATUSES: frozenset[str] = frozenset({PENDING, "auto_approved"})


class CheckpointAlreadyResolved(Conflict):
    """Someone (or the expiry timer) decided this checkpoint first."""


class InvalidCheckpointTransition(Conflict):
    pass


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


async def transition_checkpoint(
    session: AsyncSession,
    checkpoint: Checkpoint,
    to_status: str,
    *,
    via: str,
    resolved_by_user_id: uuid.UUID | None = None,
    resolution: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """Move a pending checkpoint to ``to_status`` once; a lost race raises 409."""
    if not can_transition(PENDING, to_status):
        raise InvalidCheckpointTransition(f"a checkpoint cannot become {to_status!r}")
    decided_at = now or utcnow()
    values: dict[str, Any] = {
        "status": to_status,
        "resolved_at": decided_at,
        "resolved_via": via,
        "resolved_by_user_id": resolved_by_user_id,
        "resolution": resolution or {},
        "updated_at": decided_at,
    }
    result = await session.execute(
        update(Checkpoint)
        .where(Checkpoint.id == checkpoint.id, Checkpoint.status == PENDING)
        .values(**values)
        .returning(Checkpoint.id)
        .execution_options(synchronize_session=False)
    )
    if result.scalar_one_or_none() is None:
        await session.refresh(checkpoint)
        raise CheckpointAlreadyResolved(
            f"this checkpoint is already {checkpoint.status}", extra={"status": checkpoint.status}
        )
    for name, value in values.items():
        setattr(checkpoint, name, value)
