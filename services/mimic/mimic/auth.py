"""Who may do what in Mimic: roles for people, scopes for API keys, trust for services.

A service credential (InkPass sending a password reset, Tentacle a task report) acts for the
organization it names, or for the platform when it names none: such notifications belong to
:data:`PLATFORM_ORGANIZATION_ID` and only services can read them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from fluxkit.auth import CurrentPrincipal, Principal
from fluxkit.errors import Forbidden

PLATFORM_ORGANIZATION_ID = uuid.UUID(int=0)

ANY_MEMBER = frozenset({"owner", "admin", "member", "viewer"})
SENDERS = frozenset({"owner", "admin", "member"})
ADMINS = frozenset({"owner", "admin"})


@dataclass(frozen=True)
class Caller:
    principal: Principal
    organization_id: uuid.UUID

    @property
    def actor(self) -> str:
        """A short label of who acted, kept on what they create."""
        principal = self.principal
        if principal.kind == "service":
            suffix = f" for user:{principal.user_id}" if principal.user_id else ""
            return f"service:{principal.service or 'unknown'}{suffix}"
        if principal.kind == "api_key":
            return f"api_key:{principal.api_key_id}"
        return f"user:{principal.user_id}"

    @property
    def is_service(self) -> bool:
        return self.principal.kind == "service"


def _access(roles: frozenset[str], scope: str) -> object:
    async def dependency(principal: CurrentPrincipal) -> Caller:
        if principal.kind == "service" and principal.user_id is None:
            # A service on its own behalf (platform email such as a password reset).
            return Caller(principal, principal.organization_id or PLATFORM_ORGANIZATION_ID)
        organization_id = principal.require_organization()
        if principal.kind == "api_key" and not principal.has_scope(scope):
            raise Forbidden(f"this API key lacks the scope {scope!r}")
        # People, and services acting for a person, are decided on that person's role.
        if (principal.kind != "api_key" or principal.roles) and not principal.roles & roles:
            raise Forbidden(f"your role does not allow this (needs one of {sorted(roles)})")
        return Caller(principal, organization_id)

    return Depends(dependency)


NotificationsRead = Annotated[Caller, _access(ANY_MEMBER, "notifications:read")]
NotificationsSend = Annotated[Caller, _access(SENDERS, "notifications:send")]
NotificationsAdmin = Annotated[Caller, _access(ADMINS, "notifications:admin")]
TemplatesRead = Annotated[Caller, _access(ANY_MEMBER, "templates:read")]
TemplatesWrite = Annotated[Caller, _access(ADMINS, "templates:write")]
IntegrationsRead = Annotated[Caller, _access(ANY_MEMBER, "integrations:read")]
IntegrationsSend = Annotated[Caller, _access(SENDERS, "integrations:send")]
IntegrationsAdmin = Annotated[Caller, _access(ADMINS, "integrations:admin")]
