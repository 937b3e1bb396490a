from pathlib import Path

from fluxkit.manifest import ServiceManifest

QUEUES = (
    "tentacle.orchestrator",
    "tentacle.steps",
    "tentacle.planning",
    "tentacle.timers",
    "tentacle.triggers",
    "tentacle.memory",
)

MANIFEST = ServiceManifest(
    name="tentacle",
    app_factory="tentacle.app:create_app",
    prefixes=(
        "/api/v1/tentacle/",
        "/api/v1/tasks",
        "/api/v1/checkpoints",
        "/api/v1/agents",
        "/api/v1/budgets",
        "/api/v1/preferences",
        "/api/v1/inbox/",
        "/api/v1/workspace/",
        "/api/v1/memories/",
        "/api/v1/triggers/",
        "/api/v1/automations/",
    ),
    migrations=Path(__file__).parent / "migrations",
    worker_queues=QUEUES,
    celery_app="tentacle.worker",
    beat=True,
)
