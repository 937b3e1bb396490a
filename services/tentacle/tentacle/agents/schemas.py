"""Agent registry API shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tentacle.agents.models import AgentDefinition
from tentacle.agents.spec import AgentSpec, CostHints


class Agent(BaseModel):
    type: str
    version: int
    scope: Literal["system", "organization"]
    source: str
    kind: str
    description: str
    model_tier: str
    risk_level: str
    needs_approval: bool
    tools: list[str]
    timeout_seconds: int
    max_retries: int
    cost: CostHints
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    prompt: str | None
    active: bool
    created_by_user_id: uuid.UUID | None
    created_at: datetime

    @classmethod
    def of(cls, definition: AgentDefinition) -> Agent:
        spec = AgentSpec.model_validate(definition.spec)
        return cls(
            type=spec.type,
            version=definition.version,
            scope="system" if definition.organization_id is None else "organization",
            source=definition.source,
            kind=spec.kind,
            description=spec.description,
            model_tier=spec.model_tier,
            risk_level=spec.risk_level,
            needs_approval=spec.needs_approval,
            tools=list(spec.tools),
            timeout_seconds=spec.timeout_seconds,
            max_retries=spec.max_retries,
            cost=spec.cost,
            input_schema=spec.input_schema,
            output_schema=spec.output_schema,
            prompt=spec.prompt,
            active=definition.active,
            created_by_user_id=definition.created_by_user_id,
            created_at=definition.created_at,
        )


class AgentPage(BaseModel):
    items: list[Agent]


class AgentDraftCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(
        min_length=10, max_length=4000, description="What the new agent should do, in words."
    )
    type: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9_]{1,62}$",
        description="Name it (a new version when the organization already has this type).",
    )
