"""The organization's email provider: see it, set it, try it, or go back to the platform's."""

from __future__ import annotations

import uuid

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.db import SessionDep
from mimic.auth import NotificationsAdmin
from mimic.providers import service
from mimic.providers.base import OutboundEmail, ProviderError
from mimic.providers.schemas import ProviderRead, ProviderTest, ProviderTestResult, ProviderWrite
from mimic.secrets import keyring_for
from mimic.settings import MimicSettings

router = flux_router("/api/v1/notifications/provider", tags=["providers"])


def _settings(request: Request) -> MimicSettings:
    settings: MimicSettings = request.app.state.settings
    return settings


@router.get("")
async def get_provider(
    caller: NotificationsAdmin, session: SessionDep, request: Request
) -> ProviderRead:
    """The provider that sends this organization's email (its own, or the platform's)."""
    settings = _settings(request)
    config = await service.get_config(session, caller.organization_id)
    keyring = keyring_for(settings) if config is not None else None
    return service.describe(config, settings, keyring)


@router.put("")
async def set_provider(
    payload: ProviderWrite, caller: NotificationsAdmin, session: SessionDep, request: Request
) -> ProviderRead:
    """Use the organization's own provider and keys (stored encrypted)."""
    settings = _settings(request)
    keyring = keyring_for(settings)
    config = await service.save_config(session, caller.organization_id, payload, keyring)
    return service.describe(config, settings, keyring)


@router.delete("", status_code=204)
async def reset_provider(caller: NotificationsAdmin, session: SessionDep) -> Response:
    """Forget the organization's provider and go back to the platform's."""
    await service.delete_config(session, caller.organization_id)
    return Response(status_code=204)


@router.post("/test")
async def test_provider(
    payload: ProviderTest, caller: NotificationsAdmin, session: SessionDep, request: Request
) -> ProviderTestResult:
    """Send a test email now through the stored provider (or through unsaved settings)."""
    settings = _settings(request)
    if payload.config is not None:
        existing = await service.get_config(session, caller.organization_id)
        provider = service.provider_from_payload(
            caller.organization_id, payload.config, existing, settings, keyring_for(settings)
        )
        name: str = payload.config.provider
    else:
        resolved = await service.resolve(session, caller.organization_id, settings)
        provider, name = resolved.provider, str(resolved.name)
    email = OutboundEmail(
        notification_id=uuid.uuid4(),
        sender=provider.default_sender,
        to=[str(payload.to)],
        subject="fluxos test email",
        text="This is a test email from fluxos: your email provider works.\n",
        html="<p>This is a test email from fluxos: your email provider works.</p>",
    )
    try:
        result = await provider.send(email)
    except ProviderError as exc:
        return ProviderTestResult(
            ok=False, provider=name, error=exc.reason, transient=exc.transient
        )
    return ProviderTestResult(
        ok=True, provider=name, provider_message_id=result.provider_message_id
    )
