"""Trigger fixtures: a local Mimic, and Mimic's service credential accepted by the app."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))

from mimic_fake import SERVICE_TOKEN, FakeMimic
from trigger_kit import MimicOnly


@pytest.fixture(scope="module")
def fake_mimic(tentacle_app: FastAPI) -> Iterator[FakeMimic]:
    from tentacle.triggers import mimic

    server = FakeMimic().start()
    mimic.use_mimic(server.url, SERVICE_TOKEN)
    previous = tentacle_app.state.authenticator.services
    tentacle_app.state.authenticator.services = MimicOnly()
    yield server
    tentacle_app.state.authenticator.services = previous
    mimic.use_mimic(None)
    server.stop()
