"""Automation rules: define schedules (validated, next run computed), pause, resume, run now,
and the scheduler's tick that starts what is due.

The tick takes due automations with ``FOR UPDATE SKIP LOCKED`` and inserts the run under the
unique (automation_id, scheduled_for): two schedulers never start the same run. The next run is
computed from *now*, so an automation whose ticks were missed while nothing ran (workers down)
runs once on recovery, its run recording how many ticks it stands in for.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.db import utcnow
from fluxkit.errors import Conflict, Forbidden, NotFound
from tentacle.automations.cron import InvalidSchedule, next_run, parse_cron, zone
from tentacle.automations.models import Automation, AutomationRun, AutomationStatus
from tentacle.automations.schemas import AutomationCreate, AutomationUpdate
from tentacle.inbox.service import create_conversation
from tentacle.tasks.service import MANAGER_ROLES, WRITER_ROLES
from tentacle.triggers.launch import InvalidPlan, check_plan, owner_principal, start_task
from tentacle.triggers.templates import (
    TemplateRenderError,
    check_plan_templates,
    check_template,
    render,
    render_plan,
)

GOAL_VARIABLES = frozenset({"now", "scheduled_for", "automation"})
MISSED_COUNT_LIMIT = 1000

Clock = Callable[[], datetime]
_clock: Clock = utcnow


def set_clock(clock: Clock | None) -> None:
    """Make the scheduler read the time from ``clock`` (tests freeze it); None: the real one."""
    global _clock
    _clock = clock or utcnow


def now() -> datetime:
    return _clock()


class AutomationNotFound(NotFound):
    """No automation with that id is visible to the caller."""


class AutomationNameTaken(Conflict):
    """Another automation of the organisation has that name."""


class AutomationStateConflict(Conflict):
    """The automation's status does not allow this (e.g. resuming an active one)."""


def _require_writer(principal: Principal) -> None:
    if principal.roles and not principal.roles & WRITER_ROLES:
        raise Forbidden("your role may read automations but not create or change them")


async def get_automation(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID, *, lock: bool = False
) -> Automation:
    organization_id = principal.require_organization()
    query = select(Automation).where(
        Automation.id == automation_id, Automation.organization_id == organization_id
    )
    if lock:
        query = query.with_for_update()
    automation = await session.scalar(query)
    if automation is None or (
        automation.user_id != principal.user_id and not principal.roles & MANAGER_ROLES
    ):
        raise AutomationNotFound("no such automation")
    return automation


def _schedule_next(automation: Automation, after: datetime) -> datetime | None:
    if automation.cron is not None:
        return next_run(automation.cron, automation.timezone, after)
    return automation.run_at


async def _validate(session: AsyncSession, automation: Automation, current: datetime) -> None:
    zone(automation.timezone)
    if automation.cron is not None:
        parse_cron(automation.cron)
    elif automation.run_at is None:
        raise InvalidSchedule("give either a cron expression or run_at")
    elif automation.run_at <= current:
        raise InvalidSchedule("run_at: the time is in the past")
    check_template(automation.goal, "goal", GOAL_VARIABLES)
    if automation.planning_mode == "fixed":
        if automation.plan is None:
            raise InvalidPlan(["planning_mode 'fixed' needs a plan"])
        check_plan_templates(automation.plan, GOAL_VARIABLES)
        errors = await check_plan(session, automation.organization_id, automation.plan)
        if errors:
            raise InvalidPlan(errors)


async def _save(session: AsyncSession, automation: Automation) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise AutomationNameTaken(
            f"an automation named {automation.name!r} already exists"
        ) from None


async def create_automation(
    session: AsyncSession, principal: Principal, payload: AutomationCreate
) -> Automation:
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    _require_writer(principal)
    current = now()
    automation = Automation(
        id=uuid.uuid4(),
        organization_id=organization_id,
        user_id=user_id,
        name=payload.name,
        description=payload.description,
        cron=payload.cron,
        timezone=payload.timezone,
        run_at=payload.run_at.astimezone(UTC) if payload.run_at else None,
        goal=payload.goal,
        planning_mode=payload.planning_mode,
        plan=payload.plan,
        status=AutomationStatus.ACTIVE,
    )
    await _validate(session, automation, current)
    automation.next_run_at = _schedule_next(automation, current)
    session.add(automation)
    await _save(session, automation)
    return automation


async def update_automation(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID, payload: AutomationUpdate
) -> Automation:
    _require_writer(principal)
    automation = await get_automation(session, principal, automation_id, lock=True)
    changes = payload.model_dump(exclude_unset=True)
    if payload.run_at is not None:
        changes["run_at"] = payload.run_at.astimezone(UTC)
    for name, value in changes.items():
        if value is None and name != "plan":
            continue
        setattr(automation, name, value)
    if payload.cron is not None:
        automation.run_at = None
    elif payload.run_at is not None:
        automation.cron = None
    if changes.get("planning_mode") == "planner":
        automation.plan = None
    current = now()
    await _validate(session, automation, current)
    if automation.status == AutomationStatus.FINISHED and automation.cron is not None:
        automation.status = AutomationStatus.ACTIVE
    if automation.status == AutomationStatus.ACTIVE:
        automation.next_run_at = _schedule_next(automation, current)
    automation.updated_at = utcnow()
    await _save(session, automation)
    return automation


