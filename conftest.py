"""Platform-wide test fixtures: real Postgres and Redis/Valkey for every suite.

``fluxos test`` starts an embedded Postgres and Valkey once and exports their URLs; running
pytest directly works too: the first fixture use starts embedded servers for this process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fluxkit.testing import TEST_DATABASE_ENV, TEST_REDIS_ENV, redis_url_for_worker

# Fakes of external services (e.g. tests/fakes/scripted_llm.py) importable from every suite.
sys.path.insert(0, str(Path(__file__).parent / "tests" / "fakes"))


@pytest.fixture(scope="session")
def platform_urls() -> Iterator[tuple[str, str]]:
    """(admin database URL, Redis base URL) of real servers."""
    database = os.environ.get(TEST_DATABASE_ENV)
    redis = os.environ.get(TEST_REDIS_ENV)
    started: list[object] = []
    if not database or not redis:
        from fluxos.embedded import EmbeddedPostgres, EmbeddedValkey

        if not database:
            postgres = EmbeddedPostgres(None, None, ephemeral=True)
            postgres.start()
            started.append(postgres)
            database = postgres.url("postgres")
        if not redis:
            valkey = EmbeddedValkey(None, None, ephemeral=True)
            valkey.start()
            started.append(valkey)
            redis = valkey.url(0)
    yield database, redis
    for server in reversed(started):
        server.stop()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def admin_database_url(platform_urls: tuple[str, str]) -> str:
    return platform_urls[0]


@pytest.fixture(scope="session")
def redis_url(platform_urls: tuple[str, str]) -> str:
    return redis_url_for_worker(platform_urls[1])
