"""Who may do what with files: API keys need ``files:read`` / ``files:write``; viewers read only."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from fluxkit.auth import CurrentPrincipal, Principal
from fluxkit.errors import Forbidden

WRITER_ROLES = frozenset({"owner", "admin", "member"})


def _check_scope(principal: Principal, scope: str) -> None:
    if principal.kind == "api_key" and not principal.has_scope(scope):
        raise Forbidden(f"this API key lacks the scope {scope!r}")


async def _reader(principal: CurrentPrincipal) -> Principal:
    principal.require_organization()
    _check_scope(principal, "files:read")
    return principal


async def _writer(principal: CurrentPrincipal) -> Principal:
    principal.require_organization()
    _check_scope(principal, "files:write")
    if principal.roles and not principal.roles & WRITER_ROLES:
        raise Forbidden("your role may read files but not change them")
    return principal


FileReader = Annotated[Principal, Depends(_reader)]
FileWriter = Annotated[Principal, Depends(_writer)]
