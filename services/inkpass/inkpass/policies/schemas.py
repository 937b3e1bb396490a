from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, IPvAnyAddress

from fluxkit import abac


class PolicyCreate(abac.PolicyRules):
    """A new organization policy (see ``fluxkit.abac`` for the rule language)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    enabled: bool = True


class PolicyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    enabled: bool | None = None
    effect: abac.Effect | None = None
    principal: abac.PrincipalMatch | None = None
    actions: abac.ActionPatterns | None = None
    resource_type: abac.ResourceTypePattern | None = None
    resource: abac.Conditions | None = None
    context: abac.ContextConditions | None = None
    priority: int | None = Field(default=None, ge=-10_000, le=10_000)


class Policy(BaseModel):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    description: str
    enabled: bool
    effect: abac.Effect
    principal: dict[str, Any]
    actions: list[str]
    resource_type: str
    resource: dict[str, Any]
    context: dict[str, Any]
    priority: int
    created_at: datetime
    updated_at: datetime


class RoleTemplate(BaseModel):
    role: str
    policies: list[abac.Policy]


class EffectivePolicies(BaseModel):
    """An organization's enabled policies, for other services' policy caches."""

    organization_id: uuid.UUID
    policies: list[abac.Policy]


class AuthorizeContext(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ip: IPvAnyAddress | None = None
    """Defaults to the request's client address."""
    time: datetime | None = None
    """Defaults to now."""


class AuthorizeQuery(BaseModel):
    """May the caller (or the user a service acts for) do ``action`` on this resource?"""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*(:[a-z0-9][a-z0-9_.\-]*)?$", max_length=200)
    """``approve`` (qualified by the resource type) or ``tasks:approve``."""
    resource_type: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    resource: dict[str, Any] = Field(default_factory=dict)
    context: AuthorizeContext = Field(default_factory=AuthorizeContext)


class AuthorizeBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requests: list[AuthorizeQuery] = Field(min_length=1, max_length=100)


class Decisions(BaseModel):
    decisions: list[abac.Decision]
