"""The migrations build exactly the models' schema and are reversible."""

from fluxkit.migration_checks import round_trip, schema_drift, table_names
from fluxkit.testing import recreate_database, worker_number
from tentacle.all_models import load_models
from tentacle.manifest import MANIFEST


async def test_migrations_match_models_and_reverse(admin_database_url: str) -> None:
    url = await recreate_database(admin_database_url, f"test_tentacle_migrations_{worker_number()}")
    await round_trip(MANIFEST.migrations, url)
    assert await schema_drift(url, load_models().metadata) == []
    assert {"tasks", "steps", "checkpoints", "agent_definitions"} <= await table_names(url)
