from pathlib import Path

from fluxkit.manifest import ServiceManifest

MANIFEST = ServiceManifest(
    name="inkpass",
    app_factory="inkpass.app:create_app",
    prefixes=(
        "/api/v1/inkpass/",
        "/api/v1/auth/",
        "/api/v1/orgs/",
        "/api/v1/users/",
        "/api/v1/api-keys/",
        "/api/v1/policies/",
        "/api/v1/authorize",
        "/api/v1/audit/",
        "/api/v1/service-principals/",
        "/.well-known/jwks.json",
        "/.well-known/openid-configuration",
    ),
    migrations=Path(__file__).parent / "migrations",
    seed="inkpass.seed:seed",
)
