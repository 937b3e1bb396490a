"""Answering back: once a trigger's task finishes, its result goes out through Mimic as the
response type says (Discord interaction follow-up, Slack message, signed webhook).

The sweep (a timer) moves finished runs to ``queued`` and enqueues one delivery per run after
commit; the delivery calls Mimic with the run id as idempotency key, retries what may pass
(Mimic down, 5xx, 429) and records refusals, so a run is answered at most once.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.db import after_commit, unit_of_work, utcnow
from fluxkit.http import ServiceCallError, ServiceRateLimited, ServiceUnavailableError
from tentacle.tasks.models import Task, TaskStatus
from tentacle.triggers import mimic
from tentacle.triggers.models import (
    ResponseStatus,
    ResponseType,
    RunStatus,
    Trigger,
    TriggerEvent,
    TriggerRun,
)
from tentacle.triggers.templates import TemplateRenderError, render

logger = logging.getLogger(__name__)

RESPOND_TASK = "tentacle.triggers.respond"
SWEEP_TASK = "tentacle.triggers.sweep"
QUEUE = "tentacle.triggers"
ENDED = (TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED, TaskStatus.SUPERSEDED)
TEXT_KEYS = ("text", "answer", "content", "body", "message", "summary", "joke", "echo", "result")
MAX_TEXT = 1900
"""Discord caps a message at 2000 characters; the others accept more."""


def result_text(task: Task) -> str:
    """A person-readable answer from the task: the last steps' text output, else its JSON."""
    if task.status != TaskStatus.COMPLETED:
        return f"The task {task.status}: {task.status_reason or 'no reason given'}"
    outputs = [value for value in (task.result or {}).values() if isinstance(value, dict)]
    for output in outputs:
        for key in TEXT_KEYS:
            value = output.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    if not outputs:
        return "Done."
    return json.dumps(outputs[0] if len(outputs) == 1 else outputs, ensure_ascii=False, default=str)


def _send_after_commit(session: AsyncSession, run_id: uuid.UUID) -> None:
    from tentacle.orchestrator.enqueue import send

    after_commit(session, lambda: send(RESPOND_TASK, run_id))


async def sweep(session_factory: async_sessionmaker[AsyncSession], *, limit: int = 200) -> int:
    """Settle the runs whose task ended: record the outcome, queue the answer; returns how many.
    Concurrent sweeps skip each other's rows (``FOR UPDATE SKIP LOCKED``)."""
    async with unit_of_work(session_factory) as session:
        rows = (
            await session.execute(
                select(TriggerRun, Task)
                .join(Task, Task.id == TriggerRun.task_id)
                .where(TriggerRun.status == RunStatus.STARTED, Task.status.in_(ENDED))
                .order_by(TriggerRun.created_at)
                .limit(limit)
                .with_for_update(of=TriggerRun, skip_locked=True)
            )
        ).all()
        now = utcnow()
        for run, task in rows:
            run.status = (
                RunStatus.COMPLETED if task.status == TaskStatus.COMPLETED else RunStatus.FAILED
            )
            run.outcome = result_text(task)[:20_000]
            run.finished_at = now
            if run.response_status == ResponseStatus.WAITING:
                run.response_status = ResponseStatus.QUEUED
                _send_after_commit(session, run.id)
        return len(rows)


@dataclass(frozen=True)
class Delivery:
    run_id: uuid.UUID
    user_id: uuid.UUID
    organization_id: uuid.UUID
    integration_id: uuid.UUID
    body: dict[str, Any]


class RetryLater(Exception):
    """Mimic could not take the action now; the delivery is retried."""


