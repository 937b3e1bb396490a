"""Policy, request and decision models (validated when written, not when evaluated)."""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from fluxkit.auth.principal import Principal, PrincipalKind

Effect = Literal["permit", "forbid"]
Operator = Literal["eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "exists"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OPERATORS = frozenset(get_args(Operator))

_NAME = r"[a-z0-9][a-z0-9_.\-]*"
ACTION_PATTERN = re.compile(rf"^(\*|{_NAME}:(\*|{_NAME})|\*:{_NAME})$")
ACTION = re.compile(rf"^{_NAME}(:{_NAME})?$")
REF_PATTERN = re.compile(r"^(principal|resource|context)(\.[A-Za-z0-9_\-]+)+$")
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_value(operator: str, value: Any) -> None:
    if isinstance(value, Mapping):
        if set(value) != {"ref"} or not isinstance(value["ref"], str):
            raise ValueError('an object value must be a reference: {"ref": "principal.user_id"}')
        if not REF_PATTERN.match(value["ref"]):
            raise ValueError(
                f"bad reference {value['ref']!r}: use principal.*, resource.*, context.*"
            )
        if operator == "exists":
            raise ValueError("exists takes true or false, not a reference")
        return
    if operator == "exists" and not isinstance(value, bool):
        raise ValueError("exists takes true or false")
    if operator in ("in", "not_in") and not isinstance(value, list):
        raise ValueError(f"{operator} takes a list")
    if operator in ("gt", "gte", "lt", "lte") and not isinstance(value, int | float | str):
        raise ValueError(f"{operator} takes a number or a string")


def _validate_conditions(conditions: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for attribute, operators in conditions.items():
        if not ATTRIBUTE_NAME.match(attribute):
            raise ValueError(f"bad attribute name {attribute!r}")
        if not operators:
            raise ValueError(f"condition on {attribute!r} names no operator")
        for operator, value in operators.items():
            if operator not in OPERATORS:
                raise ValueError(
                    f"unknown operator {operator!r} (use {', '.join(sorted(OPERATORS))})"
                )
            _check_value(operator, value)
    return conditions


Conditions = Annotated[dict[str, dict[str, Any]], AfterValidator(_validate_conditions)]
"""``{"attribute": {"operator": value, ...}, ...}``; all must hold."""


class PrincipalMatch(_Strict):
    """Who a policy applies to; empty lists match everyone. Roles and groups match any-of."""

    roles: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    attributes: Conditions = Field(default_factory=dict)


class TimeWindow(_Strict):
    """Days and an ``HH:MM`` range (end exclusive) in a time zone; start > end spans midnight."""

    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1)
    start: str = "00:00"
    end: str = "00:00"
    timezone: str = "UTC"
    outside: bool = False
    """Match when the time is outside the window instead (e.g. forbid after hours)."""

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not HHMM.match(value):
            raise ValueError("use HH:MM (24-hour)")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


def _validate_networks(values: list[str]) -> list[str]:
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ValueError(f"not an IP network: {value!r}") from exc
    return values


Networks = Annotated[list[str], AfterValidator(_validate_networks)]


class ContextConditions(_Strict):
    time_window: TimeWindow | None = None
    source_ips: Networks = Field(default_factory=list)
    """The request must come from one of these networks (CIDRs)."""
    not_source_ips: Networks = Field(default_factory=list)
    """The request must not come from any of these networks."""


def _validate_actions(values: list[str]) -> list[str]:
    for value in values:
        if not ACTION_PATTERN.match(value):
            raise ValueError(
                f"bad action pattern {value!r}: use 'tasks:approve', 'tasks:*', '*:read' or '*'"
            )
    return values


ActionPatterns = Annotated[
    list[str], AfterValidator(_validate_actions), Field(min_length=1, max_length=100)
]
ResourceTypePattern = Annotated[str, Field(pattern=r"^(\*|[a-z0-9][a-z0-9_.\-]*)$")]


class PolicyRules(_Strict):
    """What a policy says, without identity: the part an organization writes."""

    effect: Effect
    principal: PrincipalMatch = Field(default_factory=PrincipalMatch)
    actions: ActionPatterns
    resource_type: ResourceTypePattern = "*"
    resource: Conditions = Field(default_factory=dict)
    context: ContextConditions = Field(default_factory=ContextConditions)
    priority: int = Field(default=0, ge=-10_000, le=10_000)


class Policy(PolicyRules):
    id: str
    organization_id: uuid.UUID | None = None
    name: str = Field(min_length=1, max_length=200)
    description: str = ""


class AccessPrincipal(_Strict):
    kind: PrincipalKind = "user"
    user_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    roles: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    attributes: dict[str, Any] = Field(default_factory=dict)
    scopes: frozenset[str] = frozenset({"*"})
    service: str | None = None

    @classmethod
    def of(cls, principal: Principal) -> AccessPrincipal:
        return cls(
            kind=principal.kind,
            user_id=principal.user_id,
            organization_id=principal.organization_id,
            roles=principal.roles,
            groups=principal.groups,
            attributes=dict(principal.attributes),
            scopes=principal.scopes,
            service=principal.service,
        )

    def has_scope(self, action: str) -> bool:
        if "*" in self.scopes or action in self.scopes:
            return True
        resource, _, _ = action.partition(":")
        return f"{resource}:*" in self.scopes


class AccessContext(_Strict):
    ip: str | None = None
    time: datetime | None = None
    """Defaults to now; naive datetimes are taken as UTC."""

    @field_validator("ip")
    @classmethod
    def _ip(cls, value: str | None) -> str | None:
        if value is not None:
            ipaddress.ip_address(value)
        return value


class AccessRequest(_Strict):
    principal: AccessPrincipal
    action: str = Field(pattern=ACTION.pattern)
    """``approve`` (qualified by resource_type) or ``tasks:approve``."""
    resource_type: str = Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$")
    resource: dict[str, Any] = Field(default_factory=dict)
    context: AccessContext = Field(default_factory=AccessContext)

    @property
    def qualified_action(self) -> str:
        return self.action if ":" in self.action else f"{self.resource_type}:{self.action}"


class Decision(BaseModel):
    allowed: bool
    effect: Effect | None
    """The effect of the deciding policy; None for the default deny and for API-key scopes."""
    reason: str
    policy_id: str | None = None
