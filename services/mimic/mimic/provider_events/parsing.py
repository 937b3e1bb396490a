"""Provider event payloads, turned into one shape: what happened to which message."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from fluxkit.errors import BadRequest

Outcome = Literal["delivered", "bounced", "complained", "failed", "note"]

POSTMARK_HARD_BOUNCES = frozenset({"HardBounce", "BadEmailAddress", "ManuallyDeactivated"})


@dataclass(frozen=True)
class Report:
    event_key: str
    event_type: str
    outcome: Outcome
    recipients: list[str] = field(default_factory=list)
    notification_id: uuid.UUID | None = None
    provider_message_id: str | None = None
    occurred_at: datetime | None = None
    detail: str | None = None
    suppress: Literal["bounced", "complained"] | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise BadRequest("the event body is not JSON") from exc
    if not isinstance(payload, dict):
        raise BadRequest("the event body is not a JSON object")
    return payload


def parse_postmark(body: bytes) -> Report:
    payload = _object(body)
    record_type = str(payload.get("RecordType") or "")
    if not record_type:
        raise BadRequest("a Postmark event has a RecordType")
    metadata: dict[str, Any] = (
        payload["Metadata"] if isinstance(payload.get("Metadata"), dict) else {}
    )
    message_id = str(payload.get("MessageID") or "") or None
    common: dict[str, Any] = {
        "event_type": f"postmark.{record_type}",
        "notification_id": _uuid(metadata.get("notification_id")),
        "provider_message_id": message_id,
    }
    if record_type == "Delivery":
        recipient = str(payload.get("Recipient") or "")
        return Report(
            event_key=f"Delivery:{message_id}:{recipient}",
            outcome="delivered",
            recipients=[recipient] if recipient else [],
            occurred_at=_time(payload.get("DeliveredAt")),
            detail=payload.get("Details") or None,
            data={"recipient": recipient},
            **common,
        )
    if record_type in ("Bounce", "SpamComplaint"):
        recipient = str(payload.get("Email") or "")
        bounce_type = str(payload.get("Type") or record_type)
        key = f"{record_type}:{payload.get('ID') or _digest(payload)}"
        description = " ".join(
            str(part) for part in (payload.get("Description"), payload.get("Details")) if part
        )
        data = {"recipient": recipient, "bounce_type": bounce_type}
        at = _time(payload.get("BouncedAt"))
        if record_type == "SpamComplaint" or bounce_type == "SpamComplaint":
            return Report(
                event_key=key,
                outcome="complained",
                recipients=[recipient],
                occurred_at=at,
                detail=f"{recipient} marked the email as spam",
                suppress="complained",
                data=data,
                **common,
            )
        if bounce_type in POSTMARK_HARD_BOUNCES or payload.get("Inactive") is True:
            return Report(
                event_key=key,
                outcome="bounced",
                recipients=[recipient],
                occurred_at=at,
                detail=f"{recipient}: {description or bounce_type}",
                suppress="bounced",
                data=data,
                **common,
            )
        return Report(
            event_key=key,
            outcome="note",
            recipients=[recipient],
            occurred_at=at,
            detail=f"{bounce_type} for {recipient}: {description}".strip(),
            data={**data, "note": "soft_bounce"},
            **common,
        )
    received = payload.get("ReceivedAt") or payload.get("ChangedAt") or ""
    recipient = str(payload.get("Recipient") or "")
    return Report(
        event_key=f"{record_type}:{message_id}:{recipient}:{received or _digest(payload)}",
        outcome="note",
        recipients=[recipient] if recipient else [],
        occurred_at=_time(received),
        data={"recipient": recipient, "note": record_type.lower()},
        **common,
    )


def _resend_tags(data: dict[str, Any]) -> dict[str, str]:
    tags = data.get("tags")
    if isinstance(tags, dict):
        return {str(key): str(value) for key, value in tags.items()}
    if isinstance(tags, list):
        return {
            str(tag.get("name")): str(tag.get("value"))
            for tag in tags
            if isinstance(tag, dict) and "name" in tag
        }
    return {}


def parse_resend(body: bytes, event_id: str) -> Report:
    payload = _object(body)
    event_type = str(payload.get("type") or "")
    data: dict[str, Any] = payload["data"] if isinstance(payload.get("data"), dict) else {}
    if not event_type:
        raise BadRequest("a Resend event has a type")
    recipients = [str(address) for address in data.get("to") or [] if address]
    common: dict[str, Any] = {
        "event_key": event_id,
        "event_type": f"resend.{event_type}",
        "recipients": recipients,
        "notification_id": _uuid(_resend_tags(data).get("notification_id")),
        "provider_message_id": str(data.get("email_id") or "") or None,
        "occurred_at": _time(payload.get("created_at")),
    }
    if event_type == "email.delivered":
        return Report(outcome="delivered", **common)
    if event_type == "email.bounced":
        bounce: dict[str, Any] = data["bounce"] if isinstance(data.get("bounce"), dict) else {}
        kind = str(bounce.get("type") or "")
        message = str(bounce.get("message") or kind or "bounced")
        if kind.lower() == "permanent":
            return Report(
                outcome="bounced",
                detail=f"{', '.join(recipients)}: {message}",
                suppress="bounced",
                data={"bounce": bounce},
                **common,
            )
        return Report(
            outcome="note", detail=message, data={"bounce": bounce, "note": "soft_bounce"}, **common
        )
    if event_type == "email.complained":
        return Report(
            outcome="complained",
            detail=f"{', '.join(recipients)} marked the email as spam",
            suppress="complained",
            **common,
        )
    if event_type in ("email.failed", "email.suppressed"):
        failure: dict[str, Any] = data["failed"] if isinstance(data.get("failed"), dict) else {}
        reason = str(failure.get("reason") or event_type.removeprefix("email."))
        return Report(
            outcome="failed", detail=f"Resend: {reason}", data={"failed": failure}, **common
        )
    return Report(outcome="note", data={"note": event_type.removeprefix("email.")}, **common)
