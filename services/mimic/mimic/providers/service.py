"""Which provider sends an organization's email, and its stored configuration."""

from __future__ import annotations

import secrets as token_source
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.crypto import Keyring
from fluxkit.errors import BadRequest, NotFound
from mimic.providers import registry
from mimic.providers.base import EmailProvider, ProviderError
from mimic.providers.models import ProviderConfig
from mimic.providers.schemas import REQUIRED_SECRETS, ProviderRead, ProviderWrite
from mimic.providers.smtp_provider import SmtpProvider
from mimic.secrets import keyring_for, seal, unseal
from mimic.settings import MimicSettings

SECRETS_PURPOSE = "provider"
WEBHOOK_PURPOSE = "provider-webhook"
PLATFORM_WEBHOOK_ID = "platform"


@dataclass(frozen=True)
class ResolvedProvider:
    provider: EmailProvider
    name: str
    config_id: uuid.UUID | None


def platform_provider(settings: MimicSettings) -> EmailProvider:
    """The platform default, configured by the operator (trusted, private hosts allowed)."""
    sender = settings.mail_from
    name = settings.default_provider
    if name == "smtp":
        return SmtpProvider(
            sender=sender,
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            security=settings.smtp_security,
            timeout=settings.provider_timeout_seconds,
            allow_private_hosts=True,
        )
    provider_secrets = {
        "server_token": settings.postmark_server_token.get_secret_value(),
        "api_key": settings.resend_api_key.get_secret_value(),
    }
    options = {"message_stream": settings.postmark_message_stream}
    return registry.build(
        name, options=options, secrets=provider_secrets, sender=sender, settings=settings
    )


async def get_config(session: AsyncSession, organization_id: uuid.UUID) -> ProviderConfig | None:
    return await session.scalar(
        select(ProviderConfig).where(ProviderConfig.organization_id == organization_id)
    )


def build_from_config(
    config: ProviderConfig, settings: MimicSettings, keyring: Keyring
) -> EmailProvider:
    return registry.build(
        config.provider,
        options=config.options,
        secrets=unseal(keyring, config.organization_id, SECRETS_PURPOSE, config.secrets_ciphertext),
        sender=config.mail_from,
        settings=settings,
    )


async def resolve(
    session: AsyncSession,
    organization_id: uuid.UUID,
    settings: MimicSettings,
) -> ResolvedProvider:
    config = await get_config(session, organization_id)
    if config is None:
        return ResolvedProvider(platform_provider(settings), settings.default_provider, None)
    keyring = keyring_for(settings)
    return ResolvedProvider(
        build_from_config(config, settings, keyring), config.provider, config.id
    )


def webhook_url(settings: MimicSettings, provider: str, webhook_id: str) -> str | None:
    if provider == "smtp":
        return None
    base = settings.public_base_url.rstrip("/")
    return f"{base}/api/v1/provider-events/{provider}/{webhook_id}"


def describe(
    config: ProviderConfig | None, settings: MimicSettings, keyring: Keyring | None
) -> ProviderRead:
    if config is None:
        name = settings.default_provider
        platform_webhook = {
            "postmark": bool(settings.postmark_webhook_username),
            "resend": bool(settings.resend_webhook_secret.get_secret_value()),
        }
        return ProviderRead(
            source="platform",
            provider=name,
            mail_from=settings.mail_from,
            options={},
            secrets_set=[],
            webhook_url=webhook_url(settings, name, PLATFORM_WEBHOOK_ID),
            webhook_configured=platform_webhook.get(name, False),
        )
    stored = (
        unseal(keyring, config.organization_id, SECRETS_PURPOSE, config.secrets_ciphertext)
        if keyring
        else {}
    )
    return ProviderRead(
        source="organization",
        provider=config.provider,
        mail_from=config.mail_from,
        options=config.options,
        secrets_set=sorted(stored),
        webhook_url=webhook_url(settings, config.provider, config.webhook_id),
        webhook_configured=config.webhook_ciphertext is not None,
        updated_at=config.updated_at,
    )


def _merged(
    payload: ProviderWrite, previous: dict[str, str], same_provider: bool
) -> dict[str, str]:
    values = {**(previous if same_provider else {}), **payload.secrets()}
    missing = [name for name in REQUIRED_SECRETS[payload.provider] if not values.get(name)]
    if missing:
        raise BadRequest(f"{payload.provider} needs {', '.join(missing)}")
    return values


async def save_config(
    session: AsyncSession,
    organization_id: uuid.UUID,
    payload: ProviderWrite,
    keyring: Keyring,
) -> ProviderConfig:
    config = await get_config(session, organization_id)
    same = config is not None and config.provider == payload.provider
    previous = (
        unseal(keyring, organization_id, SECRETS_PURPOSE, config.secrets_ciphertext)
        if config is not None and same
        else {}
    )
    previous_webhook = (
        unseal(keyring, organization_id, WEBHOOK_PURPOSE, config.webhook_ciphertext)
        if config is not None and same
        else {}
    )
    provider_secrets = _merged(payload, previous, same)
    webhook = {**previous_webhook, **payload.webhook_secrets()}
    if (
        payload.provider == "postmark"
        and webhook
        and not (webhook.get("username") and webhook.get("password"))
    ):
        raise BadRequest("Postmark webhooks need both webhook_username and webhook_password")
    if config is None:
        config = ProviderConfig(
            organization_id=organization_id, webhook_id=token_source.token_urlsafe(18)
        )
        session.add(config)
    config.provider = payload.provider
    config.mail_from = payload.mail_from
    config.options = payload.options()
    config.secrets_ciphertext = seal(keyring, organization_id, SECRETS_PURPOSE, provider_secrets)
    config.webhook_ciphertext = (
        seal(keyring, organization_id, WEBHOOK_PURPOSE, webhook) if webhook else None
    )
    await session.flush()
    return config


def provider_from_payload(
    organization_id: uuid.UUID,
    payload: ProviderWrite,
    existing: ProviderConfig | None,
    settings: MimicSettings,
    keyring: Keyring,
) -> EmailProvider:
    """A provider built from unsaved settings (for trying them before saving)."""
    same = existing is not None and existing.provider == payload.provider
    previous = (
        unseal(keyring, organization_id, SECRETS_PURPOSE, existing.secrets_ciphertext)
        if existing is not None and same
        else {}
    )
    try:
        return registry.build(
            payload.provider,
            options=payload.options(),
            secrets=_merged(payload, previous, same),
            sender=payload.mail_from,
            settings=settings,
        )
    except ProviderError as exc:
        raise BadRequest(exc.reason) from exc


async def delete_config(session: AsyncSession, organization_id: uuid.UUID) -> None:
    result = await session.execute(
        delete(ProviderConfig).where(ProviderConfig.organization_id == organization_id)
    )
    if not getattr(result, "rowcount", 0):
        raise NotFound("this organization uses the platform's provider already")
