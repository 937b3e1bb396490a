from pathlib import Path

from fluxkit.manifest import ServiceManifest

MANIFEST = ServiceManifest(
    name="mimic",
    app_factory="mimic.app:create_app",
    prefixes=(
        "/api/v1/mimic/",
        "/api/v1/notifications/",
        "/api/v1/templates/",
        "/api/v1/integrations/",
        "/api/v1/hooks/",
        "/api/v1/provider-events/",
        "/dev/mail",
    ),
    migrations=Path(__file__).parent / "migrations",
    worker_queues=("mimic.deliveries", "mimic.integrations"),
    celery_app="mimic.worker",
    beat=True,
)
