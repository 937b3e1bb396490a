"""Integrations: create, read, change and check them; request outbound actions."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, SecretStr, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.crypto import Keyring
from fluxkit.errors import BadRequest, Conflict, FluxError, NotFound
from fluxkit.http import GuardedClient
from mimic.auth import Caller
from mimic.integrations import repository
from mimic.integrations.models import Integration, OutboundAction
from mimic.integrations.providers.base import IntegrationContext, IntegrationProvider
from mimic.integrations.providers.registry import ACTION_PROVIDERS, provider
from mimic.integrations.schemas import (
    ActionRead,
    IntegrationRead,
    IntegrationTestResult,
    IntegrationUpdate,
)
from mimic.secrets import seal, unseal
from mimic.settings import MimicSettings

HINT_MIN_LENGTH = 12


class IntegrationNotFound(NotFound):
    pass


class ActionNotFound(NotFound):
    pass


class InvalidCredentials(FluxError):
    """Credentials that do not fit the provider (422, like any invalid payload)."""

    status_code = 422


class ActionNotSupported(BadRequest):
    pass


class IdempotencyKeyReused(Conflict):
    """The same idempotency key came with a different action."""


def purpose(integration_id: uuid.UUID) -> str:
    # Bound to the integration: a ciphertext copied onto another row does not decrypt.
    return f"integration:{integration_id}"


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    plain: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        plain[name] = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
    return plain


def _split(
    kind: IntegrationProvider, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    config = {name: value for name, value in values.items() if name in kind.config_fields}
    secrets = {name: str(value) for name, value in values.items() if name not in kind.config_fields}
    return config, secrets


def _hints(secrets: dict[str, str]) -> dict[str, str | None]:
    return {
        name: ("…" + value[-4:]) if len(value) >= HINT_MIN_LENGTH else None
        for name, value in sorted(secrets.items())
    }


def _store(
    integration: Integration, kind: IntegrationProvider, values: dict[str, Any], keyring: Keyring
) -> None:
    try:
        kind.validate(values)
    except ValueError as exc:
        raise InvalidCredentials(str(exc)) from exc
    config, secrets = _split(kind, values)
    integration.config = config
    integration.credentials_ciphertext = seal(
        keyring, integration.organization_id, purpose(integration.id), secrets
    )
    integration.credential_hints = _hints(secrets)


class Sealed(Protocol):
    """An integration's stored form (the ORM row or the inbound path's plain row)."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def organization_id(self) -> uuid.UUID: ...
    @property
    def name(self) -> str: ...
    @property
    def config(self) -> dict[str, Any]: ...
    @property
    def credentials_ciphertext(self) -> str: ...


def stored_values(integration: Sealed, keyring: Keyring) -> dict[str, str]:
    return unseal(
        keyring,
        integration.organization_id,
        purpose(integration.id),
        integration.credentials_ciphertext,
    )


def context(integration: Sealed, keyring: Keyring) -> IntegrationContext:
    return IntegrationContext(
        id=str(integration.id),
        name=integration.name,
        config=dict(integration.config),
        secrets=stored_values(integration, keyring),
    )


def inbound_url(settings: MimicSettings, integration_id: uuid.UUID) -> str:
    return f"{settings.public_base_url.rstrip('/')}/api/v1/hooks/{integration_id}"


def to_read(integration: Integration, settings: MimicSettings) -> IntegrationRead:
    return IntegrationRead(
        id=integration.id,
        provider=integration.provider,
        name=integration.name,
        enabled=integration.enabled,
        config=dict(integration.config),
        credentials_set=dict(integration.credential_hints),
        inbound_url=inbound_url(settings, integration.id),
        created_by=integration.created_by,
        created_at=integration.created_at,
        updated_at=integration.updated_at,
    )


async def create(
    session: AsyncSession,
    caller: Caller,
    provider_name: str,
    name: str,
    enabled: bool,
    credentials: BaseModel,
    keyring: Keyring,
) -> Integration:
    user_id = caller.principal.require_user()
    integration = Integration(
        id=uuid.uuid4(),
        organization_id=caller.organization_id,
        provider=provider_name,
        name=name,
        enabled=enabled,
        created_by=caller.actor,
        created_by_user_id=user_id,
    )
    _store(integration, provider(provider_name), _plain(dict(credentials)), keyring)
    session.add(integration)
    await session.flush()
    return integration


async def get(
    session: AsyncSession, organization_id: uuid.UUID, integration_id: uuid.UUID
) -> Integration:
    integration = await repository.get_integration(session, organization_id, integration_id)
    if integration is None:
        raise IntegrationNotFound("integration not found")
    return integration


