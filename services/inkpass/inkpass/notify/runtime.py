"""The app's notifier, and sending after commit without making the response wait for it.

Delivery runs as a background task once the transaction committed: the caller answers in the
same time whether or not an email goes out (no account enumeration through timing), and a slow
or absent mail server never fails the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import after_commit
from inkpass.notify.base import Email, Notifier
from inkpass.notify.mimic import MimicNotifier
from inkpass.notify.smtp import LogNotifier, SmtpNotifier
from inkpass.settings import InkPassSettings

logger = logging.getLogger(__name__)

_pending: set[asyncio.Task[None]] = set()


def notifier_for(settings: InkPassSettings) -> Notifier:
    """Mimic when the deployment has it (and a credential for it), else SMTP; 'log' on request."""
    if settings.notifier == "log":
        return LogNotifier()
    if settings.mimic_url and settings.service_token.get_secret_value():
        return MimicNotifier.from_settings(settings)
    return SmtpNotifier(settings)


async def close_notifier(notifier: Notifier | None) -> None:
    """Release what the notifier holds (Mimic's connection pool), once deliveries drained."""
    close = getattr(notifier, "aclose", None)
    if close is not None:
        await close()


def notifier_from(request: Request) -> Notifier:
    notifier: Notifier | None = getattr(request.app.state, "notifier", None)
    if notifier is None:
        notifier = notifier_for(request.app.state.settings)
        request.app.state.notifier = notifier
    return notifier


async def _deliver(notifier: Notifier, to: str, email: Email) -> None:
    try:
        await notifier.send_email(
            to=to,
            subject=email.subject,
            text=email.text,
            html=email.html,
            template=email.template,
            variables=email.variables,
            idempotency_key=email.idempotency_key(to),
        )
    except Exception:
        logger.exception("email delivery failed", extra={"template": email.template})


def dispatch(notifier: Notifier, to: str, email: Email) -> None:
    """Start delivering now, in the background."""
    task = asyncio.get_running_loop().create_task(_deliver(notifier, to, email))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


def send_after_commit(session: AsyncSession, notifier: Notifier, to: str, email: Email) -> None:
    """Deliver ``email`` once the session's transaction committed (nothing on rollback)."""
    after_commit(session, lambda: dispatch(notifier, to, email))


async def drain(timeout: float = 10.0) -> None:
    """Wait for deliveries in flight (called on shutdown)."""
    if not _pending:
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*_pending, return_exceptions=True), timeout)