async def pause_automation(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID
) -> Automation:
    """Stop scheduling; ticks while paused are not made up for on resume."""
    _require_writer(principal)
    automation = await get_automation(session, principal, automation_id, lock=True)
    if automation.status != AutomationStatus.ACTIVE:
        raise AutomationStateConflict(f"a {automation.status} automation cannot be paused")
    automation.status = AutomationStatus.PAUSED
    automation.next_run_at = None
    automation.updated_at = utcnow()
    await session.flush()
    return automation


async def resume_automation(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID
) -> Automation:
    _require_writer(principal)
    automation = await get_automation(session, principal, automation_id, lock=True)
    if automation.status != AutomationStatus.PAUSED:
        raise AutomationStateConflict(f"a {automation.status} automation cannot be resumed")
    automation.status = AutomationStatus.ACTIVE
    automation.next_run_at = _schedule_next(automation, now())
    automation.updated_at = utcnow()
    await session.flush()
    return automation


async def delete_automation(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID
) -> None:
    _require_writer(principal)
    automation = await get_automation(session, principal, automation_id, lock=True)
    await session.delete(automation)
    await session.flush()


async def list_automations(session: AsyncSession, principal: Principal) -> list[Automation]:
    organization_id = principal.require_organization()
    query = select(Automation).where(Automation.organization_id == organization_id)
    if not principal.roles & MANAGER_ROLES:
        query = query.where(Automation.user_id == principal.user_id)
    return list((await session.scalars(query.order_by(Automation.created_at.desc()))).all())


async def list_runs(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID, *, limit: int = 50
) -> list[AutomationRun]:
    automation = await get_automation(session, principal, automation_id)
    rows = await session.scalars(
        select(AutomationRun)
        .where(AutomationRun.automation_id == automation.id)
        .order_by(AutomationRun.scheduled_for.desc())
        .limit(limit)
    )
    return list(rows.all())


async def run_now(
    session: AsyncSession, principal: Principal, automation_id: uuid.UUID
) -> AutomationRun:
    """Start a run at once (the schedule is unchanged)."""
    _require_writer(principal)
    automation = await get_automation(session, principal, automation_id, lock=True)
    current = now()
    run = await _start_run(session, automation, current, kind="manual", missed=0)
    if run is None:
        raise AutomationStateConflict("a run for this instant already exists")
    automation.last_run_at = current
    await session.flush()
    return run


# -- the scheduler -------------------------------------------------------------------------------


async def _start_run(
    session: AsyncSession,
    automation: Automation,
    scheduled_for: datetime,
    *,
    kind: str,
    missed: int,
) -> AutomationRun | None:
    """Insert the run (None when that instant already has one) and start its task."""
    run_id = await session.scalar(
        insert(AutomationRun)
        .values(
            id=uuid.uuid4(),
            organization_id=automation.organization_id,
            automation_id=automation.id,
            scheduled_for=scheduled_for,
            kind=kind,
            missed=missed,
            status="started",
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["automation_id", "scheduled_for"])
        .returning(AutomationRun.id)
    )
    if run_id is None:
        return None
    run = await session.get(AutomationRun, run_id)
    assert run is not None
    context: dict[str, Any] = {
        "now": now().isoformat(),
        "scheduled_for": scheduled_for.isoformat(),
        "automation": {"id": str(automation.id), "name": automation.name},
    }
    try:
        goal = render(automation.goal, context).strip() or automation.name
        plan = render_plan(automation.plan, context) if automation.plan is not None else None
        task = await start_task(
            session,
            organization_id=automation.organization_id,
            user_id=automation.user_id,
            goal=goal,
            plan=plan,
            conversation_id=await _conversation_for(session, automation),
            constraints={
                "automation_id": str(automation.id),
                "scheduled_for": context["scheduled_for"],
            },
        )
    except (TemplateRenderError, InvalidPlan) as exc:
        run.status = "failed"
        run.reason = f"the task could not start: {exc}"
        return run
    run.task_id = task.id
    return run


async def _conversation_for(session: AsyncSession, automation: Automation) -> uuid.UUID:
    """The automation's inbox thread, created on its first run (the caller holds its row)."""
    if automation.conversation_id is None:
        conversation = await create_conversation(
            session,
            owner_principal(automation.organization_id, automation.user_id),
            title=f"Automation: {automation.name}",
        )
        automation.conversation_id = conversation.id
    return automation.conversation_id


def _missed(automation: Automation, scheduled_for: datetime, current: datetime) -> int:
    """Ticks after ``scheduled_for`` up to ``current`` that this one run stands in for."""
    if automation.cron is None:
        return 0
    count, cursor = 0, scheduled_for
    while count < MISSED_COUNT_LIMIT:
        cursor = next_run(automation.cron, automation.timezone, cursor)
        if cursor > current:
            break
        count += 1
    return count


async def tick(session: AsyncSession, *, current: datetime | None = None, limit: int = 100) -> int:
    """Start every due automation's run (in the caller's transaction); returns how many."""
    current = current or now()
    due = list(
        (
            await session.scalars(
                select(Automation)
                .where(
                    Automation.status == AutomationStatus.ACTIVE,
                    Automation.next_run_at <= current,
                )
                .order_by(Automation.next_run_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    started = 0
    for automation in due:
        scheduled_for = automation.next_run_at
        assert scheduled_for is not None
        run = await _start_run(
            session,
            automation,
            scheduled_for,
            kind="schedule",
            missed=_missed(automation, scheduled_for, current),
        )
        started += run is not None
        automation.last_run_at = current
        if automation.cron is not None:
            automation.next_run_at = next_run(automation.cron, automation.timezone, current)
        else:
            automation.status = AutomationStatus.FINISHED
            automation.next_run_at = None
        automation.updated_at = utcnow()
    await session.flush()
    return started
