"""``/api/v1/integrations``: connect Discord, Slack, GitHub, Stripe or any webhook; check the
credentials; send messages, issues, comments and webhooks through them."""

from __future__ import annotations

import uuid
from typing import Annotated

import anyio
from fastapi import Query, Request, Response

from fluxkit.app import flux_router
from fluxkit.db import SessionDep, after_commit
from mimic.auth import IntegrationsAdmin, IntegrationsRead, IntegrationsSend
from mimic.integrations import repository, service
from mimic.integrations.schemas import (
    ActionCreate,
    ActionRead,
    InboundEventRead,
    InboundHistory,
    IntegrationCreate,
    IntegrationPage,
    IntegrationRead,
    IntegrationTestResult,
    IntegrationUpdate,
    RejectionRead,
)
from mimic.integrations.tasks import enqueue_action
from mimic.secrets import keyring_for
from mimic.settings import MimicSettings

router = flux_router("/api/v1/integrations", tags=["integrations"])


def _settings(request: Request) -> MimicSettings:
    settings: MimicSettings = request.app.state.settings
    return settings


@router.post("", status_code=201)
async def create_integration(
    payload: IntegrationCreate, caller: IntegrationsAdmin, session: SessionDep, request: Request
) -> IntegrationRead:
    """Connect an integration; its credentials are stored encrypted and never shown again."""
    settings = _settings(request)
    integration = await service.create(
        session,
        caller,
        payload.provider,
        payload.name,
        payload.enabled,
        payload.credentials,
        keyring_for(settings),
    )
    return service.to_read(integration, settings)


@router.get("")
async def list_integrations(
    caller: IntegrationsRead, session: SessionDep, request: Request
) -> IntegrationPage:
    """The organization's integrations."""
    rows = await repository.list_integrations(session, caller.organization_id)
    settings = _settings(request)
    return IntegrationPage(items=[service.to_read(row, settings) for row in rows])


@router.get("/{integration_id}")
async def get_integration(
    integration_id: uuid.UUID, caller: IntegrationsRead, session: SessionDep, request: Request
) -> IntegrationRead:
    """One integration, with its inbound URL and which credentials are set."""
    integration = await service.get(session, caller.organization_id, integration_id)
    return service.to_read(integration, _settings(request))


@router.patch("/{integration_id}")
async def update_integration(
    integration_id: uuid.UUID,
    payload: IntegrationUpdate,
    caller: IntegrationsAdmin,
    session: SessionDep,
    request: Request,
) -> IntegrationRead:
    """Rename, enable or disable an integration, or change some of its credentials."""
    settings = _settings(request)
    integration = await service.update(
        session, caller.organization_id, integration_id, payload, keyring_for(settings)
    )
    return service.to_read(integration, settings)


@router.delete("/{integration_id}", status_code=204)
async def delete_integration(
    integration_id: uuid.UUID, caller: IntegrationsAdmin, session: SessionDep
) -> Response:
    """Disconnect an integration (its inbound URL stops working at once)."""
    await service.delete(session, caller.organization_id, integration_id)
    return Response(status_code=204)


@router.post("/{integration_id}/test")
async def test_integration(
    integration_id: uuid.UUID, caller: IntegrationsAdmin, session: SessionDep, request: Request
) -> IntegrationTestResult:
    """Check the stored credentials against the provider's API where it has one."""
    settings = _settings(request)
    integration = await service.get(session, caller.organization_id, integration_id)
    return await service.check(integration, settings, keyring_for(settings))


@router.get("/{integration_id}/events")
async def inbound_history(
    integration_id: uuid.UUID,
    caller: IntegrationsRead,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> InboundHistory:
    """Recent inbound events (with their relay status) and refused requests."""
    integration = await service.get(session, caller.organization_id, integration_id)
    events = await repository.recent_events(session, integration.id, limit)
    rejections = await repository.recent_rejections(session, integration.id, limit)
    return InboundHistory(
        events=[InboundEventRead.model_validate(event) for event in events],
        rejections=[RejectionRead.model_validate(entry) for entry in rejections],
    )


@router.post("/{integration_id}/actions", status_code=202)
async def request_action(
    integration_id: uuid.UUID,
    payload: ActionCreate,
    caller: IntegrationsSend,
    session: SessionDep,
    response: Response,
) -> ActionRead:
    """Send a message, embed, follow-up, issue, comment or webhook (idempotent with a key)."""
    requested = await service.request_action(
        session,
        caller,
        integration_id,
        payload.action,
        payload.params.model_dump(mode="json", exclude_none=True),
        payload.idempotency_key,
    )
    action = requested.action
    if requested.created:
        identifier = action.id

        async def perform_after_commit() -> None:
            await anyio.to_thread.run_sync(enqueue_action, identifier)

        after_commit(session, perform_after_commit)
    else:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/api/v1/integrations/{integration_id}/actions/{action.id}"
    return service.action_to_read(action)


@router.get("/{integration_id}/actions/{action_id}")
async def get_action(
    integration_id: uuid.UUID, action_id: uuid.UUID, caller: IntegrationsRead, session: SessionDep
) -> ActionRead:
    """An outbound action's status, attempts, provider response and error."""
    action = await service.get_action(session, caller.organization_id, integration_id, action_id)
    return service.action_to_read(action)
