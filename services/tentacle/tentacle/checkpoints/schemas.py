"""Checkpoint schemas: the read model and the three decision bodies."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class CheckpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    task_id: uuid.UUID
    step_id: uuid.UUID | None
    kind: str
    """approval, input, modify, select or budget."""
    status: str
    risk_kind: str
    reason: str
    explicit: bool
    agent_type: str | None
    preview: dict[str, Any]
    questions: list[dict[str, Any]]
    alternatives: list[dict[str, Any]]
    input_schema: dict[str, Any] | None
    expires_at: datetime | None
    expiry_outcome: str
    resolution: dict[str, Any]
    resolved_at: datetime | None
    resolved_by_user_id: uuid.UUID | None
    resolved_via: str | None
    preference_id: uuid.UUID | None
    created_at: datetime


class CheckpointPage(BaseModel):
    items: list[CheckpointRead]


class CheckpointApprove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remember: bool = True
    """False: this decision does not teach the preference for its pattern."""


class CheckpointReject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    remember: bool = True


class CheckpointResolve(BaseModel):
    """Answers (input), edited inputs (modify) or a choice (select)."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] | None = None
    modified_inputs: dict[str, Any] | None = None
    choice: str | None = Field(default=None, max_length=100)
    remember: bool = True
