"""Outbound HTTP: :class:`ServiceClient` between fluxos services, :class:`GuardedClient` for
anything a user or an agent can point at a URL."""

from fluxkit.http._guarded import (
    BlockedDestination,
    DestinationPolicy,
    GuardedClient,
    GuardedResponse,
    OutboundConnectError,
    OutboundError,
    OutboundTimeout,
    Resolver,
    ResponseTooLarge,
    TooManyRedirects,
    is_public_address,
    system_resolver,
)
from fluxkit.http._service import (
    ON_BEHALF_OF_HEADER,
    ServiceAuthenticationFailed,
    ServiceBadRequest,
    ServiceCallError,
    ServiceClient,
    ServiceConflict,
    ServiceForbidden,
    ServiceNotFound,
    ServiceRateLimited,
    ServiceUnavailableError,
)

__all__ = [
    "ON_BEHALF_OF_HEADER",
    "BlockedDestination",
    "DestinationPolicy",
    "GuardedClient",
    "GuardedResponse",
    "OutboundConnectError",
    "OutboundError",
    "OutboundTimeout",
    "Resolver",
    "ResponseTooLarge",
    "ServiceAuthenticationFailed",
    "ServiceBadRequest",
    "ServiceCallError",
    "ServiceClient",
    "ServiceConflict",
    "ServiceForbidden",
    "ServiceNotFound",
    "ServiceRateLimited",
    "ServiceUnavailableError",
    "TooManyRedirects",
    "is_public_address",
    "system_resolver",
]
