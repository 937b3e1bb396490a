"""Sign-in with Google: the start (state, nonce, PKCE in Redis for ten minutes, single use) and
the callback (code exchange, ID-token checks, account linking by verified email, tokens).

Any failure answers 4xx before anything is written (the request's transaction rolls back) and
leaves an ``auth.oauth.failed`` audit event of its own.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import BadRequest, FluxError, Unauthorized
from inkpass.audit.service import record, record_independent
from inkpass.auth.mfa import MFA_CHALLENGE_SECONDS, create_mfa_challenge
from inkpass.auth.schemas import MfaRequired
from inkpass.oauth.models import OAuthIdentity
from inkpass.oauth.oidc import OidcProvider
from inkpass.oauth.schemas import AuthorizationStart
from inkpass.orgs.service import create_organization, default_membership
from inkpass.sessions.service import TokenPair, issue_tokens
from inkpass.settings import InkPassSettings
from inkpass.users.models import User
from inkpass.users.service import create_user, get_user_by_email, mark_email_verified, normalize

PROVIDER = "google"
METHODS = ["oauth_google"]
STATE_SECONDS = 600
STATE_KEY = "inkpass:oauth-state:{}"
CALLBACK_PATH = "/api/v1/auth/oauth/google/callback"


class OAuthNotConfigured(FluxError):
    status_code = 404

    def __init__(self) -> None:
        super().__init__("sign-in with Google is not configured on this server")


class InvalidOAuthState(BadRequest):
    def __init__(self) -> None:
        super().__init__("this sign-in attempt is unknown, expired or already used; start again")


class OAuthDenied(BadRequest):
    pass


class InvalidRedirect(BadRequest):
    pass


class EmailNotVerified(Unauthorized):
    def __init__(self) -> None:
        super().__init__("the provider has not verified this email address")


def _settings(app: FastAPI) -> InkPassSettings:
    settings: InkPassSettings = app.state.settings
    return settings


def provider_for(app: FastAPI) -> OidcProvider:
    """The configured provider, one per configuration (its discovery and keys are cached)."""
    settings = _settings(app)
    if not settings.google_client_id or not settings.google_issuer:
        raise OAuthNotConfigured()
    secret = settings.google_client_secret.get_secret_value()
    key = (settings.google_issuer, settings.google_client_id, secret)
    providers: dict[tuple[str, str, str], OidcProvider] | None = getattr(
        app.state, "oauth_providers", None
    )
    if providers is None:
        providers = app.state.oauth_providers = {}
    if key not in providers:
        providers[key] = OidcProvider(settings.google_issuer, settings.google_client_id, secret)
    return providers[key]


def callback_url(settings: InkPassSettings) -> str:
    return settings.public_base_url.rstrip("/") + CALLBACK_PATH


def safe_redirect(settings: InkPassSettings, target: str) -> str:
    """Where the browser may go after signing in: this site only (no open redirect)."""
    if len(target) > 2000 or "\\" in target or any(ord(char) < 32 for char in target):
        raise InvalidRedirect("redirect_uri is not acceptable")
    parts = urlsplit(target)
    if not parts.scheme and not parts.netloc and target.startswith("/"):
        return target
    home = urlsplit(settings.public_base_url)
    if (parts.scheme, parts.netloc) == (home.scheme, home.netloc):
        return target
    raise InvalidRedirect("redirect_uri must be a path on this site")


def _state_key(state: str) -> str:
    return STATE_KEY.format(hashlib.sha256(state.encode()).hexdigest())


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def start(request: Request, *, redirect_to: str | None) -> AuthorizationStart:
    settings = _settings(request.app)
    provider = provider_for(request.app)
    target = safe_redirect(settings, redirect_to) if redirect_to else None
    endpoint = await provider.authorization_endpoint()
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    payload = {"nonce": nonce, "code_verifier": verifier, "redirect_to": target}
    await request.app.state.redis.set(_state_key(state), json.dumps(payload), ex=STATE_SECONDS)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": callback_url(settings),
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
            "prompt": "select_account",
        }
    )
    separator = "&" if "?" in endpoint else "?"
    return AuthorizationStart(
        authorization_url=f"{endpoint}{separator}{query}", state=state, expires_in=STATE_SECONDS
    )


async def _consume_state(request: Request, state: str | None) -> dict[str, Any]:
    if not state or len(state) > 200:
        raise InvalidOAuthState()
    raw = await request.app.state.redis.getdel(_state_key(state))
    if raw is None:
        raise InvalidOAuthState()
    payload: dict[str, Any] = json.loads(raw)
    return payload


def _verified_email(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if claims.get("email_verified") not in (True, "true") or not isinstance(email, str):
        raise EmailNotVerified()
    return normalize(email)


async def _user_for(
    session: AsyncSession, request: Request, claims: dict[str, Any]
) -> tuple[User, str]:
    """The user behind these claims and how they were found: login, linked or registered."""
    subject, email = str(claims["sub"]), _verified_email(claims)
    identity = await session.scalar(
        select(OAuthIdentity).where(
            OAuthIdentity.provider == PROVIDER, OAuthIdentity.subject == subject
        )
    )
    if identity is not None:
        user = await session.get(User, identity.user_id)
        assert user is not None
        identity.email = email
        return user, "login"
    user = await get_user_by_email(session, email)
    how = "linked"
    if user is None:
        name = str(claims.get("name") or email.split("@", 1)[0])[:200]
        user = await create_user(session, email=email, password_hash=None, display_name=name)
        mark_email_verified(user)
        await create_organization(
            session, name=f"{name}'s organization", owner=user, request=request
        )
        how = "registered"
    elif user.email_verified_at is None:
        # Whoever set this account's password never proved the address was theirs; the
        # provider just did. Dropping the password stops a squatter from keeping a way in.
        user.password_hash = None
        mark_email_verified(user)
    session.add(OAuthIdentity(provider=PROVIDER, subject=subject, user_id=user.id, email=email))
    await session.flush()
    return user, how


async def callback(
    session: AsyncSession,
    request: Request,
    *,
    code: str | None,
    state: str | None,
    error: str | None,
) -> tuple[TokenPair | MfaRequired, str | None]:
    """Tokens (or an MFA challenge) and where to send the browser, if it asked to go back."""
    try:
        provider = provider_for(request.app)
        flow = await _consume_state(request, state)
        if error:
            raise OAuthDenied(f"the provider did not sign you in ({error[:100]})")
        if not code or len(code) > 2000:
            raise OAuthDenied("the provider sent no authorization code")
        id_token = await provider.exchange_code(
            code=code,
            redirect_uri=callback_url(_settings(request.app)),
            code_verifier=flow["code_verifier"],
        )
        claims = await provider.verify_id_token(id_token, nonce=flow["nonce"])
        user, how = await _user_for(session, request, claims)
        if not user.is_active:
            raise Unauthorized("this account is not active")
    except (BadRequest, Unauthorized) as refusal:
        await record_independent(
            request,
            "auth.oauth_failed",
            outcome="failure",
            details={"provider": PROVIDER, "reason": type(refusal).__name__},
        )
        raise
    membership = await default_membership(session, user.id)
    organization_id = membership.organization_id if membership else None
    if how != "login":
        await record(
            session,
            f"auth.oauth_{how}",
            request=request,
            organization_id=organization_id,
            actor_user_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"provider": PROVIDER},
        )
    redirect_to: str | None = flow.get("redirect_to")
    if user.totp_enabled:
        token = await create_mfa_challenge(
            request.app.state.redis, user_id=user.id, organization_id=organization_id
        )
        return MfaRequired(mfa_token=token, expires_in=MFA_CHALLENGE_SECONDS), redirect_to
    tokens = await issue_tokens(
        session, user=user, membership=membership, request=request, authentication_methods=METHODS
    )
    await record(
        session,
        "auth.login",
        request=request,
        organization_id=tokens.organization_id,
        actor_user_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"methods": METHODS},
    )
    return tokens, redirect_to
