"""Sign-in with Google against a real local OpenID provider (tests/fakes/oidc.py)."""

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from factories import auth_headers, make_user
from fakes.oidc import FakeOidcProvider
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.oauth.models import OAuthIdentity
from inkpass.orgs.models import Membership
from inkpass.users.models import User

START = "/api/v1/auth/oauth/google/start"
CALLBACK = "/api/v1/auth/oauth/google/callback"
JSON = {"accept": "application/json"}


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[FakeOidcProvider]:
    provider = FakeOidcProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc(inkpass_app: FastAPI, oidc_server: FakeOidcProvider) -> Iterator[FakeOidcProvider]:
    """Point InkPass's Google settings at the local provider for one test."""
    oidc_server.reset()
    original = inkpass_app.state.settings
    inkpass_app.state.settings = original.model_copy(
        update={
            "google_issuer": oidc_server.issuer,
            "google_client_id": oidc_server.client_id,
            "google_client_secret": SecretStr(oidc_server.client_secret),
        }
    )
    yield oidc_server
    inkpass_app.state.settings = original


@pytest.fixture
async def browser() -> AsyncIterator[AsyncClient]:
    """The user's browser on the provider's side: real HTTP, redirects shown, not followed."""
    async with httpx.AsyncClient(timeout=10) as http:
        yield http


async def authorize(client: AsyncClient, browser: AsyncClient, **params: Any) -> dict[str, str]:
    """Start, visit the provider (which approves), and return the callback's query."""
    started = await client.get(START, params=params, headers=JSON)
    assert started.status_code == 200, started.text
    approved = await browser.get(started.json()["authorization_url"])
    assert approved.status_code == 302, approved.text
    location = urlsplit(approved.headers["location"])
    assert location.path == CALLBACK
    return {key: values[0] for key, values in parse_qs(location.query).items()}


