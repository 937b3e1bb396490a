from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class SuppressionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: EmailStr
    detail: str | None = Field(default=None, max_length=2000)


class SuppressionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    address: str
    reason: Literal["bounced", "complained", "manual"]
    detail: str | None
    notification_id: uuid.UUID | None
    provider: str | None
    created_at: datetime


class SuppressionPage(BaseModel):
    items: list[SuppressionRead]
    next_cursor: str | None = None
