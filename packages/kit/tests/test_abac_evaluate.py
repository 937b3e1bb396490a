import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from fluxkit.abac import (
    AccessContext,
    AccessPrincipal,
    AccessRequest,
    Policy,
    compile_policies,
    evaluate,
)
from fluxkit.auth.principal import Principal

ORG = uuid.uuid4()
ALICE = uuid.uuid4()
BOB = uuid.uuid4()


def who(role: str | None = "member", **fields: Any) -> AccessPrincipal:
    fields.setdefault("user_id", ALICE)
    return AccessPrincipal(organization_id=ORG, roles=frozenset([role] if role else []), **fields)


def ask(
    principal: AccessPrincipal,
    action: str,
    resource_type: str = "tasks",
    resource: dict[str, Any] | None = None,
    **context: Any,
) -> AccessRequest:
    return AccessRequest(
        principal=principal,
        action=action,
        resource_type=resource_type,
        resource=resource or {},
        context=AccessContext(**context),
    )


def policy(**fields: Any) -> Policy:
    fields.setdefault("id", str(uuid.uuid4()))
    fields.setdefault("name", "custom")
    fields.setdefault("organization_id", ORG)
    return Policy(**fields)


def test_default_deny_without_any_policy() -> None:
    decision = evaluate([], ask(who(None), "read"), include_templates=False)
    assert decision.allowed is False
    assert decision.effect is None
    assert decision.reason == "no policy permits tasks:read"
    # A principal without a role gets nothing from the templates either.
    assert evaluate([], ask(who(None), "read")).allowed is False


@pytest.mark.parametrize(
    ("role", "action", "resource_type", "owner", "allowed"),
    [
        ("owner", "delete", "organizations", None, True),
        ("owner", "transfer_ownership", "organizations", None, True),
        ("admin", "delete", "organizations", None, False),
        ("admin", "transfer_ownership", "organizations", None, False),
        ("admin", "update", "organizations", None, True),
        ("admin", "delete", "tasks", BOB, True),
        ("member", "read", "tasks", BOB, True),
        ("member", "list", "files", None, True),
        ("member", "create", "tasks", ALICE, True),
        ("member", "create", "tasks", BOB, False),
        ("member", "update", "tasks", ALICE, True),
        ("member", "update", "tasks", BOB, False),
        ("member", "update", "tasks", None, False),
        ("member", "delete", "tasks", ALICE, False),
        ("member", "approve", "tasks", ALICE, True),
        ("member", "approve", "checkpoints", ALICE, True),
        ("member", "approve", "checkpoints", BOB, False),
        ("member", "delete", "organizations", None, False),
        ("viewer", "read", "tasks", BOB, True),
        ("viewer", "create", "tasks", ALICE, False),
        ("viewer", "approve", "checkpoints", ALICE, False),
    ],
)
def test_role_templates(
    role: str, action: str, resource_type: str, owner: uuid.UUID | None, allowed: bool
) -> None:
    resource = {"owner_id": str(owner)} if owner else {}
    decision = evaluate([], ask(who(role), action, resource_type, resource))
    assert decision.allowed is allowed, decision.reason


def test_admin_forbid_template_names_itself() -> None:
    decision = evaluate([], ask(who("admin"), "delete", "organizations"))
    assert decision.effect == "forbid"
    assert decision.policy_id == "template:admin:owner-only"
    assert "organizations:delete" in decision.reason


def test_forbid_overrides_every_permit() -> None:
    contractors = policy(
        name="no deletes for contractors",
        effect="forbid",
        principal={"groups": ["contractors", "interns"]},
        actions=["tasks:delete"],
    )
    admin = who("admin", groups=frozenset({"contractors"}))
    decision = evaluate([contractors], ask(admin, "delete"))
    assert decision.allowed is False
    assert decision.policy_id == contractors.id
    assert evaluate([contractors], ask(who("admin"), "delete")).allowed is True
    # The forbid is scoped to its action: the same admin still reads.
    assert evaluate([contractors], ask(admin, "read")).allowed is True


