"""Trigger API shapes: the trigger (create, update, read), inbound events, history rows."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ResponseTypeName = Literal["discord_followup", "slack_message", "webhook", "none"]
PlanningMode = Literal["planner", "fixed"]


class ResponseConfig(BaseModel):
    """Where and how the answer goes; everything is optional and defaults to the event's own
    reply context (the Discord interaction, the Slack thread) and its integration."""

    model_config = ConfigDict(extra="forbid")

    integration_id: uuid.UUID | None = None
    """Answer through this integration (e.g. a Slack one for a GitHub event)."""
    channel: str | None = Field(default=None, max_length=200)
    """Slack channel id (default: the event's channel)."""
    template: str | None = Field(default=None, max_length=20_000)
    """The message: a template over ``result``, ``task`` and ``event`` (default: the result)."""
    params: dict[str, Any] = Field(default_factory=dict)
    """Extra action parameters passed to Mimic as they are."""


class TriggerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    integration_id: uuid.UUID | None = None
    """Events of this integration; omit for events of a type from any non-integration source."""
    event_pattern: str = Field(min_length=1, max_length=200)
    filter: dict[str, Any] = Field(default_factory=dict)
    goal_template: str = Field(min_length=1, max_length=20_000)
    planning_mode: PlanningMode = "planner"
    plan: dict[str, Any] | None = None
    """The fixed plan document (``summary`` and ``steps``), required with ``planning_mode=fixed``."""
    response_type: ResponseTypeName = "none"
    response_config: ResponseConfig = Field(default_factory=ResponseConfig)
    enabled: bool = True

    @model_validator(mode="after")
    def _plan_matches_mode(self) -> TriggerCreate:
        if self.planning_mode == "fixed" and self.plan is None:
            raise ValueError("planning_mode 'fixed' needs a plan")
        if self.planning_mode == "planner" and self.plan is not None:
            raise ValueError("a plan is given: set planning_mode to 'fixed'")
        return self


class TriggerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    event_pattern: str | None = Field(default=None, min_length=1, max_length=200)
    filter: dict[str, Any] | None = None
    goal_template: str | None = Field(default=None, min_length=1, max_length=20_000)
    planning_mode: PlanningMode | None = None
    plan: dict[str, Any] | None = None
    response_type: ResponseTypeName | None = None
    response_config: ResponseConfig | None = None


class TriggerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    user_id: uuid.UUID
    name: str
    description: str
    enabled: bool
    integration_id: uuid.UUID | None
    provider: str | None
    event_pattern: str
    filter: dict[str, Any]
    goal_template: str
    planning_mode: str
    plan: dict[str, Any] | None
    response_type: str
    response_config: dict[str, Any]
    conversation_id: uuid.UUID | None
    events_matched: int = 0
    last_fired_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class TriggerPage(BaseModel):
    items: list[TriggerRead]


class EventIn(BaseModel):
    """An event for the triggers: relayed by Mimic from a verified webhook, or posted directly."""

    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    type: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:/\-]+$")
    integration_id: uuid.UUID | None = None
    provider: str | None = Field(default=None, max_length=40)
    delivery_id: str | None = Field(default=None, max_length=200)
    received_at: datetime | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    reply: dict[str, Any] = Field(default_factory=dict)


class EventAccepted(BaseModel):
    id: uuid.UUID
    duplicate: bool = False
    matched: int = 0
    task_ids: list[uuid.UUID] = Field(default_factory=list)


class HistoryItem(BaseModel):
    run_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    delivery_id: str | None
    received_at: datetime
    matched: bool
    reason: str
    status: str
    task_id: uuid.UUID | None
    task_status: str | None
    goal: str | None
    outcome: str | None
    response_status: str
    response_attempts: int
    response_error: str | None
    responded_at: datetime | None
    created_at: datetime


class TriggerHistory(BaseModel):
    trigger_id: uuid.UUID
    events_matched: int
    items: list[HistoryItem]
