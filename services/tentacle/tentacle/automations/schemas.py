"""Automation API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PlanningMode = Literal["planner", "fixed"]


class AutomationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    cron: str | None = Field(default=None, min_length=1, max_length=120)
    """Five-field cron (or @daily, @hourly...) evaluated in ``timezone``."""
    timezone: str = Field(default="UTC", min_length=1, max_length=64)
    run_at: datetime | None = None
    """Run once at this instant (instead of a cron schedule); needs a time zone offset."""
    goal: str = Field(min_length=1, max_length=20_000)
    """The task's goal; a template that may use ``now``, ``scheduled_for``, ``automation``."""
    planning_mode: PlanningMode = "planner"
    plan: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _one_schedule(self) -> AutomationCreate:
        if (self.cron is None) == (self.run_at is None):
            raise ValueError("give either a cron expression or run_at, not both")
        if self.run_at is not None and self.run_at.tzinfo is None:
            raise ValueError("run_at needs a time zone offset (e.g. 2026-11-23T09:00:00+01:00)")
        if self.planning_mode == "fixed" and self.plan is None:
            raise ValueError("planning_mode 'fixed' needs a plan")
        if self.planning_mode == "planner" and self.plan is not None:
            raise ValueError("a plan is given: set planning_mode to 'fixed'")
        return self


class AutomationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    cron: str | None = Field(default=None, min_length=1, max_length=120)
    timezone: str | None = Field(default=None, min_length=1, max_length=64)
    run_at: datetime | None = None
    goal: str | None = Field(default=None, min_length=1, max_length=20_000)
    planning_mode: PlanningMode | None = None
    plan: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _aware(self) -> AutomationUpdate:
        if self.cron is not None and self.run_at is not None:
            raise ValueError("give either a cron expression or run_at, not both")
        if self.run_at is not None and self.run_at.tzinfo is None:
            raise ValueError("run_at needs a time zone offset")
        return self


class AutomationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    user_id: uuid.UUID
    name: str
    description: str
    cron: str | None
    timezone: str
    run_at: datetime | None
    goal: str
    planning_mode: str
    plan: dict[str, Any] | None
    status: str
    next_run_at: datetime | None
    """When it runs next (None while paused or once finished)."""
    last_run_at: datetime | None
    conversation_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class AutomationPage(BaseModel):
    items: list[AutomationRead]


class AutomationRunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    automation_id: uuid.UUID
    scheduled_for: datetime
    kind: str
    missed: int
    task_id: uuid.UUID | None
    status: str
    reason: str | None
    created_at: datetime


class AutomationRunPage(BaseModel):
    items: list[AutomationRunRead]
