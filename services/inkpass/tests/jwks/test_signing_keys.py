"""Signing keys: published JWKS that other services verify with, rotation, HS256 mode."""

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from factories import auth_headers, login, make_user, signed_in
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.keys import SigningKey
from fluxkit.auth.tokens import JwtVerifier, RemoteJwksKeySource, access_claims, sign_token
from fluxkit.db import utcnow
from fluxkit.testing import SessionInjectingApp, client_for, running
from inkpass.app import create_app
from inkpass.audit.models import AuditEvent
from inkpass.jwks import service
from inkpass.jwks.models import SigningKeyRecord
from inkpass.settings import InkPassSettings

JWKS = "/.well-known/jwks.json"
ROTATE = "/api/v1/auth/signing-keys/rotate"
SESSIONS = "/api/v1/auth/sessions"


def header(token: str) -> dict[str, str]:
    return jwt.get_unverified_header(token)


@pytest.fixture
async def restore_keys(inkpass_app: FastAPI) -> AsyncIterator[None]:
    """Rotations in a test are rolled back with it; the app's key store must follow. The periodic
    reload is paused meanwhile: it reads committed keys only and would undo the test's rotation."""
    store: service.SigningKeyStore = inkpass_app.state.signing_keys
    await store.stop()
    yield
    await store.reload()
    store.start_maintenance()


async def test_other_services_verify_tokens_through_the_jwks(
    inkpass_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db, role="member")
    response = await client.get(JWKS)
    assert response.status_code == 200
    assert "public" in response.headers["cache-control"]
    keys = response.json()["keys"]
    assert header(me.tokens["access_token"])["kid"] in {key["kid"] for key in keys}
    assert all("d" not in key and key["use"] == "sig" for key in keys)
    assert {key["alg"] for key in keys} <= {"EdDSA", "ES256"}

    # A service that holds no secret at all, only the JWKS URL.
    transport = httpx.ASGITransport(app=SessionInjectingApp(inkpass_app, db))
    async with httpx.AsyncClient(transport=transport, base_url="http://inkpass") as http:
        verifier = JwtVerifier(
            RemoteJwksKeySource("http://inkpass/.well-known/jwks.json", http),
            issuer="fluxos-inkpass",
            audience="fluxos",
        )
        principal = await verifier.verify_access_token(me.tokens["access_token"])
    assert principal.user_id == me.user_id
    assert principal.organization_id == me.organization_id
    assert principal.roles == frozenset({"member"})


async def test_openid_configuration_points_at_the_jwks(client: AsyncClient) -> None:
    body = (await client.get("/.well-known/openid-configuration")).json()
    assert body["issuer"] == "fluxos-inkpass"
    assert body["jwks_uri"].endswith("/.well-known/jwks.json")
    assert body["id_token_signing_alg_values_supported"] == ["EdDSA"]


async def test_private_keys_are_encrypted_at_rest(db: AsyncSession) -> None:
    active = await service.active_record(db)
    assert active is not None and active.private_key_encrypted is not None
    assert "PRIVATE KEY" not in active.private_key_encrypted
    assert active.private_key_encrypted.startswith("v1.")


async def test_rotation_keeps_old_tokens_valid_and_signs_new_ones_with_the_new_key(
    client: AsyncClient, db: AsyncSession, restore_keys: None
) -> None:
    owner = await signed_in(client, db, role="owner")
    old_kid = header(owner.tokens["access_token"])["kid"]
    response = await client.post(ROTATE, headers=owner.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    new_kid = body["active"]["kid"]
    assert body["retired"]["kid"] == old_kid and body["retired"]["status"] == "retired"
    assert new_kid != old_kid

    published = {key["kid"] for key in (await client.get(JWKS)).json()["keys"]}
    assert {old_kid, new_kid} <= published
    assert (await client.get(SESSIONS, headers=owner.headers)).status_code == 200
    fresh = await login(client, owner.email)
    assert header(fresh["access_token"])["kid"] == new_kid
    assert (
        await client.get(SESSIONS, headers=auth_headers(fresh["access_token"]))
    ).status_code == 200

    retired = await db.scalar(select(SigningKeyRecord).where(SigningKeyRecord.kid == old_kid))
    assert retired is not None and retired.private_key_encrypted is None  # wiped
    event = await db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "signing_key.rotated", AuditEvent.target_id == new_kid
        )
    )
    assert event is not None and event.actor_user_id == owner.user_id
    assert event.details["retired_kid"] == old_kid


async def test_retired_keys_leave_the_jwks_once_their_tokens_expired(
    client: AsyncClient, db: AsyncSession, restore_keys: None
) -> None:
    owner = await signed_in(client, db, role="owner")
    old_kid = header(owner.tokens["access_token"])["kid"]
    assert (await client.post(ROTATE, headers=owner.headers)).status_code == 200
    await db.execute(
        update(SigningKeyRecord)
        .where(SigningKeyRecord.kid == old_kid)
        .values(retired_at=utcnow() - timedelta(minutes=33))
    )
    await db.commit()
    published = {key["kid"] for key in (await client.get(JWKS)).json()["keys"]}
    assert old_kid not in published
    assert len(published) == 1


async def test_only_owners_rotate(client: AsyncClient, db: AsyncSession) -> None:
    admin = await signed_in(client, db, role="admin")
    assert (await client.post(ROTATE, headers=admin.headers)).status_code == 403
    assert (await client.post(ROTATE)).status_code == 401


