"""Queries for integrations, their inbound events, rejections and outbound actions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mimic.integrations.models import InboundEvent, InboundRejection, Integration, OutboundAction


async def get_integration(
    session: AsyncSession, organization_id: uuid.UUID, integration_id: uuid.UUID
) -> Integration | None:
    return await session.scalar(
        select(Integration).where(
            Integration.id == integration_id, Integration.organization_id == organization_id
        )
    )


@dataclass(frozen=True)
class HookTarget:
    """What the inbound path reads of an integration (a plain row, no ORM object)."""

    id: uuid.UUID
    organization_id: uuid.UUID
    provider: str
    name: str
    enabled: bool
    config: dict[str, Any]
    credentials_ciphertext: str


_HOOK_TARGET = select(
    Integration.id,
    Integration.organization_id,
    Integration.provider,
    Integration.name,
    Integration.enabled,
    Integration.config,
    Integration.credentials_ciphertext,
).where(Integration.id == bindparam("integration_id"))


async def hook_target(session: AsyncSession, integration_id: uuid.UUID) -> HookTarget | None:
    row = (await session.execute(_HOOK_TARGET, {"integration_id": integration_id})).first()
    return HookTarget(*row) if row is not None else None


async def list_integrations(session: AsyncSession, organization_id: uuid.UUID) -> list[Integration]:
    rows = await session.scalars(
        select(Integration)
        .where(Integration.organization_id == organization_id)
        .order_by(Integration.created_at, Integration.id)
    )
    return list(rows)


# Built once: the hot path only binds parameters (no per-request statement construction).
_INSERT_EVENT = (
    insert(InboundEvent)
    .on_conflict_do_nothing(index_elements=["integration_id", "delivery_key"])
    .returning(InboundEvent.id)
)


async def insert_event(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """Store an inbound event; ``None`` when this delivery was stored before (a redelivery)."""
    return (await session.execute(_INSERT_EVENT, values)).scalar_one_or_none()


async def event_for_delivery(
    session: AsyncSession, integration_id: uuid.UUID, delivery_key: str
) -> InboundEvent | None:
    return await session.scalar(
        select(InboundEvent).where(
            InboundEvent.integration_id == integration_id,
            InboundEvent.delivery_key == delivery_key,
        )
    )


async def recent_events(
    session: AsyncSession, integration_id: uuid.UUID, limit: int
) -> list[InboundEvent]:
    rows = await session.scalars(
        select(InboundEvent)
        .where(InboundEvent.integration_id == integration_id)
        .order_by(InboundEvent.received_at.desc(), InboundEvent.id.desc())
        .limit(limit)
    )
    return list(rows)


async def recent_rejections(
    session: AsyncSession, integration_id: uuid.UUID, limit: int
) -> list[InboundRejection]:
    rows = await session.scalars(
        select(InboundRejection)
        .where(InboundRejection.integration_id == integration_id)
        .order_by(InboundRejection.created_at.desc(), InboundRejection.id.desc())
        .limit(limit)
    )
    return list(rows)


async def get_action(
    session: AsyncSession,
    organization_id: uuid.UUID,
    integration_id: uuid.UUID,
    action_id: uuid.UUID,
) -> OutboundAction | None:
    return await session.scalar(
        select(OutboundAction).where(
            OutboundAction.id == action_id,
            OutboundAction.integration_id == integration_id,
            OutboundAction.organization_id == organization_id,
        )
    )


async def action_for_key(
    session: AsyncSession, integration_id: uuid.UUID, key: str
) -> OutboundAction | None:
    return await session.scalar(
        select(OutboundAction).where(
            OutboundAction.integration_id == integration_id,
            OutboundAction.idempotency_key == key,
        )
    )


async def insert_action(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """A new action; ``None`` when a concurrent request took the idempotency key first."""
    statement = (
        insert(OutboundAction)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["integration_id", "idempotency_key"])
        .returning(OutboundAction.id)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def due_event_ids(
    session: AsyncSession, now: datetime, grace: timedelta, limit: int
) -> list[uuid.UUID]:
    """Pending events whose relay message was lost (overdue by more than ``grace``)."""
    overdue = now - grace
    rows = await session.scalars(
        select(InboundEvent.id)
        .where(
            InboundEvent.relay_status == "pending",
            or_(
                InboundEvent.next_relay_at <= overdue,
                and_(InboundEvent.next_relay_at.is_(None), InboundEvent.received_at <= overdue),
            ),
        )
        .order_by(InboundEvent.received_at)
        .limit(limit)
    )
    return list(rows)


async def due_action_ids(
    session: AsyncSession, now: datetime, grace: timedelta, lease: timedelta, limit: int
) -> list[uuid.UUID]:
    """Queued actions whose message was lost, and sends abandoned by a dead worker."""
    overdue = now - grace
    rows = await session.scalars(
        select(OutboundAction.id)
        .where(
            or_(
                and_(
                    OutboundAction.status == "queued",
                    or_(
                        OutboundAction.next_attempt_at <= overdue,
                        and_(
                            OutboundAction.next_attempt_at.is_(None),
                            OutboundAction.created_at <= overdue,
                        ),
                    ),
                ),
                and_(
                    OutboundAction.status == "sending",
                    OutboundAction.sending_started_at <= now - lease,
                ),
            )
        )
        .order_by(OutboundAction.created_at)
        .limit(limit)
    )
    return list(rows)
