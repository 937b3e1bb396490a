"""/api/v1/automations: scheduled goals (cron in a time zone, or once), pause, resume, run now."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response, status

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from tentacle.automations import service
from tentacle.automations.schemas import (
    AutomationCreate,
    AutomationPage,
    AutomationRead,
    AutomationRunPage,
    AutomationRunRead,
    AutomationUpdate,
)

router = flux_router("/api/v1/automations", tags=["automations"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AutomationRead)
async def create_automation(
    data: AutomationCreate, session: SessionDep, principal: CurrentUser
) -> AutomationRead:
    """Schedule a goal: a cron expression in a time zone, or once at ``run_at``."""
    automation = await service.create_automation(session, principal, data)
    return AutomationRead.model_validate(automation)


@router.get("", response_model=AutomationPage)
async def list_automations(session: SessionDep, principal: CurrentUser) -> AutomationPage:
    """Your automations (an org owner or admin sees the organisation's) with their next run."""
    automations = await service.list_automations(session, principal)
    return AutomationPage(items=[AutomationRead.model_validate(a) for a in automations])


@router.get("/{automation_id}", response_model=AutomationRead)
async def get_automation(
    automation_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> AutomationRead:
    """One automation with its next run."""
    automation = await service.get_automation(session, principal, automation_id)
    return AutomationRead.model_validate(automation)


@router.patch("/{automation_id}", response_model=AutomationRead)
async def update_automation(
    automation_id: uuid.UUID, data: AutomationUpdate, session: SessionDep, principal: CurrentUser
) -> AutomationRead:
    """Change the schedule, goal or plan (the next run is computed again)."""
    automation = await service.update_automation(session, principal, automation_id, data)
    return AutomationRead.model_validate(automation)


@router.delete("/{automation_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_automation(
    automation_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> Response:
    """Delete the automation and its run history (tasks it started remain)."""
    await service.delete_automation(session, principal, automation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{automation_id}/pause", response_model=AutomationRead)
async def pause_automation(
    automation_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> AutomationRead:
    """Pause: nothing runs until it is resumed (missed ticks are not made up)."""
    automation = await service.pause_automation(session, principal, automation_id)
    return AutomationRead.model_validate(automation)


@router.post("/{automation_id}/resume", response_model=AutomationRead)
async def resume_automation(
    automation_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> AutomationRead:
    """Resume a paused automation from now."""
    automation = await service.resume_automation(session, principal, automation_id)
    return AutomationRead.model_validate(automation)


@router.post(
    "/{automation_id}/run", status_code=status.HTTP_202_ACCEPTED, response_model=AutomationRunRead
)
async def run_automation_now(
    automation_id: uuid.UUID, session: SessionDep, principal: CurrentUser
) -> AutomationRunRead:
    """Run now (the schedule is unchanged)."""
    run = await service.run_now(session, principal, automation_id)
    return AutomationRunRead.model_validate(run)


@router.get("/{automation_id}/runs", response_model=AutomationRunPage)
async def automation_runs(
    automation_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> AutomationRunPage:
    """Its runs, newest first: when each was due, the task it started."""
    runs = await service.list_runs(session, principal, automation_id, limit=limit)
    return AutomationRunPage(items=[AutomationRunRead.model_validate(r) for r in runs])
