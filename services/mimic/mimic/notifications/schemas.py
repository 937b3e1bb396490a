from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

MetadataValue = str | int | float | bool | None


class NotificationCreate(BaseModel):
    """Either ``subject`` with ``text`` and/or ``html``, or a ``template`` with ``variables``."""

    model_config = ConfigDict(extra="forbid")

    channel: Literal["email"] = Field(
        default="email", description="Delivery channel (email today; SMS and push later)."
    )
    to: list[str] = Field(min_length=1, max_length=100, description="Recipient addresses.")
    subject: str | None = Field(default=None, max_length=998)
    text: str | None = Field(default=None, max_length=500_000)
    html: str | None = Field(default=None, max_length=1_000_000)
    template: str | None = Field(
        default=None, max_length=100, description="A template key (yours or a system one)."
    )
    template_version: int | None = Field(default=None, ge=1)
    variables: dict[str, Any] = Field(default_factory=dict)
    reply_to: EmailStr | None = None
    metadata: dict[str, MetadataValue] = Field(default_factory=dict)

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("metadata")
    @classmethod
    def _small_metadata(cls, value: dict[str, MetadataValue]) -> dict[str, MetadataValue]:
        if len(value) > 50:
            raise ValueError("at most 50 metadata keys")
        for key, item in value.items():
            if not 0 < len(key) <= 100:
                raise ValueError("metadata keys are 1 to 100 characters")
            if isinstance(item, str) and len(item) > 1000:
                raise ValueError(f"metadata value of {key!r} is longer than 1000 characters")
        return value

    @model_validator(mode="after")
    def _content_or_template(self) -> NotificationCreate:
        if self.template:
            if self.subject or self.text or self.html:
                raise ValueError("give either a template or subject/text/html, not both")
        else:
            if self.template_version is not None or self.variables:
                raise ValueError("template_version and variables need a template")
            if not self.subject or not (self.text or self.html):
                raise ValueError("give a subject and a text or HTML body, or a template")
        return self


class NotificationEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    type: str
    status: str
    detail: str | None
    data: dict[str, Any]
    occurred_at: datetime


class NotificationRead(BaseModel):
    id: uuid.UUID
    channel: str
    status: str
    to: list[str]
    subject: str
    text: str | None
    html: str | None
    template: str | None
    template_version: int | None
    reply_to: str | None
    metadata: dict[str, Any]
    provider: str | None
    provider_message_id: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    events: list[NotificationEventRead] | None = Field(
        default=None, description="The delivery timeline (on single reads)."
    )


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    next_cursor: str | None = None
