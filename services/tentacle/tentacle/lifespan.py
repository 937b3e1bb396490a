"""Tentacle's runtime in the API process: authentication and the event relay."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from fluxkit.app import ExtraLifespan
from fluxkit.auth import Authenticator
from fluxkit.auth.remote import remote_authenticator as kit_remote_authenticator
from tentacle.agents.service import seed_agents_on_start
from tentacle.chat.runtime import start_chat_runtime
from tentacle.events.relay import EventRelay
from tentacle.inbox.stream import start_inbox_hub
from tentacle.settings import TentacleSettings

StartupHook = Callable[[FastAPI, AsyncExitStack], Awaitable[None]]
"""Work other domains run on start (e.g. seeding the agent registry), in order."""

STARTUP_HOOKS: list[StartupHook] = [seed_agents_on_start, start_chat_runtime, start_inbox_hub]


async def remote_authenticator(
    app: FastAPI, settings: TentacleSettings, stack: AsyncExitStack
) -> Authenticator:
    """Tokens checked against InkPass's JWKS; API keys and service tokens asked of InkPass."""
    return await kit_remote_authenticator(
        app,
        stack,
        inkpass_url=settings.inkpass_url,
        service_token=settings.service_token.get_secret_value(),
        jwks_url=settings.resolved_jwks_url,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        algorithms=settings.jwt_algorithms,
    )


def tentacle_lifespan(authenticator: Authenticator | None = None) -> ExtraLifespan:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings: TentacleSettings = app.state.settings
        async with AsyncExitStack() as stack:
            app.state.authenticator = authenticator or await remote_authenticator(
                app, settings, stack
            )
            relay = EventRelay(
                app.state.session_factory,
                app.state.redis,
                poll_seconds=settings.event_poll_seconds,
                stream_maxlen=settings.event_stream_maxlen,
            )
            await relay.start()
            stack.push_async_callback(relay.stop)
            app.state.event_relay = relay
            for hook in STARTUP_HOOKS:
                await hook(app, stack)
            yield

    return lifespan
