"""Read schema of a learned preference."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from tentacle.preferences.service import LearnedPreference


class PreferenceRead(BaseModel):
    id: uuid.UUID
    pattern: str
    agent_type: str
    risk_kind: str
    features: dict[str, Any]
    approvals: int
    rejections: int
    auto_approvals: int
    strength: float
    """Decayed count of consistent approvals since the last rejection or revocation."""
    auto_approves: bool
    last_decision_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, learned: LearnedPreference) -> PreferenceRead:
        preference = learned.preference
        return cls(
            id=preference.id,
            pattern=preference.pattern,
            agent_type=preference.agent_type,
            risk_kind=preference.risk_kind,
            features=preference.features,
            approvals=preference.approvals,
            rejections=preference.rejections,
            auto_approvals=preference.auto_approvals,
            strength=round(learned.strength, 4),
            auto_approves=learned.auto_approves,
            last_decision_at=preference.last_decision_at,
            revoked_at=preference.revoked_at,
            created_at=preference.created_at,
        )


class PreferencePage(BaseModel):
    items: list[PreferenceRead]