def test_custom_permit_adds_to_templates_with_principal_refs() -> None:
    own_deletes = policy(
        name="members delete their own drafts",
        effect="permit",
        principal={"roles": ["member"]},
        actions=["tasks:delete"],
        resource={"owner_id": {"eq": {"ref": "principal.user_id"}}, "status": {"eq": "draft"}},
    )
    mine = {"owner_id": str(ALICE), "status": "draft"}
    assert evaluate([own_deletes], ask(who(), "delete", resource=mine)).allowed is True
    running = {**mine, "status": "running"}
    assert evaluate([own_deletes], ask(who(), "delete", resource=running)).allowed is False
    theirs = {**mine, "owner_id": str(BOB)}
    assert evaluate([own_deletes], ask(who(), "delete", resource=theirs)).allowed is False
    # UUID objects and their string form compare equal.
    as_uuid = {**mine, "owner_id": ALICE}
    assert evaluate([own_deletes], ask(who(), "delete", resource=as_uuid)).allowed is True


def test_principal_attributes_and_resource_refs() -> None:
    department = policy(
        effect="permit",
        principal={"attributes": {"clearance": {"gte": 3}}},
        actions=["reports:read", "reports:export"],
        resource_type="reports",
        resource={"department": {"eq": {"ref": "principal.department"}}},
    )
    cleared = who(None, attributes={"department": "finance", "clearance": 4})
    finance = {"department": "finance"}
    assert evaluate([department], ask(cleared, "export", "reports", finance)).allowed is True
    sales = {"department": "sales"}
    assert evaluate([department], ask(cleared, "export", "reports", sales)).allowed is False
    low = who(None, attributes={"department": "finance", "clearance": 2})
    assert evaluate([department], ask(low, "export", "reports", finance)).allowed is False
    # The policy is bound to its resource type.
    assert evaluate([department], ask(cleared, "reports:export", "files", finance)).allowed is False


@pytest.mark.parametrize(
    ("operator", "expected", "actual", "matches"),
    [
        ("eq", "a", "a", True),
        ("eq", "a", "b", False),
        ("ne", "a", "b", True),
        ("ne", "a", "a", False),
        ("ne", "a", None, False),
        ("in", ["a", "b"], "b", True),
        ("in", ["a", "b"], "c", False),
        ("not_in", ["a", "b"], "c", True),
        ("not_in", ["a", "b"], "a", False),
        ("not_in", ["a", "b"], None, False),
        ("gt", 10, 11, True),
        ("gt", 10, 10, False),
        ("gte", 10, 10, True),
        ("lt", 10, 9.5, True),
        ("lt", 10, "9", False),
        ("lte", "2026-01-01", "2025-12-31", True),
        ("lte", 1, True, False),
        ("contains", "urgent", ["urgent", "billing"], True),
        ("contains", "urgent", ["billing"], False),
        ("contains", "fin", "finance", True),
        ("exists", True, "x", True),
        ("exists", True, None, False),
        ("exists", False, None, True),
        ("exists", False, 0, False),
    ],
)
def test_condition_operators(operator: str, expected: Any, actual: Any, matches: bool) -> None:
    rule = policy(effect="permit", actions=["*"], resource={"field": {operator: expected}})
    resource = {} if actual is None else {"field": actual}
    decision = evaluate([rule], ask(who(None), "read", resource=resource), include_templates=False)
    assert decision.allowed is matches


def test_nested_attribute_paths() -> None:
    rule = policy(effect="permit", actions=["*"], resource={"meta.team": {"eq": "core"}})
    core = ask(who(None), "read", resource={"meta": {"team": "core"}})
    assert evaluate([rule], core, include_templates=False).allowed is True
    flat = ask(who(None), "read", resource={"meta.team": "core"})
    assert evaluate([rule], flat, include_templates=False).allowed is False


