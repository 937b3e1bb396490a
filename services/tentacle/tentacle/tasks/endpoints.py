"""Task endpoints: create (plans on a worker), list, read with progress, control, SSE events."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Header, Query, Request, status
from sse_starlette.sse import EventSourceResponse

from fluxkit.app import flux_router
from fluxkit.auth import CurrentUser
from fluxkit.db import SessionDep
from fluxkit.errors import BadRequest
from tentacle.events.stream import task_event_stream
from tentacle.tasks import service
from tentacle.tasks.schemas import TaskCreate, TaskList, TaskSummary, TaskView

router = flux_router("/api/v1/tasks", tags=["tasks"])


@router.post("", status_code=status.HTTP_202_ACCEPTED, response_model=TaskView)
async def create_task(data: TaskCreate, session: SessionDep, principal: CurrentUser) -> TaskView:
    """Start a task from a goal; it is planned on a worker (poll it or follow its events)."""
    task = await service.create_task(session, principal, data)
    return await service.task_view(session, task)


@router.get("", response_model=TaskList)
async def list_tasks(
    session: SessionDep,
    principal: CurrentUser,
    status_filter: Annotated[str | None, Query(alias="status")] = None,
    conversation_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TaskList:
    """Your tasks (an org owner or admin sees the organisation's), newest first."""
    tasks = await service.list_tasks(
        session, principal, status=status_filter, conversation_id=conversation_id, limit=limit
    )
    return TaskList(items=[TaskSummary.model_validate(task) for task in tasks])


@router.get("/{task_id}", response_model=TaskView)
async def get_task(task_id: uuid.UUID, session: SessionDep, principal: CurrentUser) -> TaskView:
    """The task with its current plan, each step's state and the progress."""
    task = await service.get_task(session, principal, task_id)
    return await service.task_view(session, task)


@router.post("/{task_id}/pause", response_model=TaskView)
async def pause_task(task_id: uuid.UUID, session: SessionDep, principal: CurrentUser) -> TaskView:
    """Pause: no new step starts; running steps finish and their results are kept."""
    task = await service.pause_task(session, principal, task_id)
    return await service.task_view(session, task)


@router.post("/{task_id}/resume", response_model=TaskView)
async def resume_task(task_id: uuid.UUID, session: SessionDep, principal: CurrentUser) -> TaskView:
    """Resume a paused task where it stopped."""
    task = await service.resume_task(session, principal, task_id)
    return await service.task_view(session, task)


@router.post("/{task_id}/cancel", response_model=TaskView)
async def cancel_task(task_id: uuid.UUID, session: SessionDep, principal: CurrentUser) -> TaskView:
    """Cancel the task and its unfinished steps."""
    task = await service.cancel_task(session, principal, task_id)
    return await service.task_view(session, task)


@router.post("/{task_id}/retry", response_model=TaskView)
async def retry_task(task_id: uuid.UUID, session: SessionDep, principal: CurrentUser) -> TaskView:
    """Retry a failed task: its failed steps run again, completed ones are kept."""
    task = await service.retry_task(session, principal, task_id)
    return await service.task_view(session, task)


@router.get("/{task_id}/events")
async def task_events(
    task_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> EventSourceResponse:
    """Server-sent events of the task; resumes after ``Last-Event-ID`` (or ``?after=``)."""
    await service.get_task(session, principal, task_id)
    start = after or 0
    if last_event_id:
        try:
            start = int(last_event_id)
        except ValueError:
            raise BadRequest("Last-Event-ID must be an event sequence number") from None
    app = request.app
    return EventSourceResponse(
        task_event_stream(app.state.session_factory, app.state.redis, task_id, start),
        ping=int(app.state.settings.sse_heartbeat_seconds),
    )
