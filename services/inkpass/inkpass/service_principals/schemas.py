from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ServiceCredentialCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9-]{1,59}$")


class ServiceCredential(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    organization_id: uuid.UUID | None
    token_prefix: str
    created_at: datetime
    revoked_at: datetime | None


class ServiceCredentialCreated(ServiceCredential):
    token: str
    """The credential itself, shown only in this answer."""


class ServiceTokenIntrospect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(max_length=200)
    on_behalf_of: str | None = Field(default=None, max_length=100)


class ServiceTokenIntrospection(BaseModel):
    active: bool
    """The token is a live service credential."""
    allowed: bool = False
    """It may act as asked (for the named user, when one is named)."""
    detail: str = ""
    service: str | None = None
    principal: dict[str, Any] | None = None
