"""Task rules: create (planning is enqueued), read with progress, pause, resume, cancel, retry."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.errors import Conflict, Forbidden, NotFound
from tentacle.events.outbox import emit
from tentacle.orchestrator.enqueue import PLAN_TASK, enqueue_after_commit, enqueue_cycle
from tentacle.steps.lifecycle import transition_step
from tentacle.tasks.lifecycle import FINISHED, TERMINAL, transition_task
from tentacle.tasks.models import PlanVersion, Step, StepStatus, Task, TaskStatus
from tentacle.tasks.schemas import Progress, StepView, TaskCreate, TaskView

MANAGER_ROLES = frozenset({"owner", "admin"})
WRITER_ROLES = frozenset({"owner", "admin", "member"})


def _require_writer(principal: Principal) -> None:
    if principal.roles and not principal.roles & WRITER_ROLES:
        raise Forbidden("your role may read tasks but not start or change them")


async def create_task(session: AsyncSession, principal: Principal, data: TaskCreate) -> Task:
    organization_id = principal.require_organization()
    assert principal.user_id is not None
    _require_writer(principal)
    if data.conversation_id is not None:
        from tentacle.inbox.service import get_conversation

        # A task reports into the thread it names: only the caller's own (404 otherwise).
        await get_conversation(session, principal, data.conversation_id)
    task = Task(
        id=uuid.uuid4(),
        organization_id=organization_id,
        user_id=principal.user_id,
        conversation_id=data.conversation_id,
        goal=data.goal,
        constraints=data.constraints,
        budget=data.budget.model_dump(exclude_none=True) if data.budget else {},
        status=TaskStatus.PLANNING,
        max_parallel=data.max_parallel,
    )
    session.add(task)
    await emit(
        session,
        "task.created",
        organization_id=organization_id,
        user_id=principal.user_id,
        task_id=task.id,
        conversation_id=task.conversation_id,
        payload={"goal": task.goal, "status": task.status},
    )
    await session.flush()
    enqueue_after_commit(session, PLAN_TASK, task.id)
    return task


async def get_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, *, lock: bool = False
) -> Task:
    """The task if the caller may see it (its owner, or an org owner/admin); else 404."""
    organization_id = principal.require_organization()
    query = select(Task).where(Task.id == task_id, Task.organization_id == organization_id)
    if lock:
        query = query.with_for_update()
    task = await session.scalar(query)
    if task is None or (task.user_id != principal.user_id and not principal.roles & MANAGER_ROLES):
        raise NotFound("no such task")
    return task


async def list_tasks(
    session: AsyncSession,
    principal: Principal,
    *,
    status: str | None,
    conversation_id: uuid.UUID | None,
    limit: int,
) -> list[Task]:
    organization_id = principal.require_organization()
    query = select(Task).where(Task.organization_id == organization_id)
    if not principal.roles & MANAGER_ROLES:
        query = query.where(Task.user_id == principal.user_id)
    if status:
        query = query.where(Task.status == status)
    if conversation_id:
        query = query.where(Task.conversation_id == conversation_id)
    rows = await session.scalars(query.order_by(Task.created_at.desc()).limit(limit))
    return list(rows.all())


async def active_tasks(session: AsyncSession, principal: Principal, *, limit: int) -> list[Task]:
    """The person's own unfinished tasks, newest first."""
    rows = await session.scalars(
        select(Task)
        .where(
            Task.organization_id == principal.require_organization(),
            Task.user_id == principal.require_user(),
            Task.status.not_in(FINISHED),
        )
        .order_by(Task.created_at.desc())
        .limit(limit)
    )
    return list(rows.all())


async def current_steps(session: AsyncSession, task: Task) -> list[Step]:
    version_id = await session.scalar(
        select(PlanVersion.id).where(
            PlanVersion.task_id == task.id, PlanVersion.version == task.current_version
        )
    )
    if version_id is None:
        return []
    rows = await session.scalars(
        select(Step).where(Step.plan_version_id == version_id).order_by(Step.position, Step.key)
    )
    return list(rows.all())


