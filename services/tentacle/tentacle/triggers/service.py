"""Trigger rules: define triggers (validated), take events in (stored once, matched, one task
per matching trigger), and show what happened to each event.

An event, its runs and the tasks it starts are written in one transaction; the tasks' planning
or first cycle is enqueued after commit. A replayed event id finds its row and starts nothing.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.db import utcnow
from fluxkit.errors import Conflict, FluxError, Forbidden, NotFound, ServiceUnavailable
from fluxkit.http import ServiceCallError
from tentacle.inbox.service import create_conversation
from tentacle.tasks.models import Task, TaskStatus
from tentacle.tasks.service import MANAGER_ROLES, WRITER_ROLES
from tentacle.triggers import mimic
from tentacle.triggers.launch import (
    InvalidPlan,
    announce_task,
    check_plan,
    owner_principal,
    start_task,
)
from tentacle.triggers.matching import check_filter, check_pattern, filters_match, type_matches
from tentacle.triggers.models import (
    ResponseStatus,
    ResponseType,
    RunStatus,
    Trigger,
    TriggerEvent,
    TriggerRun,
)
from tentacle.triggers.schemas import (
    EventAccepted,
    EventIn,
    HistoryItem,
    TriggerCreate,
    TriggerHistory,
    TriggerRead,
    TriggerUpdate,
)
from tentacle.triggers.templates import (
    TemplateRenderError,
    check_plan_templates,
    check_template,
    render,
    render_plan,
)

logger = logging.getLogger(__name__)

RESPONSE_VARIABLES = frozenset({"result", "output", "task", "event", "trigger"})
RELAY_SERVICE = "mimic"
INTERNAL_SOURCE = "tentacle"
"""Events Tentacle hands its own triggers (a task completed or failed)."""
INTERNAL_MARK = "internal_event"


class TriggerNotFound(NotFound):
    """No trigger with that id is visible to the caller."""


class TriggerNameTaken(Conflict):
    """Another trigger of the organisation has that name."""


class InvalidTrigger(FluxError):
    """The trigger's definition cannot work (a 422 naming the field)."""

    status_code = 422

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}", extra={"path": where})


class IntegrationsUnavailable(ServiceUnavailable):
    """Mimic could not be asked about the integrations (try again)."""


# -- who may do what -----------------------------------------------------------------------------


def _require_writer(principal: Principal) -> None:
    if principal.roles and not principal.roles & WRITER_ROLES:
        raise Forbidden("your role may read triggers but not create or change them")


def _visible(principal: Principal, trigger: Trigger) -> bool:
    return trigger.user_id == principal.user_id or bool(principal.roles & MANAGER_ROLES)


async def get_trigger(
    session: AsyncSession, principal: Principal, trigger_id: uuid.UUID, *, lock: bool = False
) -> Trigger:
    organization_id = principal.require_organization()
    query = select(Trigger).where(
        Trigger.id == trigger_id, Trigger.organization_id == organization_id
    )
    if lock:
        query = query.with_for_update()
    trigger = await session.scalar(query)
    if trigger is None or not _visible(principal, trigger):
        raise TriggerNotFound("no such trigger")
    return trigger


# -- integrations (Mimic) ------------------------------------------------------------------------


async def list_integrations_for(principal: Principal) -> list[dict[str, Any]]:
    """The integrations the caller may use (Mimic's ``GET /api/v1/integrations`` as them)."""
    user_id = principal.require_user()
    organization_id = principal.require_organization()
    try:
        return await mimic.list_integrations(user_id, organization_id)
    except ServiceCallError as exc:
        raise IntegrationsUnavailable(f"the integrations could not be listed: {exc}") from exc


async def _integration(
    principal: Principal, integration_id: uuid.UUID, where: str
) -> dict[str, Any]:
    user_id = principal.require_user()
    organization_id = principal.require_organization()
    try:
        found = await mimic.get_integration(user_id, organization_id, integration_id)
    except ServiceCallError as exc:
        raise IntegrationsUnavailable(f"the integration could not be checked: {exc}") from exc
    if found is None:
        raise InvalidTrigger(where, f"no integration {integration_id} is available to you")
    return found


# -- definition ----------------------------------------------------------------------------------


def _provider_of(integration: dict[str, Any]) -> str | None:
    value = integration.get("provider") or integration.get("kind") or integration.get("type")
    return str(value) if value else None


