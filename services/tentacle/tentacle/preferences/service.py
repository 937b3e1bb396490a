"""Preference learning: record a person's decisions per pattern, auto-approve consistent ones."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from fluxkit.errors import NotFound
from tentacle.checkpoints.policy import RiskPolicy
from tentacle.preferences.models import Preference, PreferenceDecision
from tentacle.preferences.patterns import PastDecision, preference_strength, should_auto_approve

HUMAN_DECISIONS = ("approved", "rejected")
DECISIONS_CONSIDERED = 100
"""The newest human decisions that count; older ones have decayed to nothing in practice."""


@dataclass(frozen=True)
class LearnedPreference:
    preference: Preference
    strength: float
    auto_approves: bool


async def _upsert(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    pattern: str,
    agent_type: str,
    risk_kind: str,
    features: dict[str, Any],
) -> Preference:
    await session.execute(
        insert(Preference)
        .values(
            id=uuid.uuid4(),
            organization_id=organization_id,
            user_id=user_id,
            pattern=pattern,
            agent_type=agent_type,
            risk_kind=risk_kind,
            features=features,
            approvals=0,
            rejections=0,
            auto_approvals=0,
        )
        .on_conflict_do_nothing(index_elements=["organization_id", "user_id", "pattern"])
    )
    # Row lock: concurrent decisions on one pattern update the counters one after the other.
    preference = (
        await session.execute(
            select(Preference)
            .where(
                Preference.organization_id == organization_id,
                Preference.user_id == user_id,
                Preference.pattern == pattern,
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one()
    return preference


async def record_decision(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    pattern: str,
    agent_type: str,
    risk_kind: str,
    features: dict[str, Any],
    decision: str,
    checkpoint_id: uuid.UUID | None,
    now: datetime | None = None,
) -> Preference:
    """Store one decision (``approved``, ``rejected`` or ``auto_approved``) for the pattern."""
    decided_at = now or utcnow()
    preference = await _upsert(
        session,
        organization_id=organization_id,
        user_id=user_id,
        pattern=pattern,
        agent_type=agent_type,
        risk_kind=risk_kind,
        features=features,
    )
    if decision == "approved":
        preference.approvals += 1
    elif decision == "rejected":
        preference.rejections += 1
    else:
        preference.auto_approvals += 1
    preference.last_decision_at = decided_at
    session.add(
        PreferenceDecision(
            preference_id=preference.id,
            organization_id=organization_id,
            checkpoint_id=checkpoint_id,
            decision=decision,
            decided_at=decided_at,
        )
    )
    await session.flush()
    return preference


async def _strength(
    session: AsyncSession, preference: Preference, policy: RiskPolicy, now: datetime
) -> float:
    rows = (
        await session.execute(
            select(PreferenceDecision.decision, PreferenceDecision.decided_at)
            .where(
                PreferenceDecision.preference_id == preference.id,
                PreferenceDecision.decision.in_(HUMAN_DECISIONS),
            )
            .order_by(PreferenceDecision.decided_at.desc())
            .limit(DECISIONS_CONSIDERED)
        )
    ).all()
    return preference_strength(
        [PastDecision(decision == "approved", decided_at) for decision, decided_at in rows],
        now,
        half_life_days=policy.preference_half_life_days,
        grace_days=policy.preference_grace_days,
        since=preference.revoked_at,
    )


async def auto_approving_preference(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    pattern: str,
    policy: RiskPolicy,
    now: datetime | None = None,
) -> Preference | None:
    """The person's preference that approves this pattern without asking, if there is one."""
    preference = (
        await session.execute(
            select(Preference).where(
                Preference.organization_id == organization_id,
                Preference.user_id == user_id,
                Preference.pattern == pattern,
            )
        )
    ).scalar_one_or_none()
    if preference is None:
        return None
    strength = await _strength(session, preference, policy, now or utcnow())
    return preference if should_auto_approve(strength, policy.auto_approve_after) else None


async def list_preferences(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    policy: RiskPolicy,
    include_revoked: bool = False,
) -> list[LearnedPreference]:
    """The caller's learned patterns, strongest first."""
    query = select(Preference).where(
        Preference.organization_id == organization_id, Preference.user_id == user_id
    )
    if not include_revoked:
        query = query.where(Preference.revoked_at.is_(None))
    now = utcnow()
    learned = []
    for preference in (await session.execute(query)).scalars():
        strength = await _strength(session, preference, policy, now)
        learned.append(
            LearnedPreference(
                preference, strength, should_auto_approve(strength, policy.auto_approve_after)
            )
        )
    return sorted(learned, key=lambda item: (-item.strength, item.preference.pattern))


async def get_preference(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    preference_id: uuid.UUID,
) -> Preference:
    preference = (
        await session.execute(
            select(Preference).where(
                Preference.id == preference_id,
                Preference.organization_id == organization_id,
                Preference.user_id == user_id,
            )
        )
    ).scalar_one_or_none()
    if preference is None:
        raise NotFound("no such preference")
    return preference


async def revoke_preference(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    preference_id: uuid.UUID,
) -> Preference:
    """Forget what was learned: earlier decisions stop counting, learning starts over."""
    preference = await get_preference(
        session, organization_id=organization_id, user_id=user_id, preference_id=preference_id
    )
    preference.revoked_at = utcnow()
    await session.flush()
    return preference
