"""Policies compiled once into plain checks, then evaluated per request in microseconds."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from typing import Any
from zoneinfo import ZoneInfo

from fluxkit.abac._models import WEEKDAYS, AccessRequest, Decision, Policy, TimeWindow
from fluxkit.abac._templates import role_template_policies

_MISSING: Any = object()


class _Env:
    """The request's attributes, built lazily once per evaluation for reference lookups."""

    __slots__ = ("_context", "_principal", "request")

    def __init__(self, request: AccessRequest) -> None:
        self.request = request
        self._principal: dict[str, Any] | None = None
        self._context: dict[str, Any] | None = None

    def principal(self) -> dict[str, Any]:
        if self._principal is None:
            p = self.request.principal
            self._principal = {
                **p.attributes,
                "attributes": p.attributes,
                "kind": p.kind,
                "user_id": p.user_id,
                "organization_id": p.organization_id,
                "roles": sorted(p.roles),
                "groups": sorted(p.groups),
                "service": p.service,
            }
        return self._principal

    def context(self) -> dict[str, Any]:
        if self._context is None:
            self._context = {"ip": self.request.context.ip, "time": self.now().isoformat()}
        return self._context

    def now(self) -> datetime:
        moment = self.request.context.time or datetime.now(UTC)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def root(self, name: str) -> Mapping[str, Any]:
        if name == "principal":
            return self.principal()
        if name == "resource":
            return self.request.resource
        return self.context()