async def count(db: AsyncSession, model: Any, *where: Any) -> int:
    return int(await db.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_first_sign_in_creates_a_verified_user_with_a_personal_organization(
    client: AsyncClient, db: AsyncSession, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    oidc.user = {**oidc.user, "email": "New.Person@Example.com", "name": "New Person"}
    query = await authorize(client, browser)
    response = await client.get(CALLBACK, params=query)
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["token_type"] == "bearer" and tokens["refresh_token"]
    user = await db.scalar(select(User).where(User.email == "new.person@example.com"))
    assert user is not None
    assert user.email_verified_at is not None and user.password_hash is None
    assert user.display_name == "New Person"
    membership = await db.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership is not None and membership.role == "owner"
    assert tokens["organization_id"] == str(membership.organization_id)
    identity = await db.scalar(select(OAuthIdentity).where(OAuthIdentity.user_id == user.id))
    assert identity is not None and identity.subject == "google-sub-1"
    # The tokens work like any others.
    me = await client.get("/api/v1/auth/sessions", headers=auth_headers(tokens["access_token"]))
    assert me.status_code == 200, me.text
    # PKCE travelled: the provider saw the verifier matching the challenge (or it would refuse).
    assert oidc.token_requests[-1]["code_verifier"]
    assert oidc.token_requests[-1]["client_secret"] == oidc.client_secret


async def test_existing_verified_account_is_linked_by_email(
    client: AsyncClient, db: AsyncSession, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    user, org, _ = await make_user(db, email="bob@example.com", role="admin")
    user_id, org_id, password = user.id, org.id, user.password_hash
    oidc.user = {**oidc.user, "sub": "bob-sub", "email": "BOB@example.com"}
    response = await client.get(CALLBACK, params=await authorize(client, browser))
    assert response.status_code == 200, response.text
    assert response.json()["user_id"] == str(user_id)
    assert response.json()["organization_id"] == str(org_id)
    await db.refresh(user)
    assert user.password_hash == password  # a verified owner keeps their password
    assert await count(db, User, func.lower(User.email) == "bob@example.com") == 1

    # Next time the provider account is recognised by its subject, even under a new address.
    oidc.user = {**oidc.user, "email": "robert@example.com"}
    again = await client.get(CALLBACK, params=await authorize(client, browser))
    assert again.status_code == 200, again.text
    assert again.json()["user_id"] == str(user_id)
    assert await count(db, OAuthIdentity, OAuthIdentity.user_id == user_id) == 1


async def test_unverified_local_account_loses_its_password_when_linked(
    client: AsyncClient, db: AsyncSession, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    squatter, _, _ = await make_user(db, email="carol@example.com")
    squatter.email_verified_at = None
    await db.commit()
    oidc.user = {**oidc.user, "sub": "carol-sub", "email": "carol@example.com"}
    response = await client.get(CALLBACK, params=await authorize(client, browser))
    assert response.status_code == 200, response.text
    await db.refresh(squatter)
    assert squatter.password_hash is None
    assert squatter.email_verified_at is not None
    login = await client.post(
        "/api/v1/auth/login",
        json={"email": "carol@example.com", "password": "correct horse battery staple"},
    )
    assert login.status_code == 401


async def test_state_is_required_single_use_and_bound(
    client: AsyncClient, db: AsyncSession, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    query = await authorize(client, browser)
    forged = await client.get(CALLBACK, params={**query, "state": "made-up"})
    assert forged.status_code == 400
    assert forged.json()["error"] == "InvalidOAuthState"
    missing = await client.get(CALLBACK, params={"code": query["code"]})
    assert missing.status_code == 400
    assert await count(db, User, User.email == "alice@example.com") == 0

    first = await client.get(CALLBACK, params=query)
    assert first.status_code == 200, first.text
    replay = await client.get(CALLBACK, params=query)
    assert replay.status_code == 400
    assert replay.json()["error"] == "InvalidOAuthState"


async def test_provider_refusal_is_reported(
    client: AsyncClient, db: AsyncSession, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    query = await authorize(client, browser)
    denied = await client.get(CALLBACK, params={"state": query["state"], "error": "access_denied"})
    assert denied.status_code == 400
    assert "access_denied" in denied.json()["detail"]
    # The state was spent by the refusal: the code cannot be used with it afterwards.
    assert (await client.get(CALLBACK, params=query)).status_code == 400


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        ({"id_token_overrides": {"nonce": "another-attempt"}}, "nonce"),
        ({"id_token_overrides": {"nonce": None}}, "nonce"),
        ({"id_token_overrides": {"aud": "someone-else"}}, "audience"),
        ({"id_token_overrides": {"iss": "https://evil.example"}}, "issuer"),
        ({"id_token_overrides": {"exp": int(time.time()) - 3600}}, "expired"),
        ({"sign_with_foreign_key": True}, "signature"),
        ({"user": {"sub": "x", "email": "dave@example.com", "email_verified": False}}, "verified"),
        ({"user": {"sub": "x", "email": "dave@example.com"}}, "verified"),
    ],
)
async def test_untrustworthy_id_tokens_are_refused_and_create_nothing(
    client: AsyncClient,
    db: AsyncSession,
    oidc: FakeOidcProvider,
    browser: AsyncClient,
    spoil: dict[str, Any],
    reason: str,
) -> None:
    for name, value in spoil.items():
        setattr(oidc, name, value)
    response = await client.get(CALLBACK, params=await authorize(client, browser))
    assert response.status_code == 401, response.text
    detail = response.json()["detail"].lower()
    assert reason in detail or (reason == "expired" and "expired" in detail), detail
    assert await count(db, User, User.email.in_(["alice@example.com", "dave@example.com"])) == 0
    assert await count(db, OAuthIdentity) == 0


async def test_browser_flow_returns_to_the_app_with_tokens_in_the_fragment(
    client: AsyncClient, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    started = await client.get(START, params={"redirect_uri": "/inbox?tab=all"})
    assert started.status_code == 302
    assert started.headers["location"].startswith(f"{oidc.issuer}/authorize?")
    approved = await browser.get(started.headers["location"])
    query = parse_qs(urlsplit(approved.headers["location"]).query)
    back = await client.get(CALLBACK, params={key: values[0] for key, values in query.items()})
    assert back.status_code == 302
    target = urlsplit(back.headers["location"])
    assert (target.path, target.query) == ("/inbox", "tab=all")
    fragment = parse_qs(target.fragment)
    assert fragment["token_type"] == ["bearer"] and fragment["access_token"][0]
    assert back.headers["cache-control"] == "no-store"

    for hostile in (
        "https://evil.example/steal",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        refused = await client.get(START, params={"redirect_uri": hostile}, headers=JSON)
        assert refused.status_code == 400, hostile


async def test_two_factor_accounts_get_a_challenge_instead_of_tokens(
    client: AsyncClient, db: AsyncSession, oidc: FakeOidcProvider, browser: AsyncClient
) -> None:
    await make_user(db, email="erin@example.com", totp_enabled=True)
    oidc.user = {**oidc.user, "sub": "erin-sub", "email": "erin@example.com"}
    response = await client.get(CALLBACK, params=await authorize(client, browser))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mfa_required"] is True and body["mfa_token"]
    assert "access_token" not in body


async def test_not_configured_is_a_clear_404(client: AsyncClient, inkpass_app: FastAPI) -> None:
    assert not inkpass_app.state.settings.google_client_id
    response = await client.get(START, headers=JSON)
    assert response.status_code == 404
    assert "not configured" in response.json()["detail"]
