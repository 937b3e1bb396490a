"""``/api/v1/auth/refresh``, ``/api/v1/auth/sessions``, ``/logout`` and ``/logout-all``."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.auth.deps import CurrentUser
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep, commit
from fluxkit.errors import BadRequest, Forbidden, NotFound
from inkpass.audit.service import record
from inkpass.sessions import schemas, service
from inkpass.sessions.models import LoginSession
from inkpass.settings import InkPassSettings

router = flux_router("/api/v1/auth", tags=["sessions"])


def _settings(request: Request) -> InkPassSettings:
    settings: InkPassSettings = request.app.state.settings
    return settings


def _signed_in(principal: Principal) -> uuid.UUID:
    # Sessions are managed by the person, signed in: not by API keys or services acting for them.
    if principal.kind != "user" or principal.user_id is None:
        raise Forbidden("sessions can only be managed by the user, signed in")
    return principal.user_id


def _read(login: LoginSession, current: uuid.UUID | None) -> schemas.Session:
    return schemas.Session(
        id=login.id,
        organization_id=login.organization_id,
        authentication_methods=list(login.authentication_methods),
        ip=login.ip,
        user_agent=login.user_agent,
        created_at=login.created_at,
        last_seen_at=login.last_seen_at,
        expires_at=login.expires_at,
        current=login.id == current,
    )


@router.post("/refresh", response_model=schemas.TokenPair)
async def refresh(data: schemas.RefreshRequest, request: Request, session: SessionDep) -> Any:
    """Trade a refresh token for a new access and refresh token (the old one is used up)."""
    try:
        return await service.refresh(session, token=data.refresh_token, request=request)
    except service.SessionEndedOnRefresh:
        # The answer is a 401, which never commits: the revocation must be kept regardless.
        await commit(session)
        raise


@router.get("/sessions", response_model=list[schemas.Session])
async def list_sessions(session: SessionDep, principal: CurrentUser) -> Any:
    """My signed-in sessions (devices), the one making this request flagged ``current``."""
    user_id = _signed_in(principal)
    logins = await service.list_sessions(session, user_id)
    return [_read(login, principal.session_id) for login in logins]


@router.delete("/sessions/{session_id}", status_code=204)
async def revoke_session(
    session_id: uuid.UUID, request: Request, session: SessionDep, principal: CurrentUser
) -> Response:
    """Sign out one of my sessions; its tokens stop working at once."""
    user_id = _signed_in(principal)
    login = await service.get_session(session, user_id=user_id, session_id=session_id)
    if login is None or login.revoked_at is not None:
        raise NotFound("session not found")
    await service.revoke_session(
        session,
        login,
        reason="revoked_by_user",
        revocations=service.revocations_from(request),
        settings=_settings(request),
    )
    await record(
        session,
        "session.revoked",
        request=request,
        organization_id=principal.organization_id,
        actor_user_id=user_id,
        target_type="session",
        target_id=login.id,
        details={"current": login.id == principal.session_id},
    )
    return Response(status_code=204)


@router.post("/logout", status_code=204)
async def logout(request: Request, session: SessionDep, principal: CurrentUser) -> Response:
    """Sign out the session making this request."""
    user_id = _signed_in(principal)
    if principal.session_id is None:
        raise BadRequest("this token belongs to no session")
    login = await service.get_session(session, user_id=user_id, session_id=principal.session_id)
    if login is not None:
        await service.revoke_session(
            session,
            login,
            reason="logout",
            revocations=service.revocations_from(request),
            settings=_settings(request),
        )
    await record(
        session,
        "auth.logout",
        request=request,
        organization_id=principal.organization_id,
        actor_user_id=user_id,
        target_type="session",
        target_id=principal.session_id,
    )
    return Response(status_code=204)


@router.post("/logout-all", response_model=schemas.SessionsRevoked)
async def logout_all(request: Request, session: SessionDep, principal: CurrentUser) -> Any:
    """Sign out every session of mine, on every device, this one included."""
    user_id = _signed_in(principal)
    revoked = await service.revoke_all_sessions(
        session,
        user_id=user_id,
        reason="logout_all",
        revocations=service.revocations_from(request),
        settings=_settings(request),
    )
    await record(
        session,
        "auth.logout_all",
        request=request,
        organization_id=principal.organization_id,
        actor_user_id=user_id,
        target_type="user",
        target_id=user_id,
        details={"sessions": revoked},
    )
    return schemas.SessionsRevoked(revoked=revoked)
