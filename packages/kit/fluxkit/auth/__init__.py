from fluxkit.auth.deps import (
    API_KEY_PREFIX,
    SERVICE_TOKEN_PREFIX,
    Authenticator,
    CurrentPrincipal,
    CurrentUser,
    OrgScope,
    RequireScope,
)
from fluxkit.auth.principal import Principal

__all__ = [
    "API_KEY_PREFIX",
    "SERVICE_TOKEN_PREFIX",
    "Authenticator",
    "CurrentPrincipal",
    "CurrentUser",
    "OrgScope",
    "Principal",
    "RequireScope",
]
