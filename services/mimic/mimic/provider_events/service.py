"""Applying provider events: each event once, to the notification it names, within its scope."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import NotFound
from mimic.notifications import lifecycle
from mimic.notifications.lifecycle import Status
from mimic.notifications.models import Notification
from mimic.provider_events.models import ProviderEvent
from mimic.provider_events.parsing import Report
from mimic.providers.models import ProviderConfig
from mimic.providers.service import PLATFORM_WEBHOOK_ID, WEBHOOK_PURPOSE
from mimic.secrets import keyring_for, unseal
from mimic.settings import MimicSettings
from mimic.suppressions.service import suppress

_TARGETS = {
    "delivered": Status.DELIVERED,
    "bounced": Status.BOUNCED,
    "complained": Status.COMPLAINED,
    "failed": Status.FAILED,
}


@dataclass(frozen=True)
class WebhookScope:
    provider: str
    webhook_id: str
    organization_id: uuid.UUID | None
    """None for the platform's own provider, whose notifications span organizations."""
    credentials: dict[str, str]


async def resolve_scope(
    session: AsyncSession, settings: MimicSettings, provider: str, webhook_id: str
) -> WebhookScope:
    if webhook_id == PLATFORM_WEBHOOK_ID:
        credentials = {
            "postmark": {
                "username": settings.postmark_webhook_username,
                "password": settings.postmark_webhook_password.get_secret_value(),
            },
            "resend": {"signing_secret": settings.resend_webhook_secret.get_secret_value()},
        }[provider]
        return WebhookScope(provider, webhook_id, None, credentials)
    config = await session.scalar(
        select(ProviderConfig).where(
            ProviderConfig.webhook_id == webhook_id, ProviderConfig.provider == provider
        )
    )
    if config is None:
        raise NotFound("unknown provider-event endpoint")
    credentials = unseal(
        keyring_for(settings), config.organization_id, WEBHOOK_PURPOSE, config.webhook_ciphertext
    )
    return WebhookScope(provider, webhook_id, config.organization_id, credentials)


async def _find(session: AsyncSession, scope: WebhookScope, report: Report) -> Notification | None:
    query = select(Notification).with_for_update()
    if scope.organization_id is None:
        query = query.where(Notification.provider_config_id.is_(None))
    else:
        query = query.where(Notification.organization_id == scope.organization_id)
    if report.notification_id is not None:
        found = await session.scalar(query.where(Notification.id == report.notification_id))
        if found is not None:
            return found
    if report.provider_message_id:
        return await session.scalar(
            query.where(
                Notification.provider == scope.provider,
                Notification.provider_message_id == report.provider_message_id,
            ).limit(1)
        )
    return None


async def apply(
    session: AsyncSession, scope: WebhookScope, report: Report
) -> Literal["applied", "unmatched", "duplicate"]:
    """Returns ``duplicate``, ``unmatched`` or ``applied``."""
    inserted = await session.scalar(
        insert(ProviderEvent)
        .values(
            id=uuid.uuid4(),
            provider=scope.provider,
            webhook_id=scope.webhook_id,
            event_key=report.event_key[:255],
            event_type=report.event_type[:64],
            organization_id=scope.organization_id,
            outcome="received",
            payload={},
        )
        .on_conflict_do_nothing(index_elements=["provider", "webhook_id", "event_key"])
        .returning(ProviderEvent.id)
    )
    if inserted is None:
        return "duplicate"
    notification = await _find(session, scope, report)
    organization_id = notification.organization_id if notification else scope.organization_id
    data = {**report.data, "provider": scope.provider, "provider_event": report.event_type}
    if notification is not None:
        target = _TARGETS.get(report.outcome)
        if target is None:
            lifecycle.record(
                session,
                notification,
                str(report.data.get("note") or report.event_type)[:32],
                detail=report.detail,
                data=data,
                occurred_at=report.occurred_at,
            )
        else:
            lifecycle.transition_if_allowed(
                session,
                notification,
                target,
                detail=report.detail,
                data=data,
                occurred_at=report.occurred_at,
            )
    if report.suppress and organization_id is not None:
        for address in report.recipients:
            await suppress(
                session,
                organization_id,
                address,
                reason=report.suppress,
                detail=report.detail,
                notification_id=notification.id if notification else None,
                provider=scope.provider,
            )
    outcome: Literal["applied", "unmatched"] = (
        "applied" if notification is not None else "unmatched"
    )
    event = await session.get(ProviderEvent, inserted)
    assert event is not None
    event.outcome = outcome
    event.organization_id = organization_id
    event.notification_id = notification.id if notification else None
    event.payload = {
        "type": report.event_type,
        "outcome": report.outcome,
        "recipients": report.recipients,
        "provider_message_id": report.provider_message_id,
    }
    await session.flush()
    return outcome
