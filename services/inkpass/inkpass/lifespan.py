"""InkPass runtime pieces started with the app (verifiers, caches, listeners)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The security runtime (signing keys, JWT and API-key verifiers, revocation listener)
    # is assembled by inkpass.security; see that module.
    from inkpass.notify import close_notifier, drain, notifier_for
    from inkpass.security import security_runtime

    # Emails (codes, invitations) go out through this notifier, after commit, in the background.
    app.state.notifier = notifier_for(app.state.settings)
    async with security_runtime(app):
        try:
            yield
        finally:
            await drain()
            await close_notifier(app.state.notifier)
