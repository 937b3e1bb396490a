"""The development mail page: what the local SMTP catcher received (development only).

Served at /api/v1/notifications/dev/mail; the launcher may also route /dev/mail here.
"""

from __future__ import annotations

import html
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from fluxkit.app import flux_router
from fluxkit.errors import NotFound
from mimic.devmail.catcher import CaughtMessage, MailCatcher

PAGE_PATH = "/api/v1/notifications/dev/mail"
router = flux_router(PAGE_PATH, tags=["dev mail"], include_in_schema=False)
short_router = flux_router("/dev", include_in_schema=False)


@short_router.get("/mail")
async def dev_mail_short_link() -> RedirectResponse:
    """``/dev/mail`` on the platform's origin leads to the caught-mail page."""
    return RedirectResponse(PAGE_PATH, status_code=307)


def _catcher(request: Request) -> MailCatcher:
    catcher = getattr(request.app.state, "mail_catcher", None)
    if not isinstance(catcher, MailCatcher) or not catcher.running:
        raise NotFound("the dev mail catcher runs only in development")
    return catcher


Catcher = Annotated[MailCatcher, Depends(_catcher)]


def _message(catcher: MailCatcher, message_id: str) -> CaughtMessage:
    message = catcher.get(message_id)
    if message is None:
        raise NotFound("no such message")
    return message


_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>fluxos dev mail</title>
<meta http-equiv="refresh" content="10">
<style>body{{font-family:system-ui,sans-serif;margin:0;display:flex;height:100vh}}
nav{{width:38%;overflow:auto;border-right:1px solid #ddd}}main{{flex:1;display:flex;
flex-direction:column}}a.m{{display:block;padding:10px 14px;border-bottom:1px solid #eee;
color:inherit;text-decoration:none}}a.m:hover{{background:#f4f6ff}}small{{color:#777}}
header{{padding:12px 16px;border-bottom:1px solid #ddd}}iframe{{flex:1;border:0}}
pre{{white-space:pre-wrap;padding:0 16px}}</style></head><body>
<nav><header><strong>Dev mail</strong> <small>{count} caught, SMTP on {host}:{port}</small>
</header>{items}</nav><main>{view}</main></body></html>"""


@router.get("", response_class=HTMLResponse)
async def dev_mail_page(catcher: Catcher, show: str | None = None) -> HTMLResponse:
    """A page listing caught emails; ``?show=<id>`` opens one."""
    messages = catcher.messages()
    items = "".join(
        f'<a class="m" href="{PAGE_PATH}?show={m.id}"><strong>{html.escape(m.subject or "(no subject)")}'
        f"</strong><br><small>to {html.escape(', '.join(m.recipients))} · "
        f"{m.received_at:%H:%M:%S}</small></a>"
        for m in messages
    )
    view = "<header>Pick an email.</header>"
    chosen = catcher.get(show) if show else (messages[0] if messages else None)
    if chosen is not None:
        body = (
            f'<iframe sandbox src="{PAGE_PATH}/messages/{chosen.id}/html"></iframe>'
            if chosen.html
            else f"<pre>{html.escape(chosen.text or '')}</pre>"
        )
        view = (
            f"<header><strong>{html.escape(chosen.subject)}</strong><br><small>from "
            f"{html.escape(chosen.headers.get('From', chosen.mail_from))} to "
            f"{html.escape(', '.join(chosen.recipients))}</small></header>{body}"
        )
    page = _PAGE.format(
        count=len(messages), host=catcher.host, port=catcher.port, items=items, view=view
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.get("/messages")
async def list_caught(catcher: Catcher) -> list[dict[str, Any]]:
    """Caught emails, newest first."""
    return [message.summary() for message in catcher.messages()]


@router.get("/messages/{message_id}")
async def get_caught(message_id: str, catcher: Catcher) -> dict[str, Any]:
    """One caught email with its text and HTML parts and headers."""
    return _message(catcher, message_id).detail()


@router.get("/messages/{message_id}/html")
async def get_caught_html(message_id: str, catcher: Catcher) -> Response:
    """The HTML part, sandboxed: scripts in a caught email never run in the platform's origin."""
    message = _message(catcher, message_id)
    return HTMLResponse(
        message.html or "",
        headers={"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"},
    )


@router.delete("/messages", status_code=204)
async def clear_caught(catcher: Catcher) -> Response:
    """Forget every caught email."""
    catcher.clear()
    return Response(status_code=204)
