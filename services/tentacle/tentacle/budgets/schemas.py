"""Budget limits and usage as the API shows them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Scope = Literal["organization_day", "task", "agent_type"]


class BudgetLimitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: Scope
    agent_type: str | None = Field(default=None, max_length=63)
    max_cost_usd: float | None = Field(default=None, ge=0)
    max_tokens: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> BudgetLimitCreate:
        if self.max_cost_usd is None and self.max_tokens is None:
            raise ValueError("set max_cost_usd, max_tokens or both")
        if (self.scope == "agent_type") != bool(self.agent_type):
            raise ValueError("agent_type is given exactly when the scope is 'agent_type'")
        return self


class BudgetLimitUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_cost_usd: float | None = Field(default=None, ge=0)
    max_tokens: int | None = Field(default=None, ge=0)


class BudgetLimitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    scope: str
    agent_type: str | None
    max_cost_usd: float | None
    max_tokens: int | None
    created_at: datetime
    updated_at: datetime


class BudgetLimitPage(BaseModel):
    items: list[BudgetLimitRead]


class UsageAmount(BaseModel):
    cost_usd: float
    tokens: int
    max_cost_usd: float | None = None
    max_tokens: int | None = None


class BudgetUsage(BaseModel):
    day: date
    organization_day: UsageAmount
    task: UsageAmount | None = None