def _action(
    trigger: Trigger, event: TriggerEvent, task: Task | None, run: TriggerRun
) -> tuple[uuid.UUID | None, dict[str, Any]]:
    config = trigger.response_config or {}
    text = run.outcome or ""
    if config.get("template"):
        try:
            text = render(
                config["template"],
                {
                    "result": text,
                    "output": (task.result if task else None) or {},
                    "task": {
                        "id": str(run.task_id),
                        "status": task.status if task else run.status,
                        "goal": run.goal,
                    },
                    "event": {"type": event.type, "data": event.data, "id": str(event.id)},
                    "trigger": {"id": str(trigger.id), "name": trigger.name},
                },
            )
        except TemplateRenderError as exc:
            logger.warning("response template of trigger %s failed: %s", trigger.id, exc)
    text = text[:MAX_TEXT] if trigger.response_type == ResponseType.DISCORD_FOLLOWUP else text
    integration = config.get("integration_id") or trigger.integration_id or event.integration_id
    extra = dict(config.get("params") or {})
    params: dict[str, Any]
    if trigger.response_type == ResponseType.DISCORD_FOLLOWUP:
        params = {**(event.reply.get("discord") or {}), "content": text}
        action = "discord_followup"
    elif trigger.response_type == ResponseType.SLACK_MESSAGE:
        reply = event.reply.get("slack") or {}
        if config.get("channel"):
            params = {"channel": config["channel"], "text": text}
        else:
            params = {"channel": reply.get("channel"), "text": text}
            if reply.get("thread_ts"):
                params["thread_ts"] = reply["thread_ts"]
        action = "slack_message"
    else:
        params = {
            "payload": {
                "trigger_id": str(trigger.id),
                "event_id": str(event.id),
                "task_id": str(run.task_id) if run.task_id else None,
                "status": run.status,
                "text": text,
                "output": (task.result if task else None) or {},
            }
        }
        action = "webhook"
    body = {
        "action": action,
        "params": {**params, **extra},
        "idempotency_key": str(run.id),
    }
    return (uuid.UUID(str(integration)) if integration else None), body


async def _load(
    session_factory: async_sessionmaker[AsyncSession], run_id: uuid.UUID
) -> Delivery | None:
    async with unit_of_work(session_factory) as session:
        run = await session.scalar(
            select(TriggerRun).where(TriggerRun.id == run_id).with_for_update()
        )
        if run is None or run.response_status != ResponseStatus.QUEUED:
            return None
        trigger = await session.get(Trigger, run.trigger_id)
        event = await session.get(TriggerEvent, run.event_id)
        task = await session.get(Task, run.task_id) if run.task_id else None
        if trigger is None or event is None:
            return None
        integration_id, body = _action(trigger, event, task, run)
        run.response_attempts += 1
        if integration_id is None:
            run.response_status = ResponseStatus.FAILED
            run.response_error = "no integration to answer through"
            return None
        return Delivery(run.id, trigger.user_id, trigger.organization_id, integration_id, body)


async def _settle(
    session_factory: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    status: str,
    error: str | None,
) -> None:
    async with unit_of_work(session_factory) as session:
        run = await session.scalar(
            select(TriggerRun).where(TriggerRun.id == run_id).with_for_update()
        )
        if run is None or run.response_status != ResponseStatus.QUEUED:
            return
        if status != ResponseStatus.QUEUED:
            run.response_status = status
        run.response_error = error
        if status == ResponseStatus.SENT:
            run.responded_at = utcnow()


async def deliver(
    session_factory: async_sessionmaker[AsyncSession], run_id: uuid.UUID, *, final: bool
) -> str:
    """Send the run's answer once. Raises :class:`RetryLater` when Mimic may take it later
    (unless ``final``: then the failure is recorded)."""
    delivery = await _load(session_factory, run_id)
    if delivery is None:
        return "nothing to send"
    try:
        await mimic.send_action(
            delivery.user_id, delivery.organization_id, delivery.integration_id, delivery.body
        )
    except (ServiceUnavailableError, ServiceRateLimited) as exc:
        return await _retry_or_fail(session_factory, run_id, str(exc), final=final)
    except ServiceCallError as exc:
        if exc.status >= 500:
            return await _retry_or_fail(session_factory, run_id, str(exc), final=final)
        await _settle(session_factory, run_id, ResponseStatus.FAILED, str(exc))
        return "refused"
    await _settle(session_factory, run_id, ResponseStatus.SENT, None)
    return "sent"


async def _retry_or_fail(
    session_factory: async_sessionmaker[AsyncSession], run_id: uuid.UUID, error: str, *, final: bool
) -> str:
    if final:
        await _settle(session_factory, run_id, ResponseStatus.FAILED, error)
        return "failed"
    await _settle(session_factory, run_id, ResponseStatus.QUEUED, error)
    raise RetryLater(error)
