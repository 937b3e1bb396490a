from pathlib import Path

from fluxkit.manifest import ServiceManifest

MANIFEST = ServiceManifest(
    name="den",
    app_factory="den.app:create_app",
    prefixes=("/api/v1/den/", "/api/v1/files", "/api/v1/folders", "/f/"),
    migrations=Path(__file__).parent / "migrations",
)
