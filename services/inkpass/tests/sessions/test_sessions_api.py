"""Refresh rotation with reuse detection, listing and revoking sessions, logging out."""

import uuid
from datetime import timedelta

import jwt
from factories import auth_headers, login, signed_in
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import utcnow
from inkpass.audit.models import AuditEvent
from inkpass.security import republish_session_revocations
from inkpass.sessions.models import LoginSession, RefreshToken
from inkpass.sessions.service import hash_token

REFRESH = "/api/v1/auth/refresh"
SESSIONS = "/api/v1/auth/sessions"


def sid(access_token: str) -> str:
    return str(jwt.decode(access_token, options={"verify_signature": False})["sid"])


async def can_use(client: AsyncClient, access_token: str) -> bool:
    response = await client.get(SESSIONS, headers=auth_headers(access_token))
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def test_refresh_rotates_the_pair_within_the_session(
    client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db, role="admin")
    response = await client.post(REFRESH, json={"refresh_token": me.tokens["refresh_token"]})
    assert response.status_code == 200, response.text
    fresh = response.json()
    assert fresh["refresh_token"] != me.tokens["refresh_token"]
    assert fresh["access_token"] != me.tokens["access_token"]
    assert sid(fresh["access_token"]) == sid(me.tokens["access_token"])
    assert fresh["organization_id"] == str(me.organization_id)
    assert await can_use(client, fresh["access_token"])
    # The chain is stored as hashes, each link pointing to its parent.
    links = list(
        await db.scalars(
            select(RefreshToken).where(
                RefreshToken.session_id == uuid.UUID(sid(fresh["access_token"]))
            )
        )
    )
    by_hash = {link.token_hash: link for link in links}
    assert me.tokens["refresh_token"] not in {link.token_hash for link in links}
    child = by_hash[hash_token(fresh["refresh_token"])]
    parent = by_hash[hash_token(me.tokens["refresh_token"])]
    assert child.parent_id == parent.id and parent.used_at is not None
    assert child.family_id == parent.family_id
    # The refreshed access token reflects the current role.
    claims = jwt.decode(fresh["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["admin"]


async def test_reusing_a_refresh_token_signs_the_whole_family_out(
    client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db)
    stolen = me.tokens["refresh_token"]
    first = (await client.post(REFRESH, json={"refresh_token": stolen})).json()
    second = (await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})).json()
    assert await can_use(client, second["access_token"])

    reused = await client.post(REFRESH, json={"refresh_token": stolen})
    assert reused.status_code == 401
    assert reused.json()["error"] == "RefreshTokenReused"
    # Every token of the family is dead, and so are the session's access tokens, at once.
    latest = await client.post(REFRESH, json={"refresh_token": second["refresh_token"]})
    assert latest.status_code == 401
    assert not await can_use(client, second["access_token"])
    assert not await can_use(client, me.tokens["access_token"])
    login_session = await db.get(LoginSession, uuid.UUID(sid(second["access_token"])))
    assert login_session is not None
    await db.refresh(login_session)
    assert login_session.revoked_at is not None
    assert login_session.revoked_reason == "refresh_token_reused"
    event = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "auth.refresh_token_reused",
            AuditEvent.target_id == str(login_session.id),
        )
    )
    assert event is not None and event.outcome == "failure"
    # Other sessions of the same user are untouched.
    other = await login(client, me.email)
    assert await can_use(client, other["access_token"])