async def _validate(session: AsyncSession, principal: Principal, trigger: Trigger) -> None:
    """Everything that makes a trigger work, checked before it is saved (422 naming the field)."""
    check_pattern(trigger.event_pattern)
    check_filter(trigger.filter)
    check_template(trigger.goal_template, "goal_template")
    if trigger.planning_mode == "fixed":
        if trigger.plan is None:
            raise InvalidTrigger("plan", "planning_mode 'fixed' needs a plan")
        check_plan_templates(trigger.plan)
        errors = await check_plan(session, trigger.organization_id, trigger.plan)
        if errors:
            raise InvalidPlan(errors)
    elif trigger.plan is not None:
        raise InvalidTrigger("plan", "a plan is given: set planning_mode to 'fixed'")
    config = trigger.response_config
    if config.get("template"):
        check_template(config["template"], "response_config.template", RESPONSE_VARIABLES)
    if trigger.integration_id is not None:
        source = await _integration(principal, trigger.integration_id, "integration_id")
        trigger.provider = _provider_of(source)
    else:
        trigger.provider = None
    response_integration = config.get("integration_id")
    response_provider = trigger.provider
    if response_integration:
        target = await _integration(
            principal, uuid.UUID(str(response_integration)), "response_config.integration_id"
        )
        response_provider = _provider_of(target)
    kind = trigger.response_type
    if kind == ResponseType.NONE:
        return
    if not (response_integration or trigger.integration_id):
        raise InvalidTrigger(
            "response_config.integration_id",
            f"a {kind} answer goes through an integration: name one or use an integration source",
        )
    wanted = {
        ResponseType.DISCORD_FOLLOWUP: "discord",
        ResponseType.SLACK_MESSAGE: "slack",
        ResponseType.WEBHOOK: None,
    }[kind]
    if wanted and response_provider and response_provider != wanted:
        raise InvalidTrigger(
            "response_type", f"{kind} needs a {wanted} integration, not {response_provider}"
        )
    if (
        kind == ResponseType.DISCORD_FOLLOWUP
        and response_integration
        and (str(response_integration) != str(trigger.integration_id))
    ):
        raise InvalidTrigger(
            "response_type", "a Discord follow-up answers the interaction of the same integration"
        )
    if (
        kind == ResponseType.SLACK_MESSAGE
        and not config.get("channel")
        and trigger.provider != "slack"
    ):
        raise InvalidTrigger(
            "response_config.channel", "name the Slack channel to post to (the event has none)"
        )


async def _save(session: AsyncSession, trigger: Trigger) -> None:
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise TriggerNameTaken(f"a trigger named {trigger.name!r} already exists") from None


