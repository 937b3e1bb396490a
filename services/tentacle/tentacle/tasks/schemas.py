"""Task API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TaskBudget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_cost_usd: float | None = Field(default=None, ge=0)
    max_tokens: int | None = Field(default=None, ge=0)


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal: str = Field(min_length=1, max_length=20_000)
    constraints: dict[str, Any] = Field(default_factory=dict)
    budget: TaskBudget | None = None
    conversation_id: uuid.UUID | None = None
    max_parallel: int | None = Field(default=None, ge=1, le=64)


class StepView(BaseModel):
    id: uuid.UUID
    key: str
    title: str
    agent_type: str
    status: str
    inputs: dict[str, Any]
    resolved_inputs: dict[str, Any] | None
    declared_outputs: list[str]
    depends_on: list[str]
    parallel_group: str | None
    failure_policy: str
    checkpoint: dict[str, Any] | None
    critical: bool
    retry_count: int
    max_retries: int
    attempt: int
    output: dict[str, Any] | None
    error: str | None
    started_at: datetime | None
    finished_at: datetime | None
    cost_usd: float
    prompt_tokens: int
    completion_tokens: int

    model_config = ConfigDict(from_attributes=True)


class PlanVersionView(BaseModel):
    version: int
    status: str
    summary: str
    diagnosis: str | None
    created_at: datetime

    model_config = ConfigDict(from_attributes=True)


class Progress(BaseModel):
    total: int = 0
    completed: int = 0
    running: int = 0
    waiting: int = 0
    failed: int = 0
    skipped: int = 0
    cancelled: int = 0
    pending: int = 0
    percent: float = 0.0


class TaskSummary(BaseModel):
    id: uuid.UUID
    organization_id: uuid.UUID
    user_id: uuid.UUID
    conversation_id: uuid.UUID | None
    goal: str
    status: str
    status_reason: str | None
    fast_path: bool
    current_version: int
    cost_usd: float
    prompt_tokens: int
    completion_tokens: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    model_config = ConfigDict(from_attributes=True)


class TaskView(TaskSummary):
    constraints: dict[str, Any]
    budget: dict[str, Any]
    replan_count: int
    result: dict[str, Any] | None
    progress: Progress
    steps: list[StepView]
    versions: list[PlanVersionView]


class TaskList(BaseModel):
    items: list[TaskSummary]
