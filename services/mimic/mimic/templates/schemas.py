from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mimic.templates.rendering import VariableSpec

KEY_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,99}$"


class TemplateContent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str = Field(min_length=1, max_length=2000)
    text_body: str | None = Field(default=None, max_length=200_000)
    html_body: str | None = Field(default=None, max_length=200_000)
    variables: dict[str, VariableSpec] = Field(
        default_factory=dict, description="Every variable the template may use, by name."
    )


class TemplateCreate(TemplateContent):
    key: str = Field(pattern=KEY_PATTERN, description="How notifications name this template.")
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)


class TemplateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)


class TemplateVersionCreate(TemplateContent):
    pass


class TemplateVersionRead(BaseModel):
    version: int
    subject: str
    text_body: str | None
    html_body: str | None
    variables: dict[str, VariableSpec]
    created_by: str | None = None
    created_at: datetime | None = None


class TemplateRead(BaseModel):
    id: uuid.UUID
    key: str
    name: str
    description: str | None
    channel: str
    system: bool
    current_version: int
    content: TemplateVersionRead
    created_at: datetime | None = None
    updated_at: datetime | None = None


class TemplateSummary(BaseModel):
    id: uuid.UUID
    key: str
    name: str
    description: str | None
    system: bool
    current_version: int
    overrides_system: bool = False


class TemplatePreviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variables: dict[str, Any] = Field(default_factory=dict)
    version: int | None = Field(default=None, ge=1)


class DraftPreviewRequest(TemplateContent):
    sample_variables: dict[str, Any] = Field(default_factory=dict)


class RenderedTemplate(BaseModel):
    subject: str
    text_body: str | None
    html_body: str | None
