"""Who is calling: a user (JWT), an API key, or a service acting on behalf of a user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

PrincipalKind = Literal["user", "api_key", "service"]

ROLES = ("owner", "admin", "member", "viewer")


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    user_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    roles: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset({"*"})
    session_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    service: str | None = None
    """Set when a service makes the call (alone, or on behalf of ``user_id``)."""
    groups: frozenset[str] = frozenset()
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def acts_for_user(self) -> bool:
        return self.user_id is not None

    def has_scope(self, scope: str) -> bool:
        """API-key scopes look like ``tasks:read``; ``*`` and ``tasks:*`` are wildcards."""
        if "*" in self.scopes or scope in self.scopes:
            return True
        resource, _, _ = scope.partition(":")
        return f"{resource}:*" in self.scopes

    def require_organization(self) -> uuid.UUID:
        from fluxkit.errors import Forbidden

        if self.organization_id is None:
            raise Forbidden("this credential is not bound to an organization")
        return self.organization_id

    def require_user(self) -> uuid.UUID:
        from fluxkit.errors import Forbidden

        if self.user_id is None:
            raise Forbidden("this action needs a user identity")
        return self.user_id
