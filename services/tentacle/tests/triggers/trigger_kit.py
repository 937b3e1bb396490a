"""Trigger test support: Mimic's relay credential and its verification."""

from __future__ import annotations

import uuid

from fluxkit.auth import Principal
from fluxkit.auth.service_tokens import parse_on_behalf_of
from fluxkit.errors import Unauthorized

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
