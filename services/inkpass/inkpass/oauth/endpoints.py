"""``/api/v1/auth/oauth/google/{start,callback}``: sign in (or up) with Google."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

from fluxkit.app import flux_router
from fluxkit.db import SessionDep
from inkpass.auth.schemas import MfaRequired
from inkpass.oauth import service
from inkpass.oauth.schemas import AuthorizationStart
from inkpass.sessions.schemas import TokenPair

router = flux_router("/api/v1/auth/oauth/google", tags=["auth"])

NO_STORE = {"Cache-Control": "no-store"}


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


@router.get(
    "/start",
    response_model=AuthorizationStart,
    responses={302: {"description": "Redirect to the provider's sign-in page"}},
)
async def start_google_sign_in(
    request: Request,
    redirect_uri: Annotated[str | None, Query(max_length=2000)] = None,
) -> Any:
    """Begin signing in with Google: a redirect to Google, or its URL when JSON is accepted."""
    started = await service.start(request, redirect_to=redirect_uri)
    if _wants_json(request):
        return JSONResponse(started.model_dump(), headers=NO_STORE)
    return RedirectResponse(started.authorization_url, status_code=302, headers=NO_STORE)


@router.get(
    "/callback",
    response_model=TokenPair | MfaRequired,
    responses={302: {"description": "Back to redirect_uri with the tokens in the fragment"}},
)
async def google_callback(
    request: Request,
    session: SessionDep,
    code: Annotated[str | None, Query(max_length=2000)] = None,
    state: Annotated[str | None, Query(max_length=200)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    """Finish signing in with Google: tokens (JSON, or in the fragment of redirect_uri)."""
    result, redirect_to = await service.callback(
        session, request, code=code, state=state, error=error
    )
    if redirect_to is None:
        return JSONResponse(result.model_dump(mode="json"), headers=NO_STORE)
    # The fragment never reaches a server: tokens stay in the browser that asked for them.
    fragment = urlencode({k: v for k, v in result.model_dump(mode="json").items() if v is not None})
    base = redirect_to.split("#", 1)[0]
    return RedirectResponse(f"{base}#{fragment}", status_code=302, headers=NO_STORE)