def _lookup(root: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = root
    for part in path:
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return _MISSING if value is None else value


def _norm(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_norm(item) for item in value]
    return value


def _compare(operator: str, actual: Any, expected: Any) -> bool:
    if operator == "exists":
        return (actual is not _MISSING) is expected
    if actual is _MISSING or expected is _MISSING:
        return False
    actual = _norm(actual)
    if operator == "eq":
        return bool(actual == expected)
    if operator == "ne":
        return bool(actual != expected)
    if operator == "in":
        return isinstance(expected, list) and actual in expected
    if operator == "not_in":
        return isinstance(expected, list) and actual not in expected
    if operator == "contains":
        if isinstance(actual, list):
            return expected in actual
        return isinstance(actual, str) and isinstance(expected, str) and expected in actual
    numeric = (int, float)
    same_kind = (isinstance(actual, numeric) and isinstance(expected, numeric)) or (
        isinstance(actual, str) and isinstance(expected, str)
    )
    if not same_kind or isinstance(actual, bool) or isinstance(expected, bool):
        return False
    if operator == "gt":
        return bool(actual > expected)
    if operator == "gte":
        return bool(actual >= expected)
    if operator == "lt":
        return bool(actual < expected)
    return bool(actual <= expected)


Check = Callable[[_Env], bool]


def _compile_value(value: Any) -> Callable[[_Env], Any]:
    if isinstance(value, Mapping):
        root, *path = str(value["ref"]).split(".")
        return lambda env: _norm(_lookup(env.root(root), path))
    literal = _norm(value)
    return lambda env: literal


def _compile_conditions(root: str, conditions: Mapping[str, Mapping[str, Any]]) -> list[Check]:
    checks: list[Check] = []
    for attribute, operators in conditions.items():
        path = attribute.split(".")
        for operator, raw in operators.items():
            expected = _compile_value(raw)

            def check(
                env: _Env,
                path: list[str] = path,
                operator: str = operator,
                expected: Callable[[_Env], Any] = expected,
            ) -> bool:
                return _compare(operator, _lookup(env.root(root), path), expected(env))

            checks.append(check)
    return checks


def _parse_hhmm(value: str) -> day_time:
    hours, minutes = value.split(":")
    return day_time(int(hours), int(minutes))


def _compile_window(window: TimeWindow) -> Check:
    zone = ZoneInfo(window.timezone)
    days = frozenset(WEEKDAYS.index(day) for day in window.days)
    start, end = _parse_hhmm(window.start), _parse_hhmm(window.end)

    def inside(env: _Env) -> bool:
        local = env.now().astimezone(zone)
        clock = local.time().replace(second=0, microsecond=0, tzinfo=None)
        if start == end:
            return local.weekday() in days
        if start < end:
            return local.weekday() in days and start <= clock < end
        if clock >= start:  # spans midnight: the window belongs to the day it starts on
            return local.weekday() in days
        if clock < end:
            return (local - timedelta(days=1)).weekday() in days
        return False

    if window.outside:
        return lambda env: not inside(env)
    return inside


def _compile_networks(values: Iterable[str], *, inside: bool) -> Check:
    networks = tuple(ipaddress.ip_network(value, strict=False) for value in values)

    def check(env: _Env) -> bool:
        ip = env.request.context.ip
        if ip is None:
            return False
        address = ipaddress.ip_address(ip)
        found = any(address.version == net.version and address in net for net in networks)
        return found if inside else not found

    return check


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    policy: Policy
    any_action: bool
    exact: frozenset[str]
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    resource_type: str | None
    roles: frozenset[str]
    groups: frozenset[str]
    checks: tuple[Check, ...]

    @classmethod
    def of(cls, policy: Policy) -> CompiledPolicy:
        exact, prefixes, suffixes = set(), set(), set()
        for action in policy.actions:
            head, _, tail = action.partition(":")
            if action == "*":
                continue
            if tail == "*":
                prefixes.add(head)
            elif head == "*":
                suffixes.add(tail)
            else:
                exact.add(action)
        checks = _compile_conditions("principal", policy.principal.attributes)
        checks += _compile_conditions("resource", policy.resource)
        context = policy.context
        if context.time_window is not None:
            checks.append(_compile_window(context.time_window))
        if context.source_ips:
            checks.append(_compile_networks(context.source_ips, inside=True))
        if context.not_source_ips:
            checks.append(_compile_networks(context.not_source_ips, inside=False))
        return cls(
            policy=policy,
            any_action="*" in policy.actions,
            exact=frozenset(exact),
            prefixes=frozenset(prefixes),
            suffixes=frozenset(suffixes),
            resource_type=None if policy.resource_type == "*" else policy.resource_type,
            roles=frozenset(policy.principal.roles),
            groups=frozenset(policy.principal.groups),
            checks=tuple(checks),
        )

    def matches(self, action: str, head: str, tail: str, env: _Env) -> bool:
        request = env.request
        if self.resource_type is not None and self.resource_type != request.resource_type:
            return False
        if not (
            self.any_action
            or action in self.exact
            or head in self.prefixes
            or tail in self.suffixes
        ):
            return False
        if self.roles and self.roles.isdisjoint(request.principal.roles):
            return False
        if self.groups and self.groups.isdisjoint(request.principal.groups):
            return False
        return all(check(env) for check in self.checks)


class CompiledPolicySet:
    """Policies ready to evaluate: forbids first, each group by descending priority."""

    def __init__(self, policies: Iterable[Policy], *, include_templates: bool = True) -> None:
        everything = list(policies)
        if include_templates:
            everything += role_template_policies()
        compiled = sorted(
            (CompiledPolicy.of(policy) for policy in everything),
            key=lambda item: -item.policy.priority,
        )
        self.policies = tuple(item.policy for item in compiled)
        self._forbids = tuple(item for item in compiled if item.policy.effect == "forbid")
        self._permits = tuple(item for item in compiled if item.policy.effect == "permit")

    def evaluate(self, request: AccessRequest) -> Decision:
        action = request.qualified_action
        head, _, tail = action.partition(":")
        principal = request.principal
        if principal.kind == "api_key" and not principal.has_scope(action):
            return Decision(
                allowed=False, effect=None, reason=f"the API key's scopes do not cover {action}"
            )
        env = _Env(request)
        for item in self._forbids:
            if item.matches(action, head, tail, env):
                return Decision(
                    allowed=False,
                    effect="forbid",
                    reason=f"{action} is forbidden by policy {item.policy.name!r}",
                    policy_id=item.policy.id,
                )
        for item in self._permits:
            if item.matches(action, head, tail, env):
                return Decision(
                    allowed=True,
                    effect="permit",
                    reason=f"{action} is permitted by policy {item.policy.name!r}",
                    policy_id=item.policy.id,
                )
        return Decision(allowed=False, effect=None, reason=f"no policy permits {action}")


def compile_policies(
    policies: Iterable[Policy], *, include_templates: bool = True
) -> CompiledPolicySet:
    return CompiledPolicySet(policies, include_templates=include_templates)


def evaluate(
    policies: Iterable[Policy] | CompiledPolicySet,
    request: AccessRequest,
    *,
    include_templates: bool = True,
) -> Decision:
    """Decide one request: default deny, any matching forbid wins, else any permit."""
    if not isinstance(policies, CompiledPolicySet):
        policies = CompiledPolicySet(policies, include_templates=include_templates)
    return policies.evaluate(request)
