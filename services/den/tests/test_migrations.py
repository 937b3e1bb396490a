"""The migrations build exactly the models' schema and are reversible."""

from den.all_models import load_models
from den.manifest import MANIFEST
from fluxkit.migration_checks import round_trip, schema_drift, table_names
from fluxkit.testing import recreate_database, worker_number


async def test_migrations_match_models_and_reverse(admin_database_url: str) -> None:
    url = await recreate_database(admin_database_url, f"test_den_migrations_{worker_number()}")
    await round_trip(MANIFEST.migrations, url)
    assert await schema_drift(url, load_models().metadata) == []
    assert {"files", "folders"} <= await table_names(url)