async def test_tokens_cannot_stand_in_for_each_other(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    as_access = await client.get(SESSIONS, headers=auth_headers(me.tokens["refresh_token"]))
    assert as_access.status_code == 401
    as_refresh = await client.post(REFRESH, json={"refresh_token": me.tokens["access_token"]})
    assert as_refresh.status_code == 401
    unknown = await client.post(REFRESH, json={"refresh_token": "flxr_" + "a" * 43})
    assert unknown.status_code == 401
    assert (await client.post(REFRESH, json={})).status_code == 422


async def test_expired_refresh_token_is_refused(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    await db.execute(
        update(RefreshToken)
        .where(RefreshToken.token_hash == hash_token(me.tokens["refresh_token"]))
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    await db.commit()
    response = await client.post(REFRESH, json={"refresh_token": me.tokens["refresh_token"]})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


async def test_refresh_stops_when_the_membership_is_gone(
    client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db)
    await db.delete(me.membership)
    await db.commit()
    response = await client.post(REFRESH, json={"refresh_token": me.tokens["refresh_token"]})
    assert response.status_code == 401
    assert not await can_use(client, me.tokens["access_token"])


async def test_sessions_list_flags_the_current_one(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    other = await login(client, me.email)
    stranger = await signed_in(client, db)
    response = await client.get(
        SESSIONS, headers={**me.headers, "User-Agent": "pytest-browser/1.0"}
    )
    assert response.status_code == 200
    listed = {item["id"]: item for item in response.json()}
    assert set(listed) == {sid(me.tokens["access_token"]), sid(other["access_token"])}
    assert listed[sid(me.tokens["access_token"])]["current"] is True
    assert listed[sid(other["access_token"])]["current"] is False
    assert listed[sid(me.tokens["access_token"])]["authentication_methods"] == ["pwd"]
    assert listed[sid(me.tokens["access_token"])]["ip"] == "127.0.0.1"
    assert sid(stranger.tokens["access_token"]) not in listed


async def test_revoking_a_session_kills_its_tokens_at_once(
    client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db)
    laptop = await login(client, me.email)
    stranger = await signed_in(client, db)
    target = sid(laptop["access_token"])
    # Someone else's session is a 404, and stays alive.
    foreign = await client.delete(
        f"{SESSIONS}/{sid(stranger.tokens['access_token'])}", headers=me.headers
    )
    assert foreign.status_code == 404
    assert await can_use(client, stranger.tokens["access_token"])

    assert (await client.delete(f"{SESSIONS}/{target}", headers=me.headers)).status_code == 204
    assert not await can_use(client, laptop["access_token"])
    refused = await client.post(REFRESH, json={"refresh_token": laptop["refresh_token"]})
    assert refused.status_code == 401
    assert await can_use(client, me.tokens["access_token"])
    assert (await client.delete(f"{SESSIONS}/{target}", headers=me.headers)).status_code == 404
    event = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "session.revoked", AuditEvent.target_id == target
        )
    )
    assert event is not None and event.actor_user_id == me.user_id


async def test_logout_ends_only_the_current_session(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    phone = await login(client, me.email)
    assert (await client.post("/api/v1/auth/logout", headers=me.headers)).status_code == 204
    assert not await can_use(client, me.tokens["access_token"])
    assert (
        await client.post(REFRESH, json={"refresh_token": me.tokens["refresh_token"]})
    ).status_code == 401
    assert await can_use(client, phone["access_token"])
    assert (await client.post("/api/v1/auth/logout")).status_code == 401


async def test_logout_all_ends_every_session(client: AsyncClient, db: AsyncSession) -> None:
    me = await signed_in(client, db)
    devices = [await login(client, me.email) for _ in range(2)]
    bystander = await signed_in(client, db)
    response = await client.post("/api/v1/auth/logout-all", headers=me.headers)
    assert response.status_code == 200
    assert response.json() == {"revoked": 3}
    for tokens in [me.tokens, *devices]:
        assert not await can_use(client, tokens["access_token"])
        refused = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
        assert refused.status_code == 401
    assert await can_use(client, bystander.tokens["access_token"])
    event = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "auth.logout_all", AuditEvent.actor_user_id == me.user_id
        )
    )
    assert event is not None and event.details == {"sessions": 3}


async def test_revocations_are_rebuilt_from_postgres(
    inkpass_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    """Redis lost its revocations (flushed, restarted): InkPass re-publishes them from Postgres."""
    from fluxkit.auth.revocation import RevocationCache

    me = await signed_in(client, db)
    long_ago = await login(client, me.email)
    await client.post("/api/v1/auth/logout", headers=me.headers)
    await client.delete(f"{SESSIONS}/{sid(long_ago['access_token'])}", headers=me.headers)
    await db.execute(
        update(LoginSession)
        .where(LoginSession.id == uuid.UUID(sid(long_ago["access_token"])))
        .values(revoked_at=utcnow() - timedelta(hours=2))
    )
    await db.commit()
    await inkpass_app.state.redis.flushdb()
    fresh = RevocationCache(inkpass_app.state.redis, channel=f"test:{uuid.uuid4().hex}")
    await fresh.start()
    try:
        assert not fresh.is_revoked("session", sid(me.tokens["access_token"]))
        factory = _session_factory_over(db)
        await republish_session_revocations(factory, fresh, inkpass_app.state.settings)
        assert fresh.is_revoked("session", sid(me.tokens["access_token"]))
        # Revoked long before any live token could have been issued: nothing to re-publish.
        assert not fresh.is_revoked("session", sid(long_ago["access_token"]))
    finally:
        await fresh.stop()


def _session_factory_over(db: AsyncSession):  # type: ignore[no-untyped-def]
    """A session factory whose sessions see the test's transaction (its uncommitted rows)."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    return async_sessionmaker(
        bind=db.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