async def update(
    session: AsyncSession,
    organization_id: uuid.UUID,
    integration_id: uuid.UUID,
    payload: IntegrationUpdate,
    keyring: Keyring,
) -> Integration:
    integration = await get(session, organization_id, integration_id)
    if payload.name is not None:
        integration.name = payload.name
    if payload.enabled is not None:
        integration.enabled = payload.enabled
    if payload.credentials is not None:
        kind = provider(integration.provider)
        try:
            changes = kind.credentials_model.model_validate(payload.credentials)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ()))
            raise InvalidCredentials(f"credentials.{where}: {first.get('msg')}") from exc
        given = changes.model_dump(exclude_unset=True)
        merged: dict[str, Any] = {
            **integration.config,
            **stored_values(integration, keyring),
            **_plain(given),
        }
        for name in [name for name, value in given.items() if value is None]:
            merged.pop(name, None)  # an explicit null removes an optional setting
        _store(integration, kind, merged, keyring)
    await session.flush()
    return integration


async def delete(
    session: AsyncSession, organization_id: uuid.UUID, integration_id: uuid.UUID
) -> None:
    integration = await get(session, organization_id, integration_id)
    await session.delete(integration)
    await session.flush()


def guarded_client(settings: MimicSettings) -> GuardedClient:
    return GuardedClient(
        allow_hosts=settings.integrations_allow_hosts,
        allow_networks=settings.integrations_allow_networks,
        read_timeout=settings.integrations_timeout_seconds,
        total_timeout=settings.integrations_timeout_seconds * 2,
        user_agent="fluxos-integrations",
    )


async def check(
    integration: Integration, settings: MimicSettings, keyring: Keyring
) -> IntegrationTestResult:
    kind = provider(integration.provider)
    async with guarded_client(settings) as http:
        result = await kind.check(http, context(integration, keyring), settings)
    return IntegrationTestResult(
        ok=result.ok,
        detail=result.detail,
        checked_remotely=result.checked_remotely,
        response=result.response,
    )


# -- outbound actions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestedAction:
    action: OutboundAction
    created: bool


def _fingerprint(action: str, params: dict[str, Any]) -> str:
    canonical = json.dumps([action, params], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


async def request_action(
    session: AsyncSession,
    caller: Caller,
    integration_id: uuid.UUID,
    action: str,
    params: dict[str, Any],
    idempotency_key: str | None,
) -> RequestedAction:
    integration = await get(session, caller.organization_id, integration_id)
    if ACTION_PROVIDERS.get(action) != integration.provider:
        raise ActionNotSupported(f"a {integration.provider} integration cannot {action}")
    if not integration.enabled:
        raise Conflict("this integration is disabled")
    fingerprint = _fingerprint(action, params)
    if idempotency_key is not None:
        earlier = await repository.action_for_key(session, integration.id, idempotency_key)
        if earlier is not None:
            return RequestedAction(_same_request(earlier, fingerprint), created=False)
    values = {
        "id": uuid.uuid4(),
        "organization_id": caller.organization_id,
        "integration_id": integration.id,
        "action": action,
        "params": params,
        "idempotency_key": idempotency_key,
        "request_hash": fingerprint,
        "status": "queued",
        "attempts": 0,
        "response": {},
        "created_by": caller.actor,
    }
    created_id = await repository.insert_action(session, values)
    if created_id is None:
        # A concurrent request with the same key won: answer with its action.
        assert idempotency_key is not None
        earlier = await repository.action_for_key(session, integration.id, idempotency_key)
        assert earlier is not None
        return RequestedAction(_same_request(earlier, fingerprint), created=False)
    created = await repository.get_action(
        session, caller.organization_id, integration.id, created_id
    )
    assert created is not None
    return RequestedAction(created, created=True)


def _same_request(earlier: OutboundAction, fingerprint: str) -> OutboundAction:
    if earlier.request_hash != fingerprint:
        raise IdempotencyKeyReused(
            "this idempotency key was used with a different action; use a new key"
        )
    return earlier


async def get_action(
    session: AsyncSession,
    organization_id: uuid.UUID,
    integration_id: uuid.UUID,
    action_id: uuid.UUID,
) -> OutboundAction:
    action = await repository.get_action(session, organization_id, integration_id, action_id)
    if action is None:
        raise ActionNotFound("action not found")
    return action


def action_to_read(action: OutboundAction) -> ActionRead:
    return ActionRead.model_validate(action)