def progress_of(steps: list[Step]) -> Progress:
    counts = Counter(step.status for step in steps)
    total = len(steps)
    settled = sum(counts[s] for s in ("completed", "failed", "skipped", "cancelled"))
    return Progress(
        total=total,
        completed=counts[StepStatus.COMPLETED],
        running=counts[StepStatus.RUNNING] + counts[StepStatus.QUEUED],
        waiting=counts[StepStatus.WAITING],
        failed=counts[StepStatus.FAILED],
        skipped=counts[StepStatus.SKIPPED],
        cancelled=counts[StepStatus.CANCELLED],
        pending=counts[StepStatus.PENDING],
        percent=round(100.0 * settled / total, 1) if total else 0.0,
    )


async def task_view(session: AsyncSession, task: Task) -> TaskView:
    steps = await current_steps(session, task)
    versions = await session.scalars(
        select(PlanVersion).where(PlanVersion.task_id == task.id).order_by(PlanVersion.version)
    )
    return TaskView.model_validate(
        {
            **{name: getattr(task, name) for name in TaskView.model_fields if hasattr(task, name)},
            "progress": progress_of(steps),
            "steps": [StepView.model_validate(step) for step in steps],
            "versions": list(versions.all()),
        }
    )


async def pause_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    """Stop dispatching: steps not yet started wait; running steps finish and are kept."""
    _require_writer(principal)
    task = await get_task(session, principal, task_id, lock=True)
    if task.status == TaskStatus.PAUSED:
        raise Conflict("the task is already paused")
    await transition_task(session, task, TaskStatus.PAUSED, reason="paused by the user")
    for step in await current_steps(session, task):
        if step.status == StepStatus.QUEUED:
            await transition_step(session, step, StepStatus.PENDING, task=task, reason="paused")
    return task


async def resume_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    _require_writer(principal)
    task = await get_task(session, principal, task_id, lock=True)
    if task.status != TaskStatus.PAUSED:
        raise Conflict(f"a {task.status} task cannot be resumed")
    if task.current_version == 0:
        await transition_task(session, task, TaskStatus.PLANNING, reason="resumed")
        enqueue_after_commit(session, PLAN_TASK, task.id)
    else:
        await transition_task(session, task, TaskStatus.EXECUTING, reason="resumed")
        await enqueue_cycle(session, task.id)
    return task


async def cancel_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    """Cancel the task: no step starts again; a running step's result is discarded."""
    from tentacle.checkpoints.decisions import cancel_open_checkpoints

    _require_writer(principal)
    task = await get_task(session, principal, task_id, lock=True)
    if task.status in TERMINAL:
        raise Conflict(f"a {task.status} task cannot be cancelled")
    await transition_task(session, task, TaskStatus.CANCELLED, reason="cancelled by the user")
    for step in await current_steps(session, task):
        if step.status in (
            StepStatus.PENDING,
            StepStatus.QUEUED,
            StepStatus.RUNNING,
            StepStatus.WAITING,
        ):
            await transition_step(
                session, step, StepStatus.CANCELLED, task=task, reason="cancelled"
            )
    await cancel_open_checkpoints(session, task.id)
    return task


async def retry_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    """Run a failed task again: failed and cancelled steps start over (completed ones are kept)."""
    _require_writer(principal)
    task = await get_task(session, principal, task_id, lock=True)
    if task.status != TaskStatus.FAILED:
        raise Conflict(f"only a failed task can be retried (this one is {task.status})")
    if task.current_version == 0:
        await transition_task(session, task, TaskStatus.PLANNING, reason="retried")
        enqueue_after_commit(session, PLAN_TASK, task.id)
        return task
    for step in await current_steps(session, task):
        if step.status in (StepStatus.FAILED, StepStatus.CANCELLED):
            step.retry_count = 0
            step.not_before = None
            step.approved = False
            await transition_step(session, step, StepStatus.PENDING, task=task, reason="retried")
            step.error = None
    await transition_task(session, task, TaskStatus.EXECUTING, reason="retried")
    await enqueue_cycle(session, task.id)
    return task
