from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TokenPair(BaseModel):
    """What a successful sign-in returns: a 30-minute access token and a rotating refresh token."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    organization_id: uuid.UUID | None
    user_id: uuid.UUID


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=4096)


class Session(BaseModel):
    id: uuid.UUID
    organization_id: uuid.UUID | None
    authentication_methods: list[str]
    ip: str | None
    user_agent: str | None
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    current: bool = Field(description="True for the session making this request.")


class SessionsRevoked(BaseModel):
    revoked: int