async def create_trigger(
    session: AsyncSession, principal: Principal, payload: TriggerCreate
) -> Trigger:
    """Create a trigger owned by the caller (422 for a definition that cannot work, 409 for a
    name already used in the organisation)."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    _require_writer(principal)
    trigger = Trigger(
        id=uuid.uuid4(),
        organization_id=organization_id,
        user_id=user_id,
        name=payload.name,
        description=payload.description,
        enabled=payload.enabled,
        integration_id=payload.integration_id,
        event_pattern=payload.event_pattern,
        filter=payload.filter,
        goal_template=payload.goal_template,
        planning_mode=payload.planning_mode,
        plan=payload.plan,
        response_type=payload.response_type,
        response_config=payload.response_config.model_dump(mode="json", exclude_none=True),
    )
    await _validate(session, principal, trigger)
    session.add(trigger)
    await _save(session, trigger)
    return trigger


async def update_trigger(
    session: AsyncSession, principal: Principal, trigger_id: uuid.UUID, payload: TriggerUpdate
) -> Trigger:
    _require_writer(principal)
    trigger = await get_trigger(session, principal, trigger_id, lock=True)
    changes = payload.model_dump(exclude_unset=True)
    if "response_config" in changes and payload.response_config is not None:
        changes["response_config"] = payload.response_config.model_dump(
            mode="json", exclude_none=True
        )
    if changes.get("planning_mode") == "planner" and "plan" not in changes:
        changes["plan"] = None
    for name, value in changes.items():
        if value is None and name not in ("plan",):
            continue
        setattr(trigger, name, value)
    await _validate(session, principal, trigger)
    trigger.updated_at = utcnow()
    await _save(session, trigger)
    return trigger


async def set_enabled(
    session: AsyncSession, principal: Principal, trigger_id: uuid.UUID, enabled: bool
) -> Trigger:
    _require_writer(principal)
    trigger = await get_trigger(session, principal, trigger_id, lock=True)
    trigger.enabled = enabled
    trigger.updated_at = utcnow()
    await session.flush()
    return trigger


async def delete_trigger(
    session: AsyncSession, principal: Principal, trigger_id: uuid.UUID
) -> None:
    """Delete the trigger and its history; tasks it started are kept."""
    _require_writer(principal)
    trigger = await get_trigger(session, principal, trigger_id, lock=True)
    await session.delete(trigger)
    await session.flush()


async def list_triggers(session: AsyncSession, principal: Principal) -> list[Trigger]:
    organization_id = principal.require_organization()
    query = select(Trigger).where(Trigger.organization_id == organization_id)
    if not principal.roles & MANAGER_ROLES:
        query = query.where(Trigger.user_id == principal.user_id)
    return list((await session.scalars(query.order_by(Trigger.created_at.desc()))).all())


async def read_triggers(session: AsyncSession, triggers: list[Trigger]) -> list[TriggerRead]:
    """The read model with how often each trigger fired and when last (from its runs)."""
    if not triggers:
        return []
    rows = await session.execute(
        select(TriggerRun.trigger_id, func.count(), func.max(TriggerRun.created_at))
        .where(TriggerRun.trigger_id.in_([t.id for t in triggers]), TriggerRun.matched.is_(True))
        .group_by(TriggerRun.trigger_id)
    )
    stats = {trigger_id: (count, last) for trigger_id, count, last in rows.all()}
    views = []
    for trigger in triggers:
        count, last = stats.get(trigger.id, (0, None))
        view = TriggerRead.model_validate(trigger)
        views.append(view.model_copy(update={"events_matched": count, "last_fired_at": last}))
    return views


async def history(
    session: AsyncSession, principal: Principal, trigger_id: uuid.UUID, *, limit: int = 50
) -> TriggerHistory:
    """Events the trigger saw, newest first: matched or not (and why), task, outcome, answer."""
    trigger = await get_trigger(session, principal, trigger_id)
    rows = await session.execute(
        select(TriggerRun, TriggerEvent, Task.status)
        .join(TriggerEvent, TriggerEvent.id == TriggerRun.event_id)
        .outerjoin(Task, Task.id == TriggerRun.task_id)
        .where(TriggerRun.trigger_id == trigger.id)
        .order_by(TriggerRun.created_at.desc(), TriggerRun.id)
        .limit(limit)
    )
    items = [
        HistoryItem(
            run_id=run.id,
            event_id=event.id,
            event_type=event.type,
            delivery_id=event.delivery_id,
            received_at=event.received_at,
            matched=run.matched,
            reason=run.reason,
            status=run.status,
            task_id=run.task_id,
            task_status=task_status,
            goal=run.goal,
            outcome=run.outcome,
            response_status=run.response_status,
            response_attempts=run.response_attempts,
            response_error=run.response_error,
            responded_at=run.responded_at,
            created_at=run.created_at,
        )
        for run, event, task_status in rows.all()
    ]
    (view,) = await read_triggers(session, [trigger])
    return TriggerHistory(trigger_id=trigger.id, events_matched=view.events_matched, items=items)


# -- events --------------------------------------------------------------------------------------


def event_document(event: TriggerEvent) -> dict[str, Any]:
    """What filters and templates see of an event."""
    return {
        "id": str(event.id),
        "type": event.type,
        "source": event.source,
        "provider": event.provider,
        "integration_id": str(event.integration_id) if event.integration_id else None,
        "delivery_id": event.delivery_id,
        "received_at": event.received_at.isoformat(),
        "data": event.data,
        "reply": event.reply,
    }


def _source_of(principal: Principal) -> str:
    if principal.kind == "service":
        return principal.service or "service"
    return "api"


async def ingest_event(
    session: AsyncSession, principal: Principal, payload: EventIn
) -> EventAccepted:
    """Store the event once and start a task for every enabled trigger it matches."""
    organization_id = principal.require_organization()
    user_id = principal.require_user()
    if payload.integration_id is not None and not (
        principal.kind == "service" and principal.service == RELAY_SERVICE
    ):
        raise Forbidden("integration events arrive through Mimic's verified webhooks only")
    now = utcnow()
    inserted = await session.scalar(
        insert(TriggerEvent)
        .values(
            id=payload.id,
            organization_id=organization_id,
            user_id=user_id,
            source=_source_of(principal),
            integration_id=payload.integration_id,
            provider=payload.provider,
            type=payload.type,
            delivery_id=payload.delivery_id,
            received_at=payload.received_at or now,
            data=payload.data,
            reply=payload.reply,
            matched=0,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(TriggerEvent)
    )
    if inserted is None:
        return EventAccepted(id=payload.id, duplicate=True)
    event: TriggerEvent = inserted
    source = (
        Trigger.integration_id == payload.integration_id
        if payload.integration_id is not None
        else Trigger.integration_id.is_(None)
    )
    candidates = list(
        (
            await session.scalars(
                select(Trigger)
                .where(
                    Trigger.organization_id == organization_id, Trigger.enabled.is_(True), source
                )
                .order_by(Trigger.created_at)
            )
        ).all()
    )
    document = event_document(event)
    by_type = [t for t in candidates if type_matches(t.event_pattern, event.type)]
    verdicts = await filters_match(session, document, [t.filter for t in by_type])
    passed = {t.id for t, ok in zip(by_type, verdicts, strict=True) if ok}
    typed = {t.id for t in by_type}
    accepted = EventAccepted(id=event.id)
    unannounced: list[Task] = []
    for trigger in candidates:
        if trigger.id not in typed:
            _record(
                session,
                trigger,
                event,
                reason=f"type {event.type!r} does not match {trigger.event_pattern!r}",
            )
        elif trigger.id not in passed:
            _record(session, trigger, event, reason="the filter did not match the event")
        else:
            task = await _fire(session, trigger, event, document, now)
            accepted.matched += 1
            if task is not None:
                accepted.task_ids.append(task.id)
                if task.status == TaskStatus.READY:
                    unannounced.append(task)
    event.matched = accepted.matched
    await session.flush()
    for task in unannounced:
        await announce_task(session, task)
    return accepted


def _record(session: AsyncSession, trigger: Trigger, event: TriggerEvent, *, reason: str) -> None:
    session.add(
        TriggerRun(
            id=uuid.uuid4(),
            organization_id=trigger.organization_id,
            trigger_id=trigger.id,
            event_id=event.id,
            matched=False,
            reason=reason,
            status=RunStatus.NOT_MATCHED,
            response_status=ResponseStatus.NOT_NEEDED,
        )
    )


async def _fire(
    session: AsyncSession,
    trigger: Trigger,
    event: TriggerEvent,
    document: dict[str, Any],
    now: Any,
) -> Task | None:
    """Start the trigger's task for the event; a goal or plan that fails to render, or a plan
    that no longer validates, is recorded as a failed run instead."""
    run = TriggerRun(
        id=uuid.uuid4(),
        organization_id=trigger.organization_id,
        trigger_id=trigger.id,
        event_id=event.id,
        matched=True,
        reason="",
        status=RunStatus.STARTED,
        response_status=(
            ResponseStatus.NOT_NEEDED
            if trigger.response_type == ResponseType.NONE
            else ResponseStatus.WAITING
        ),
    )
    context = {
        "event": document,
        "trigger": {"id": str(trigger.id), "name": trigger.name},
        "now": now.isoformat(),
    }
    try:
        goal = render(trigger.goal_template, context).strip()
        if not goal:
            raise TemplateRenderError("the goal rendered empty")
        plan = render_plan(trigger.plan, context) if trigger.plan is not None else None
        run.goal = goal
        conversation_id = await _conversation_for(session, trigger)
        task = await start_task(
            session,
            organization_id=trigger.organization_id,
            user_id=trigger.user_id,
            goal=goal,
            plan=plan,
            conversation_id=conversation_id,
            constraints={
                "trigger_id": str(trigger.id),
                "event_id": str(event.id),
                **({INTERNAL_MARK: True} if event.source == INTERNAL_SOURCE else {}),
            },
            announce=False,
        )
    except (TemplateRenderError, InvalidPlan) as exc:
        run.status = RunStatus.FAILED
        run.reason = f"the task could not start: {exc}"
        run.response_status = ResponseStatus.NOT_NEEDED
        run.finished_at = utcnow()
        session.add(run)
        return None
    run.task_id = task.id
    session.add(run)
    return task


async def _conversation_for(session: AsyncSession, trigger: Trigger) -> uuid.UUID:
    """The trigger's inbox thread, created on its first run (the row lock makes two first
    events agree on one thread). ``FOR NO KEY UPDATE``: runs already written in this or another
    transaction hold key-share locks on the trigger (their foreign key); a plain ``FOR UPDATE``
    would wait on them and deadlock."""
    if trigger.conversation_id is not None:
        return trigger.conversation_id
    locked = await session.scalar(
        select(Trigger)
        .where(Trigger.id == trigger.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    if locked.conversation_id is None:
        conversation = await create_conversation(
            session,
            owner_principal(locked.organization_id, locked.user_id),
            title=f"Trigger: {locked.name}",
        )
        locked.conversation_id = conversation.id
    return locked.conversation_id
