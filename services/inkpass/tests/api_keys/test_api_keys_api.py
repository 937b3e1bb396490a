"""API keys over HTTP: shown once, stored hashed, scoped, per organization, revocable at once."""

import asyncio
import hashlib
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from factories import SignedIn, auth_headers, login, make_user, signed_in
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.api_keys import CachingApiKeyVerifier, RemoteApiKeyIntrospector
from fluxkit.auth.revocation import RevocationCache
from fluxkit.errors import Unauthorized
from fluxkit.redis import create_redis
from fluxkit.testing import client_for
from inkpass.api_keys.models import ApiKey
from inkpass.api_keys.service import republish_revocations
from inkpass.audit.models import AuditEvent
from inkpass.orgs.models import Membership
from inkpass.service_principals.service import ensure_service_credential

KEYS = "/api/v1/api-keys"


@pytest.fixture(autouse=True)
async def verifiers_in_test_transaction(
    inkpass_app: FastAPI, db: AsyncSession
) -> AsyncIterator[None]:
    """Credential lookups run outside the request's session; here they share the test's
    transaction so they see rows the test made (and leave nothing behind)."""
    factory = async_sessionmaker(
        bind=db.bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    api_keys = inkpass_app.state.authenticator.api_keys
    services = inkpass_app.state.authenticator.services
    api_keys.session_factory = factory
    services.session_factory = factory
    api_keys.cache.invalidate_all()
    yield
    api_keys.session_factory = None
    services.session_factory = None
    api_keys.cache.invalidate_all()


async def create_key(
    client: AsyncClient, owner: SignedIn | dict[str, str], **body: object
) -> dict[str, object]:
    headers = owner.headers if isinstance(owner, SignedIn) else owner
    payload = {"name": "ci", "scopes": ["*"], **body}
    response = await client.post(KEYS, json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def service_token(db: AsyncSession) -> str:
    token = await ensure_service_credential(db, f"svc-{uuid.uuid4().hex[:8]}")
    assert token is not None
    await db.commit()
    return token


async def test_key_is_shown_once_and_stored_only_as_a_hash(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    created = await create_key(client, owner, name="deploy bot", scopes=["tasks:read", "tasks:*"])
    key = str(created["key"])
    assert key.startswith(str(created["prefix"]) + "_")
    assert str(created["prefix"]).startswith("flx_") and len(str(created["prefix"])) == 16
    assert created["scopes"] == ["tasks:*", "tasks:read"]
    assert created["created_by"] == str(owner.user_id)

    listed = (await client.get(KEYS, headers=owner.headers)).json()
    assert [item["id"] for item in listed] == [created["id"]]
    one = (await client.get(f"{KEYS}/{created['id']}", headers=owner.headers)).json()
    for shown in (listed[0], one):
        assert "key" not in shown and "key_hash" not in shown
        assert key not in str(shown)
        assert shown["prefix"] == created["prefix"]

    row = await db.scalar(select(ApiKey).where(ApiKey.id == uuid.UUID(str(created["id"]))))
    assert row is not None and row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    secret = key.rsplit("_", 1)[1]
    dump = await db.scalar(
        text("SELECT row_to_json(api_keys)::text FROM api_keys WHERE id = :id"), {"id": row.id}
    )
    assert secret not in str(dump)

    audit = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "api_key.created", AuditEvent.target_id == str(row.id)
        )
    )
    assert audit is not None and audit.actor_user_id == owner.user_id
    assert audit.organization_id == owner.organization_id and key not in str(audit.details)


async def test_a_key_acts_as_its_creator_narrowed_by_scopes(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    reader = await create_key(client, owner, scopes=["api_keys:read"])
    tasks_only = await create_key(client, owner, scopes=["tasks:read"])

    as_reader = auth_headers(str(reader["key"]))
    listed = await client.get(KEYS, headers=as_reader)
    assert listed.status_code == 200, listed.text
    assert {item["id"] for item in listed.json()} == {reader["id"], tasks_only["id"]}
    # Reading does not allow writing, and a narrow key cannot read keys at all.
    denied = await client.post(KEYS, json={"name": "x", "scopes": ["*"]}, headers=as_reader)
    assert denied.status_code == 403
    narrow = await client.get(KEYS, headers=auth_headers(str(tasks_only["key"])))
    assert narrow.status_code == 403

    # A key may create keys only within its own scopes, and they are credited to the creator.
    writer = await create_key(client, owner, scopes=["api_keys:*", "tasks:read"])
    as_writer = auth_headers(str(writer["key"]))
    wider = await client.post(KEYS, json={"name": "x", "scopes": ["tasks:*"]}, headers=as_writer)
    assert wider.status_code == 403
    child = await client.post(KEYS, json={"name": "x", "scopes": ["tasks:read"]}, headers=as_writer)
    assert child.status_code == 201 and child.json()["created_by"] == str(owner.user_id)


@pytest.mark.parametrize(
    "scopes", [[], ["tasks"], ["Tasks:read"], ["tasks:read:extra"], ["*:read"], ["tasks: read"]]
)
async def test_invalid_scopes_are_refused(
    client: AsyncClient, db: AsyncSession, scopes: list[str]
) -> None:
    owner = await signed_in(client, db)
    response = await client.post(KEYS, json={"name": "x", "scopes": scopes}, headers=owner.headers)
    assert response.status_code == 422
    assert (await client.get(KEYS, headers=owner.headers)).json() == []


async def test_past_expiry_and_unknown_fields_are_refused(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    for body in (
        {"name": "x", "scopes": ["*"], "expires_at": past},
        {"name": "x", "scopes": ["*"], "key": "flx_mine"},
    ):
        assert (await client.post(KEYS, json=body, headers=owner.headers)).status_code == 422


async def test_viewers_cannot_create_keys_members_can(
    client: AsyncClient, db: AsyncSession
) -> None:
    viewer = await signed_in(client, db, role="viewer")
    response = await client.post(KEYS, json={"name": "x", "scopes": ["*"]}, headers=viewer.headers)
    assert response.status_code == 403
    member = await signed_in(client, db, role="member")
    await create_key(client, member)


async def test_another_organizations_key_is_not_found(
    client: AsyncClient, db: AsyncSession
) -> None:
    alice = await signed_in(client, db)
    mallory = await signed_in(client, db)
    key = await create_key(client, alice)
    assert (await client.get(f"{KEYS}/{key['id']}", headers=mallory.headers)).status_code == 404
    assert (await client.delete(f"{KEYS}/{key['id']}", headers=mallory.headers)).status_code == 404
    assert (await client.get(KEYS, headers=mallory.headers)).json() == []
    # Still alive for its owner.
    assert (await client.get(KEYS, headers=auth_headers(str(key["key"])))).status_code == 200


async def test_revocation_takes_effect_immediately_and_is_audited(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    key = await create_key(client, owner)
    headers = auth_headers(str(key["key"]))
    assert (await client.get(KEYS, headers=headers)).status_code == 200  # now cached

    revoked = await client.delete(f"{KEYS}/{key['id']}", headers=owner.headers)
    assert revoked.status_code == 204
    rejected = await client.get(KEYS, headers=headers)
    assert rejected.status_code == 401 and rejected.json()["error"] == "Unauthorized"
    shown = (await client.get(f"{KEYS}/{key['id']}", headers=owner.headers)).json()
    assert shown["revoked_at"] is not None
    # Revoking again changes nothing.
    assert (await client.delete(f"{KEYS}/{key['id']}", headers=owner.headers)).status_code == 204
    events = (
        await db.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "api_key.revoked", AuditEvent.target_id == str(key["id"])
            )
        )
    ).all()
    assert len(events) == 1 and events[0].actor_user_id == owner.user_id


async def test_only_the_creator_or_an_admin_revokes(client: AsyncClient, db: AsyncSession) -> None:
    creator = await signed_in(client, db, role="member")
    colleague_user, _, _ = await make_user(db, org=creator.org, role="member")
    admin_user, _, _ = await make_user(db, org=creator.org, role="admin")
    colleague = auth_headers((await login(client, colleague_user.email))["access_token"])
    admin = auth_headers((await login(client, admin_user.email))["access_token"])
    key = await create_key(client, creator)
    assert (await client.delete(f"{KEYS}/{key['id']}", headers=colleague)).status_code == 403
    assert (await client.delete(f"{KEYS}/{key['id']}", headers=admin)).status_code == 204


async def test_unknown_malformed_and_expired_keys_are_unauthorized(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    created = await create_key(client, owner)
    key = str(created["key"])
    forged = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    for credential in (forged, "flx_nope", key + "x"):
        response = await client.get(KEYS, headers=auth_headers(credential))
        assert response.status_code == 401, credential

    await db.execute(
        update(ApiKey)
        .where(ApiKey.id == uuid.UUID(str(created["id"])))
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    await db.commit()
    assert (await client.get(KEYS, headers=auth_headers(key))).status_code == 401


async def test_a_cached_key_stops_working_when_it_expires(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    expires_at = datetime.now(UTC) + timedelta(seconds=1.5)
    key = await create_key(client, owner, expires_at=expires_at.isoformat())
    headers = auth_headers(str(key["key"]))
    assert (await client.get(KEYS, headers=headers)).status_code == 200
    await asyncio.sleep(max(0.0, (expires_at - datetime.now(UTC)).total_seconds()) + 0.1)
    assert (await client.get(KEYS, headers=headers)).status_code == 401


async def test_key_follows_its_creators_membership(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db, role="member")
    demoted_key = await create_key(client, owner, scopes=["api_keys:*"])
    orphan_key = await create_key(client, owner)
    membership = await db.scalar(select(Membership).where(Membership.user_id == owner.user_id))
    assert membership is not None
    membership.role = "viewer"
    await db.commit()
    # The key now carries the viewer role: listing works, creating does not.
    as_demoted = auth_headers(str(demoted_key["key"]))
    assert (await client.get(KEYS, headers=as_demoted)).status_code == 200
    denied = await client.post(
        KEYS, json={"name": "x", "scopes": ["api_keys:read"]}, headers=as_demoted
    )
    assert denied.status_code == 403

    await db.delete(membership)
    await db.commit()
    assert (await client.get(KEYS, headers=auth_headers(str(orphan_key["key"])))).status_code == 401


async def test_last_used_is_recorded_at_most_once_a_minute(
    client: AsyncClient, db: AsyncSession, inkpass_app: FastAPI
) -> None:
    owner = await signed_in(client, db)
    key = await create_key(client, owner)
    key_id = uuid.UUID(str(key["id"]))
    assert key["last_used_at"] is None
    headers = auth_headers(str(key["key"]))
    await client.get(KEYS, headers=headers)
    first = (await client.get(f"{KEYS}/{key_id}", headers=owner.headers)).json()["last_used_at"]
    assert first is not None
    for _ in range(3):
        await client.get(KEYS, headers=headers)
    again = (await client.get(f"{KEYS}/{key_id}", headers=owner.headers)).json()["last_used_at"]
    assert again == first
    # Once the minute has passed (its marker expired), the next use is recorded.
    await inkpass_app.state.redis.delete(f"fluxos:api_key:last_used:{key_id}")
    await client.get(KEYS, headers=headers)
    later = (await client.get(f"{KEYS}/{key_id}", headers=owner.headers)).json()["last_used_at"]
    assert later > first


async def test_introspection_is_for_services_only(client: AsyncClient, db: AsyncSession) -> None:
    owner = await signed_in(client, db)
    key = await create_key(client, owner, scopes=["tasks:read"])
    body = {"key": key["key"]}
    as_user = await client.post(f"{KEYS}/introspect", json=body, headers=owner.headers)
    assert as_user.status_code == 403
    as_key = await client.post(
        f"{KEYS}/introspect", json=body, headers=auth_headers(str(key["key"]))
    )
    assert as_key.status_code == 403

    service = auth_headers(await service_token(db))
    answer = (await client.post(f"{KEYS}/introspect", json=body, headers=service)).json()
    assert answer["active"] is True
    assert answer["user_id"] == str(owner.user_id)
    assert answer["organization_id"] == str(owner.organization_id)
    assert answer["roles"] == ["owner"] and answer["scopes"] == ["tasks:read"]
    assert answer["api_key_id"] == key["id"]
    unknown = {"key": "flx_aaaaaaaaaaaa_" + "A" * 32}
    assert (await client.post(f"{KEYS}/introspect", json=unknown, headers=service)).json() == {
        "active": False
    }


async def test_revocation_reaches_another_service_within_a_second(
    inkpass_app: FastAPI, client: AsyncClient, db: AsyncSession, redis_url: str
) -> None:
    """Another service verifies keys through InkPass with its own cache and revocation listener;
    revoking at InkPass makes it refuse the key within a second."""
    owner = await signed_in(client, db)
    key = await create_key(client, owner)
    token = await service_token(db)
    other_redis = create_redis(redis_url)
    other_revocations = RevocationCache(other_redis)
    await other_revocations.start()
    try:
        async with client_for(inkpass_app, db) as http:
            other_service = CachingApiKeyVerifier(
                RemoteApiKeyIntrospector("http://testserver", token, http_client=http),
                other_revocations,
                ttl_seconds=3600,
            )
            principal = await other_service.verify_api_key(str(key["key"]))
            assert principal.user_id == owner.user_id and principal.kind == "api_key"

            revoked = await client.delete(f"{KEYS}/{key['id']}", headers=owner.headers)
            assert revoked.status_code == 204
            started = time.monotonic()
            while True:
                try:
                    await other_service.verify_api_key(str(key["key"]))
                except Unauthorized:
                    break
                assert time.monotonic() - started < 1.0, "still accepted a second after revoking"
                await asyncio.sleep(0.01)
    finally:
        await other_revocations.stop()
        await other_redis.aclose()


async def test_an_api_key_cannot_change_two_factor_settings(
    client: AsyncClient, db: AsyncSession
) -> None:
    owner = await signed_in(client, db)
    key = await create_key(client, owner)
    setup = await client.post("/api/v1/auth/2fa/totp/setup", headers=auth_headers(str(key["key"])))
    assert setup.status_code == 403


async def test_recent_revocations_are_republished_from_the_database(
    client: AsyncClient, db: AsyncSession, inkpass_app: FastAPI, redis_url: str
) -> None:
    owner = await signed_in(client, db)
    recent = await create_key(client, owner)
    old = await create_key(client, owner)
    assert (await client.delete(f"{KEYS}/{recent['id']}", headers=owner.headers)).status_code == 204
    await db.execute(
        update(ApiKey)
        .where(ApiKey.id == uuid.UUID(str(old["id"])))
        .values(revoked_at=datetime.now(UTC) - timedelta(days=1))
    )
    await db.commit()
    # Redis lost everything; a fresh process learns the revocations again from Postgres.
    await inkpass_app.state.redis.flushdb()
    fresh_redis = create_redis(redis_url)
    fresh = RevocationCache(fresh_redis)
    try:
        factory = async_sessionmaker(bind=db.bind, join_transaction_mode="create_savepoint")
        await republish_revocations(factory, fresh, inkpass_app.state.settings)
        assert fresh.is_revoked("api_key", str(recent["id"]))
        assert not fresh.is_revoked("api_key", str(old["id"]))
    finally:
        await fresh_redis.aclose()