async def test_keys_older_than_the_rotation_period_are_rotated(
    inkpass_app: FastAPI, db: AsyncSession, restore_keys: None
) -> None:
    settings: InkPassSettings = inkpass_app.state.settings
    keyring = service.keyring_for(settings)
    assert not await service.ensure_active_key(db, settings, keyring)
    active = await service.active_record(db)
    assert active is not None
    old_kid = active.kid
    active.activated_at = utcnow() - timedelta(days=settings.signing_key_rotation_days, minutes=1)
    await db.flush()
    assert await service.ensure_active_key(db, settings, keyring)
    current = await service.active_record(db)
    assert current is not None and current.kid != old_kid
    published = {record.kid for record in await service.published_records(db, settings)}
    assert published == {old_kid, current.kid}


async def test_es256_keys_when_configured(inkpass_app: FastAPI, db: AsyncSession) -> None:
    settings = inkpass_app.state.settings.model_copy(update={"jwt_algorithm": "ES256"})
    factory = async_sessionmaker(
        bind=db.bind, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    store = service.SigningKeyStore(settings, factory)
    store.keyring = service.keyring_for(settings)
    await store.maintain()  # the configured algorithm changed: a new ES256 key takes over
    assert store.active.algorithm == "ES256"
    token = store.sign(
        access_claims(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            user_id=uuid.uuid4(),
            organization_id=None,
            roles=[],
            session_id=None,
            lifetime=timedelta(minutes=5),
        )
    )
    assert header(token)["alg"] == "ES256"
    verifier = JwtVerifier(store, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    assert (await verifier.verify_access_token(token)).kind == "user"
    document = await service.jwks_document(db, settings)
    assert {(key["kty"], key.get("crv")) for key in document["keys"]} == {
        ("EC", "P-256"),
        ("OKP", "Ed25519"),
    }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


async def test_forged_and_misused_tokens_are_refused_by_the_api(
    inkpass_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    me = await signed_in(client, db)
    good = jwt.decode(me.tokens["access_token"], options={"verify_signature": False})
    active: SigningKey = inkpass_app.state.signing_keys.active
    kid = active.kid

    def unsigned(alg: str) -> str:
        head = _b64(json.dumps({"alg": alg, "typ": "JWT", "kid": kid}).encode())
        return f"{head}.{_b64(json.dumps(good).encode())}."

    public_pem = active.verification_key().key.public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    confusion_input = (
        _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
        + "."
        + _b64(json.dumps(good).encode())
    )
    confusion = (
        confusion_input
        + "."
        + _b64(hmac.new(public_pem, confusion_input.encode(), hashlib.sha256).digest())
    )
    now = int(utcnow().timestamp())
    forged = {
        "alg none": unsigned("none"),
        "alg None": unsigned("None"),
        "HS256 keyed with the public key": confusion,
        "another key": sign_token(good, SigningKey.generate("EdDSA", kid=kid)),
        "wrong audience": sign_token({**good, "aud": "someone-else"}, active),
        "wrong issuer": sign_token({**good, "iss": "https://evil.example"}, active),
        "expired": sign_token({**good, "iat": now - 3600, "exp": now - 1800}, active),
        "not an access token": sign_token({**good, "typ": "refresh"}, active),
        "tampered payload": me.tokens["access_token"].split(".")[0]
        + "."
        + _b64(json.dumps({**good, "roles": ["owner"]}).encode())
        + "."
        + me.tokens["access_token"].split(".")[2],
        "the refresh token": me.tokens["refresh_token"],
    }
    for name, token in forged.items():
        response = await client.get(SESSIONS, headers=auth_headers(token))
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"] == "Bearer", name
    assert (await client.get(SESSIONS, headers=me.headers)).status_code == 200


@pytest.fixture
async def hs256_app(inkpass_settings: InkPassSettings) -> AsyncIterator[FastAPI]:
    settings = inkpass_settings.model_copy(
        update={"jwt_algorithm": "HS256", "jwt_hs256_secret": SecretStr("h" * 48)}
    )
    async with running(create_app(settings)) as app:
        yield app


async def test_hs256_mode_uses_the_shared_secret(
    hs256_app: FastAPI, client: AsyncClient, db: AsyncSession
) -> None:
    user, _, _ = await make_user(db, role="owner")
    eddsa_tokens = await login(client, user.email)
    async with client_for(hs256_app, db) as http:
        tokens = await login(http, user.email)
        assert header(tokens["access_token"]) == {"alg": "HS256", "typ": "JWT"}
        claims = jwt.decode(
            tokens["access_token"], "h" * 48, algorithms=["HS256"], audience="fluxos"
        )
        assert claims["sub"] == str(user.id)
        assert (
            await http.get(SESSIONS, headers=auth_headers(tokens["access_token"]))
        ).status_code == 200
        # An asymmetric token means nothing to an HS256 deployment, and vice versa.
        refused = await http.get(SESSIONS, headers=auth_headers(eddsa_tokens["access_token"]))
        assert refused.status_code == 401
        assert (await http.get(JWKS)).json() == {"keys": []}
        rotate = await http.post(ROTATE, headers=auth_headers(tokens["access_token"]))
        assert rotate.status_code == 409
    refused = await client.get(SESSIONS, headers=auth_headers(tokens["access_token"]))
    assert refused.status_code == 401
