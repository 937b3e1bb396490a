from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

# ``*``, ``<resource>:*`` or ``<resource>:<action>`` (lowercase words, ``-`` and ``_`` allowed).
SCOPE_PATTERN = re.compile(r"^(\*|[a-z][a-z0-9_-]{0,48}:(\*|[a-z][a-z0-9_-]{0,48}))$")


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    scopes: list[str] = Field(min_length=1, max_length=50)
    expires_at: datetime | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be blank")
        return value.strip()

    @field_validator("scopes")
    @classmethod
    def _valid_scopes(cls, value: list[str]) -> list[str]:
        for scope in value:
            if not SCOPE_PATTERN.match(scope):
                raise ValueError(
                    f"invalid scope {scope!r}: use '*', '<resource>:*' or '<resource>:<action>'"
                )
        return sorted(set(value))

    @field_validator("expires_at")
    @classmethod
    def _future_expiry(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value <= datetime.now(UTC):
            raise ValueError("expires_at must be in the future")
        return value


class ApiKey(BaseModel):
    """An API key as listed: never its secret or hash."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_by: uuid.UUID
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKey):
    key: str = Field(description="The full key. It is shown only in this response.")


class ApiKeyIntrospect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=200)