def test_time_window_in_time_zone_and_days() -> None:
    office = policy(
        effect="permit",
        actions=["tasks:approve"],
        context={
            "time_window": {
                "days": ["mon", "tue", "wed", "thu", "fri"],
                "start": "09:00",
                "end": "17:30",
                "timezone": "Europe/Paris",
            }
        },
    )
    viewer = who("viewer")

    def at(moment: datetime) -> bool:
        return evaluate([office], ask(viewer, "approve", time=moment)).allowed

    # 2026-03-04 is a Wednesday; Paris is UTC+1 in March.
    assert at(datetime(2026, 3, 4, 8, 0, tzinfo=UTC)) is True  # 09:00 Paris
    assert at(datetime(2026, 3, 4, 7, 59, tzinfo=UTC)) is False  # 08:59 Paris
    assert at(datetime(2026, 3, 4, 16, 29, tzinfo=UTC)) is True  # 17:29 Paris
    assert at(datetime(2026, 3, 4, 16, 30, tzinfo=UTC)) is False  # 17:30 Paris (end exclusive)
    assert at(datetime(2026, 3, 7, 10, 0, tzinfo=UTC)) is False  # Saturday


def test_overnight_window_and_outside_forbid() -> None:
    night = {"days": ["fri"], "start": "22:00", "end": "06:00", "timezone": "UTC"}
    freeze = policy(
        effect="forbid", actions=["*:delete"], context={"time_window": {**night, "outside": False}}
    )
    admin = who("admin")

    def allowed(moment: datetime) -> bool:
        return evaluate([freeze], ask(admin, "delete", time=moment)).allowed

    assert allowed(datetime(2026, 3, 6, 23, 0, tzinfo=UTC)) is False  # Friday 23:00
    assert allowed(datetime(2026, 3, 7, 5, 59, tzinfo=UTC)) is False  # Saturday 05:59, Friday's
    assert allowed(datetime(2026, 3, 7, 6, 0, tzinfo=UTC)) is True
    assert allowed(datetime(2026, 3, 7, 23, 0, tzinfo=UTC)) is True  # Saturday night
    assert allowed(datetime(2026, 3, 6, 21, 59, tzinfo=UTC)) is True

    after_hours = policy(
        effect="forbid",
        actions=["*"],
        context={"time_window": {"start": "08:00", "end": "20:00", "outside": True}},
    )
    assert (
        evaluate(
            [after_hours], ask(admin, "read", time=datetime(2026, 3, 4, 21, 0, tzinfo=UTC))
        ).allowed
        is False
    )
    assert (
        evaluate(
            [after_hours], ask(admin, "read", time=datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
        ).allowed
        is True
    )


def test_source_ip_conditions() -> None:
    office = policy(
        effect="permit",
        actions=["tasks:approve"],
        context={"source_ips": ["10.20.0.0/16", "2001:db8::/32"]},
    )
    viewer = who("viewer")
    assert evaluate([office], ask(viewer, "approve", ip="10.20.3.4")).allowed is True
    assert evaluate([office], ask(viewer, "approve", ip="2001:db8::7")).allowed is True
    assert evaluate([office], ask(viewer, "approve", ip="10.21.0.1")).allowed is False
    assert evaluate([office], ask(viewer, "approve")).allowed is False  # no IP known

    blocklist = policy(effect="forbid", actions=["*"], context={"source_ips": ["203.0.113.0/24"]})
    assert evaluate([blocklist], ask(who("owner"), "read", ip="203.0.113.9")).allowed is False
    assert evaluate([blocklist], ask(who("owner"), "read", ip="198.51.100.1")).allowed is True

    not_from = policy(
        effect="permit", actions=["tasks:approve"], context={"not_source_ips": ["192.0.2.0/24"]}
    )
    assert evaluate([not_from], ask(viewer, "approve", ip="192.0.2.1")).allowed is False
    assert evaluate([not_from], ask(viewer, "approve", ip="198.51.100.1")).allowed is True


def test_api_key_scopes_narrow_what_policies_permit() -> None:
    key = who("owner", kind="api_key", scopes=frozenset({"tasks:read", "files:*"}))
    assert evaluate([], ask(key, "read")).allowed is True
    assert evaluate([], ask(key, "delete", "files")).allowed is True
    denied = evaluate([], ask(key, "delete"))
    assert denied.allowed is False
    assert "scopes" in denied.reason
    # Scopes never widen: a viewer's key with every scope still cannot write.
    viewer_key = who("viewer", kind="api_key", scopes=frozenset({"*"}))
    assert (
        evaluate([], ask(viewer_key, "create", resource={"owner_id": str(ALICE)})).allowed is False
    )


def test_highest_priority_forbid_is_reported_and_actions_match_patterns() -> None:
    low = policy(name="low", effect="forbid", actions=["tasks:*"], priority=1)
    high = policy(name="high", effect="forbid", actions=["*:approve"], priority=50)
    decision = evaluate([low, high], ask(who("owner"), "approve"))
    assert decision.policy_id == high.id
    assert evaluate([low, high], ask(who("owner"), "files:approve", "files")).policy_id == high.id
    assert evaluate([low, high], ask(who("owner"), "read", "files")).allowed is True


def test_principal_conversion_keeps_identity() -> None:
    principal = Principal(
        kind="service",
        user_id=ALICE,
        organization_id=ORG,
        roles=frozenset({"member"}),
        service="tentacle",
        groups=frozenset({"ops"}),
        attributes={"team": "core"},
    )
    converted = AccessPrincipal.of(principal)
    assert converted.user_id == ALICE
    assert converted.service == "tentacle"
    assert converted.groups == frozenset({"ops"})
    mine = {"owner_id": str(ALICE)}
    assert evaluate([], ask(converted, "update", resource=mine)).allowed is True


@pytest.mark.parametrize(
    "bad",
    [
        {"actions": []},
        {"actions": ["Tasks:Approve"]},
        {"actions": ["tasks:approve:now"]},
        {"effect": "allow"},
        {"resource": {"x": {"like": "a"}}},
        {"resource": {"x": {}}},
        {"resource": {"x": {"in": "a"}}},
        {"resource": {"x": {"exists": "yes"}}},
        {"resource": {"x": {"eq": {"ref": "secrets.key"}}}},
        {"resource": {"x": {"eq": {"ref": "principal.id", "extra": 1}}}},
        {"resource": {"bad name": {"eq": 1}}},
        {"context": {"source_ips": ["10.0.0.0/33"]}},
        {"context": {"time_window": {"start": "25:00"}}},
        {"context": {"time_window": {"timezone": "Mars/Olympus"}}},
        {"context": {"time_window": {"days": ["someday"]}}},
        {"unknown": True},
    ],
)
def test_invalid_policies_are_rejected(bad: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"effect": "permit", "actions": ["*"], **bad}
    with pytest.raises(ValidationError):
        policy(**fields)


def test_evaluation_is_fast_for_a_typical_organization() -> None:
    custom = [
        policy(
            effect="permit" if index % 3 else "forbid",
            principal={"groups": [f"team-{index}"]},
            actions=[f"resource{index}:*", "tasks:approve"],
            resource={"owner_id": {"eq": {"ref": "principal.user_id"}}, "size": {"lt": 100}},
            context={"source_ips": ["10.0.0.0/8"]},
        )
        for index in range(20)
    ]
    compiled = compile_policies(custom)
    requests = [
        ask(
            who("member", groups=frozenset({"team-4"})),
            "approve",
            resource={"owner_id": str(ALICE), "size": 5},
            ip="10.1.1.1",
        ),
        ask(who("viewer"), "update", resource={"owner_id": str(BOB)}),
        ask(who("admin"), "delete", "organizations"),
    ]
    rounds = 3000
    started = time.perf_counter()
    for _ in range(rounds):
        for request in requests:
            compiled.evaluate(request)
    per_decision_ms = (time.perf_counter() - started) * 1000 / (rounds * len(requests))
    print(
        f"ABAC evaluation: {per_decision_ms * 1000:.1f} µs per decision over {len(compiled.policies)} policies"
    )
    assert compiled.evaluate(requests[0]).allowed is True
