"""Inbox fixtures: two Tentacle API processes over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from inbox_testkit import Served, serve

from fluxkit.auth import Authenticator
from tentacle.settings import TentacleSettings


@pytest.fixture(scope="module")
def served(
    tentacle_app: FastAPI, tentacle_settings: TentacleSettings, authenticator: Authenticator
) -> Iterator[Served]:
    yield from serve(tentacle_settings, authenticator)


@pytest.fixture(scope="module")
def served_twin(
    tentacle_app: FastAPI, tentacle_settings: TentacleSettings, authenticator: Authenticator
) -> Iterator[Served]:
    """Another API process on the same database and Redis."""
    yield from serve(tentacle_settings, authenticator)
