"""/api/v1/triggers: define triggers, enable or disable them, read their history; and the
events endpoint Mimic relays verified webhooks to."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status
from fastapi.responses import JSONResponse

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from tentacle.triggers import service
from tentacle.triggers.schemas import (
    EventAccepted,
    EventIn,
    TriggerCreate,
    TriggerHistory,
    TriggerPage,
    TriggerRead,
    TriggerUpdate,
)

router = flux_router("/api/v1/triggers", tags=["triggers"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TriggerRead)
async def create_trigger(
    data: TriggerCreate, session: SessionDep, principal: CurrentUser
) -> TriggerRead:
    """Create a trigger: events matching its source, pattern and filter start a task."""
    trigger = await service.create_trigger(session, principal, data)
    (view,) = await service.read_triggers(session, [trigger])
    return view


@router.get("", response_model=TriggerPage)
async def list_triggers(session: SessionDep, principal: CurrentUser) -> TriggerPage:
    """Your triggers (an org owner or admin sees the organisation's), newest first."""
    triggers = await service.list_triggers(session, principal)
    return TriggerPage(items=await service.read_triggers(session, triggers))


@router.post(
    "/events",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=EventAccepted,
    responses={200: {"model": EventAccepted, "description": "Already received: nothing new."}},
)
async def receive_event(
    data: EventIn, session: SessionDep, principal: CurrentUser
) -> EventAccepted | JSONResponse:
    """Take an event in (Mimic relays verified webhooks here): 202, or 200 for a replay."""
    accepted = await service.ingest_event(session, principal, data)
    if accepted.duplicate:
        return JSONResponse(accepted.model_dump(mode="json"), status_code=status.HTTP_200_OK)
    return accepted


@router.get("/{trigger_id}", response_model=TriggerRead)
async def get_trigger(
    trigger_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> TriggerRead:
    """One trigger with how often it fired."""
    trigger = await service.get_trigger(session, principal, trigger_id)
    (view,) = await service.read_triggers(session, [trigger])
    return view


@router.patch("/{trigger_id}", response_model=TriggerRead)
async def update_trigger(
    trigger_id: uuid.UUID, data: TriggerUpdate, session: SessionDep, principal: CurrentUser
) -> TriggerRead:
    """Change a trigger (validated like a new one)."""
    trigger = await service.update_trigger(session, principal, trigger_id, data)
    (view,) = await service.read_triggers(session, [trigger])
    return view


@router.delete("/{trigger_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_trigger(
    trigger_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> Response:
    """Delete a trigger and its history (the tasks it started remain)."""
    await service.delete_trigger(session, principal, trigger_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{trigger_id}/enable", response_model=TriggerRead)
async def enable_trigger(
    trigger_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> TriggerRead:
    """Enable: matching events start tasks again."""
    trigger = await service.set_enabled(session, principal, trigger_id, True)
    (view,) = await service.read_triggers(session, [trigger])
    return view


@router.post("/{trigger_id}/disable", response_model=TriggerRead)
async def disable_trigger(
    trigger_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> TriggerRead:
    """Disable: events are no longer matched against it."""
    trigger = await service.set_enabled(session, principal, trigger_id, False)
    (view,) = await service.read_triggers(session, [trigger])
    return view


@router.get("/{trigger_id}/history", response_model=TriggerHistory)
async def trigger_history(
    trigger_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> TriggerHistory:
    """Events received (matched or not, and why), tasks started, outcomes, answers sent."""
    return await service.history(session, principal, trigger_id, limit=limit)
