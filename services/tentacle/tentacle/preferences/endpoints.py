"""GET /api/v1/preferences (what was learned) and DELETE /api/v1/preferences/{id} (revoke)."""

from __future__ import annotations

import uuid

from fastapi import Request

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from tentacle.checkpoints.policy import RiskPolicy
from tentacle.preferences import service
from tentacle.preferences.schemas import PreferencePage, PreferenceRead

router = flux_router("/api/v1/preferences", tags=["preferences"])


def _policy(request: Request) -> RiskPolicy:
    return RiskPolicy.from_settings(request.app.state.settings)


@router.get("", response_model=PreferencePage)
async def list_preferences(
    request: Request, principal: CurrentUser, session: SessionDep, include_revoked: bool = False
) -> PreferencePage:
    """The caller's learned approval patterns, with their strength and whether they auto-approve."""
    learned = await service.list_preferences(
        session,
        organization_id=principal.require_organization(),
        user_id=principal.require_user(),
        policy=_policy(request),
        include_revoked=include_revoked,
    )
    return PreferencePage(items=[PreferenceRead.of(item) for item in learned])


@router.delete("/{preference_id}", status_code=204)
async def revoke_preference(
    preference_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> None:
    """Revoke a learned preference: its checkpoints ask again until approvals build up anew."""
    await service.revoke_preference(
        session,
        organization_id=principal.require_organization(),
        user_id=principal.require_user(),
        preference_id=preference_id,
    )
