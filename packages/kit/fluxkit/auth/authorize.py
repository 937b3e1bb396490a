"""ABAC in every service: ``Authorize("tasks", "approve")`` and the ``Access`` checker.

The lifespan puts a :class:`~fluxkit.abac.PolicyCache` on ``app.state.policy_cache`` (for a
service other than InkPass: ``PolicyCache(RemotePolicyLoader(service_client), redis)``, started
and stopped with the app). Decisions use the caller's principal; for a service acting for a user
that principal is the user's, so the decision is the user's.

Type-level checks are a dependency::

    @router.get("/tasks")
    async def list_tasks(principal: Annotated[Principal, Authorize("tasks", "list")]): ...

Checks on a loaded resource use the checker::

    async def approve(checkpoint_id: UUID, access: Access):
        checkpoint = await load(...)
        await access.require("checkpoints", "approve", {"owner_id": checkpoint.owner_id})
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request

from fluxkit.abac import (
    AccessContext,
    AccessPrincipal,
    AccessRequest,
    Decision,
    Policy,
    PolicyCache,
)
from fluxkit.auth.deps import CurrentPrincipal
from fluxkit.auth.principal import Principal
from fluxkit.errors import Forbidden
from fluxkit.http import ServiceClient

EFFECTIVE_POLICIES_PATH = "/api/v1/policies/effective/{organization_id}"


def policy_cache_from(request: Request) -> PolicyCache:
    cache = getattr(request.app.state, "policy_cache", None)
    if not isinstance(cache, PolicyCache):
        raise RuntimeError("app.state.policy_cache is not set; is the lifespan running?")
    return cache


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client is not None else None


def access_request(
    principal: Principal,
    resource_type: str,
    action: str,
    resource: Mapping[str, Any] | None = None,
    *,
    ip: str | None = None,
    at: datetime | None = None,
) -> AccessRequest:
    return AccessRequest(
        principal=AccessPrincipal.of(principal),
        action=action,
        resource_type=resource_type,
        resource=dict(resource or {}),
        context=AccessContext(ip=valid_ip(ip), time=at or datetime.now(UTC)),
    )


def valid_ip(ip: str | None) -> str | None:
    if ip is None:
        return None
    try:
        return str(ipaddress.ip_address(ip))
    except ValueError:
        return None  # e.g. the ASGI test client's "testclient": no IP to match on


class AccessChecker:
    """Decides for the request's caller against its organization's cached policies."""

    def __init__(self, request: Request, principal: Principal) -> None:
        self.request = request
        self.principal = principal

    async def decide(
        self, resource_type: str, action: str, resource: Mapping[str, Any] | None = None
    ) -> Decision:
        request = access_request(
            self.principal, resource_type, action, resource, ip=client_ip(self.request)
        )
        return await policy_cache_from(self.request).evaluate(request)

    async def allowed(
        self, resource_type: str, action: str, resource: Mapping[str, Any] | None = None
    ) -> bool:
        return (await self.decide(resource_type, action, resource)).allowed

    async def require(
        self, resource_type: str, action: str, resource: Mapping[str, Any] | None = None
    ) -> Decision:
        """The decision when allowed; :class:`Forbidden` with the reason otherwise."""
        decision = await self.decide(resource_type, action, resource)
        if not decision.allowed:
            raise Forbidden(decision.reason, extra={"policy_id": decision.policy_id})
        return decision


async def get_access_checker(request: Request, principal: CurrentPrincipal) -> AccessChecker:
    return AccessChecker(request, principal)


Access = Annotated[AccessChecker, Depends(get_access_checker)]


def Authorize(
    resource_type: str,
    action: str,
    resource: Callable[..., Any] | None = None,
) -> Any:
    """Dependency: the caller may ``action`` on ``resource_type``; returns the principal.

    ``resource`` is an optional dependency returning the resource's attributes (for rules like
    "owner_id equals the caller"); without it the check is on the type alone.
    """

    async def no_attributes() -> dict[str, Any]:
        return {}

    attributes_dependency = resource or no_attributes

    # A default value, not Annotated: the annotation is a string (postponed evaluation) and
    # FastAPI resolves it in module scope, where the local dependency is not visible.
    async def check(
        access: Access,
        attributes: Mapping[str, Any] = Depends(attributes_dependency),
    ) -> Principal:
        await access.require(resource_type, action, attributes)
        return access.principal

    return Depends(check)


class RemotePolicyLoader:
    """Loads an organization's own policies from InkPass (templates are added in the kit)."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    async def __call__(self, organization_id: uuid.UUID) -> list[Policy]:
        body = await self.client.get(
            EFFECTIVE_POLICIES_PATH.format(organization_id=organization_id)
        )
        return [Policy.model_validate(item) for item in body["policies"]]
