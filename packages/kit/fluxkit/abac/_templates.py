"""Built-in role templates: the defaults beneath every organization's own policies."""

from __future__ import annotations

from typing import Any

from fluxkit.abac._models import Effect, Policy, PrincipalMatch

_OWN = {"owner_id": {"eq": {"ref": "principal.user_id"}}}


def _template(role: str, key: str, effect: Effect, actions: list[str], **rules: Any) -> Policy:
    return Policy(
        id=f"template:{role}:{key}",
        name=f"{role} {key}",
        description="built-in role template",
        effect=effect,
        principal=PrincipalMatch(roles=[role]),
        actions=actions,
        **rules,
    )


ROLE_TEMPLATES: dict[str, tuple[Policy, ...]] = {
    "owner": (_template("owner", "all", "permit", ["*"]),),
    "admin": (
        _template("admin", "all", "permit", ["*"]),
        _template(
            "admin",
            "owner-only",
            "forbid",
            ["organizations:delete", "organizations:transfer_ownership"],
            priority=1000,
        ),
    ),
    "member": (
        _template("member", "read", "permit", ["*:read", "*:list"]),
        _template("member", "write-own", "permit", ["*:create", "*:update"], resource=_OWN),
        # A checkpoint's owner_id is the owner of its task: members decide on their own tasks.
        _template(
            "member",
            "approve-own",
            "permit",
            ["tasks:approve", "tasks:reject", "checkpoints:approve", "checkpoints:reject"],
            resource=_OWN,
        ),
    ),
    "viewer": (_template("viewer", "read", "permit", ["*:read", "*:list"]),),
}


def role_template_policies() -> list[Policy]:
    return [policy for policies in ROLE_TEMPLATES.values() for policy in policies]
