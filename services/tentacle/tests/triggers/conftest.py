"""Trigger fixtures: a local Mimic, and Mimic's service credential accepted by the app."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from fluxkit.auth import Principal
from fluxkit.auth.service_tokens import parse_on_behalf_of
from fluxkit.errors import Unauthorized

sys.path.insert(0, str(Path(__file__).parent))

from mimic_fake import SERVICE_TOKEN, FakeMimic

MIMIC_TOKEN = "flxs_mimic-relay-test-token"


class MimicOnly:
    """Verifies the one service credential these tests give Mimic (InkPass does it for real)."""

    async def verify_service_token(self, token: str, on_behalf_of: str | None) -> Principal:
        if token != MIMIC_TOKEN or not on_behalf_of:
            raise Unauthorized("unknown service credential")
        user_id, organization_id = parse_on_behalf_of(on_behalf_of)
        return Principal(
            kind="service",
            service="mimic",
            user_id=user_id,
            organization_id=organization_id,
            roles=frozenset({"member"}),
        )


def mimic_headers(user_id: uuid.UUID, organization_id: uuid.UUID) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {MIMIC_TOKEN}",
        "X-Fluxos-On-Behalf-Of": f"{user_id}:{organization_id}",
    }


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
