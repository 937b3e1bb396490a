"""Preference learning: consistent approvals auto-approve the same pattern, visibly and
revocably; a rejection, another pattern or an explicit checkpoint still asks."""

from __future__ import annotations

import uuid
from datetime import timedelta

from checkpoint_testkit import agent, make_task
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from tentacle_testkit import Caller, Tokens

from fluxkit.db import utcnow
from tentacle.checkpoints.models import Checkpoint
from tentacle.checkpoints.policy import RiskPolicy
from tentacle.checkpoints.service import gate_step
from tentacle.preferences.models import PreferenceDecision

POLICY = RiskPolicy(auto_approve_after=3)


async def _gate(
    db: AsyncSession, caller: Caller, inputs: dict[str, object], *, checkpoint: dict | None = None
) -> uuid.UUID | None:
    """Gate one notify step for ``caller``; the pending checkpoint's id, or None if it may run."""
    task, (step,) = await make_task(
        db,
        organization_id=caller.organization_id,
        user_id=caller.user_id,
        steps=[{"inputs": inputs, "checkpoint": checkpoint}],
    )
    pending = await gate_step(db, task=task, step=step, agent=agent(), policy=POLICY)
    pending_id = pending.id if pending is not None else None
    await db.commit()
    return pending_id


async def _decide(
    client: AsyncClient, caller: Caller, checkpoint_id: uuid.UUID, action: str
) -> None:
    body = {"reason": "no"} if action == "reject" else None
    response = await client.post(
        f"/api/v1/checkpoints/{checkpoint_id}/{action}", json=body, headers=caller.headers
    )
    assert response.status_code == 200, response.text


async def test_three_approvals_of_a_pattern_auto_approve_the_fourth(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    for number in range(3):
        pending = await _gate(db, caller, {"to": f"p{number}@acme.test", "body": str(number)})
        assert pending is not None, f"approval {number + 1} should still be asked"
        await _decide(client, caller, pending, "approve")

    assert await _gate(db, caller, {"to": "new@acme.test", "body": "4"}) is None
    auto = (
        (
            await db.execute(
                select(Checkpoint).where(
                    Checkpoint.user_id == caller.user_id, Checkpoint.status == "auto_approved"
                )
            )
        )
        .scalars()
        .one()
    )
    assert auto.resolved_via == "preference" and auto.preference_id is not None

    listed = (await client.get("/api/v1/preferences", headers=caller.headers)).json()["items"]
    (preference,) = listed
    assert preference["agent_type"] == "notify" and preference["risk_kind"] == "send"
    assert preference["features"] == {"to": "@acme.test"}
    assert preference["approvals"] == 3 and preference["auto_approvals"] == 1
    assert preference["auto_approves"] is True

    # Another recipient domain is another decision: still asked.
    assert await _gate(db, caller, {"to": "eve@elsewhere.test", "body": "x"}) is not None
    # Another person has learned nothing.
    assert await _gate(db, tokens.caller(caller.organization_id), {"to": "a@acme.test"}) is not None


async def test_revoking_a_preference_makes_its_checkpoints_ask_again(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    for number in range(3):
        pending = await _gate(db, caller, {"to": f"p{number}@acme.test"})
        assert pending is not None
        await _decide(client, caller, pending, "approve")
    (preference,) = (await client.get("/api/v1/preferences", headers=caller.headers)).json()[
        "items"
    ]
    other = tokens.caller()
    assert (
        await client.delete(f"/api/v1/preferences/{preference['id']}", headers=other.headers)
    ).status_code == 404
    revoked = await client.delete(f"/api/v1/preferences/{preference['id']}", headers=caller.headers)
    assert revoked.status_code == 204
    assert (await client.get("/api/v1/preferences", headers=caller.headers)).json()["items"] == []
    with_revoked = await client.get(
        "/api/v1/preferences", params={"include_revoked": "true"}, headers=caller.headers
    )
    assert with_revoked.json()["items"][0]["revoked_at"] is not None
    assert with_revoked.json()["items"][0]["auto_approves"] is False

    assert await _gate(db, caller, {"to": "again@acme.test"}) is not None


async def test_a_rejection_resets_what_was_learned(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    for action in ("approve", "approve", "reject", "approve", "approve"):
        pending = await _gate(db, caller, {"to": "x@acme.test"})
        assert pending is not None
        await _decide(client, caller, pending, action)
    # Two approvals since the rejection: not yet consistent enough.
    assert await _gate(db, caller, {"to": "x@acme.test"}) is not None


async def test_approving_without_remembering_teaches_nothing(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    for _ in range(3):
        pending = await _gate(db, caller, {"to": "x@acme.test"})
        assert pending is not None
        response = await client.post(
            f"/api/v1/checkpoints/{pending}/approve",
            json={"remember": False},
            headers=caller.headers,
        )
        assert response.status_code == 200
    assert await _gate(db, caller, {"to": "x@acme.test"}) is not None


async def test_explicit_checkpoints_are_never_auto_approved(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    explicit = {"required": True, "reason": "the plan wants you to check"}
    for _ in range(4):
        pending = await _gate(db, caller, {"to": "x@acme.test"}, checkpoint=explicit)
        assert pending is not None
        await _decide(client, caller, pending, "approve")
    assert await _gate(db, caller, {"to": "x@acme.test"}, checkpoint=explicit) is not None


async def test_old_approvals_decay_and_stop_auto_approving(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    for _ in range(3):
        pending = await _gate(db, caller, {"to": "x@acme.test"})
        assert pending is not None
        await _decide(client, caller, pending, "approve")
    # Age the decisions by a year: far past the grace period and several half-lives.
    decisions = (
        (
            await db.execute(
                select(PreferenceDecision).where(
                    PreferenceDecision.organization_id == caller.organization_id
                )
            )
        )
        .scalars()
        .all()
    )
    for decision in decisions:
        decision.decided_at = utcnow() - timedelta(days=365)
    await db.commit()
    assert await _gate(db, caller, {"to": "x@acme.test"}) is not None
    (preference,) = (await client.get("/api/v1/preferences", headers=caller.headers)).json()[
        "items"
    ]
    assert preference["strength"] < 1 and preference["auto_approves"] is False


async def test_auto_approvals_are_listed_among_the_callers_checkpoints(
    db: AsyncSession, client: AsyncClient, tokens: Tokens
) -> None:
    caller = tokens.caller()
    for _ in range(3):
        pending = await _gate(db, caller, {"to": "x@acme.test"})
        assert pending is not None
        await _decide(client, caller, pending, "approve")
    assert await _gate(db, caller, {"to": "y@acme.test"}) is None

    auto = await client.get(
        "/api/v1/checkpoints", params={"status": "auto_approved"}, headers=caller.headers
    )
    (item,) = auto.json()["items"]
    assert item["resolved_via"] == "preference" and item["preview"]["inputs"]["to"] == "y@acme.test"
    everything = await client.get(
        "/api/v1/checkpoints", params={"status": "any"}, headers=caller.headers
    )
    assert [i["status"] for i in everything.json()["items"]] == ["approved"] * 3 + ["auto_approved"]
    bad = await client.get(
        "/api/v1/checkpoints", params={"status": "bogus"}, headers=caller.headers
    )
    assert bad.status_code == 422
