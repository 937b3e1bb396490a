from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEvent(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    organization_id: uuid.UUID | None
    actor_user_id: uuid.UUID | None
    actor_kind: str
    action: str
    outcome: str
    ip: str | None
    user_agent: str | None
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]


class AuditEventPage(BaseModel):
    items: list[AuditEvent]
    next_cursor: str | None
    """Pass as ``cursor`` for the next (older) page; null on the last page."""
