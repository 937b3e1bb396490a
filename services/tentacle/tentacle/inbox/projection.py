"""Task events → inbox messages, in the transaction that emitted the event.

A task linked to a conversation reports into it like a colleague would: one *progress card*
per task (``structured.type == "task_progress"``) kept up to date by the chatty events
(planning, dispatch, progress, retries), and a new message only for what a person wants to
read: a step done or failed, a checkpoint to decide (an interactive card updated with its
outcome once decided), the task's completion with its result, a failure with its reason, a
pause or a cancellation. Several tasks may report into one thread.

Lock order: the emitting code already holds its task/step rows; the projection then locks the
conversation row before touching any message, so two transactions writing to one thread
serialize on the conversation and never deadlock on its messages.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from tentacle.inbox.models import Conversation, Message, Priority, Role
from tentacle.inbox.service import append_message, emit_conversation_updated, update_message

PROGRESS_CARD = "task_progress"
CHECKPOINT_CARD = "checkpoint"
ORCHESTRATOR = "orchestrator"

PROJECTED = frozenset(
    {
        "task.created",
        "task.status",
        "task.progress",
        "step.status",
        "step.retry",
        "checkpoint.created",
        "checkpoint.resolved",
        "planning.started",
        "planning.completed",
        "planning.failed",
        "recovery.retry",
        "recovery.skip",
        "recovery.replan",
        "budget.exceeded",
    }
)

SETTLED = frozenset({"completed", "failed", "skipped", "cancelled"})
OUTPUT_INLINE_CHARS = 4000
SUMMARY_CHARS = 4000
TEXT_KEYS = ("summary", "answer", "text", "content", "message", "report", "result", "body")

ACTIONS = {
    "approval": ["approve", "reject"],
    "input": ["answer", "reject"],
    "modify": ["approve", "modify", "reject"],
    "select": ["select", "reject"],
    "budget": ["approve", "reject"],
}


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str, ensure_ascii=False)


def summarize(value: Any, limit: int = 500) -> str:
    """A readable line or paragraph out of an agent's output (text first, JSON otherwise)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()[:limit]
    if isinstance(value, dict):
        for key in TEXT_KEYS:
            found = value.get(key)
            if isinstance(found, str) and found.strip():
                return found.strip()[:limit]
        for found in value.values():
            if isinstance(found, dict):
                nested = summarize(found, limit)
                if nested and not nested.startswith("{"):
                    return nested
    text = _compact(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _inline(value: Any) -> dict[str, Any]:
    """The output itself when small enough for a message, else a truncated preview."""
    text = _compact(value)
    if len(text) <= OUTPUT_INLINE_CHARS:
        return {"output": value}
    return {"output": None, "output_truncated": True, "output_preview": text[:OUTPUT_INLINE_CHARS]}


async def project(
    session: AsyncSession,
    event_type: str,
    *,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    task_id: uuid.UUID | None,
    conversation_id: uuid.UUID,
    payload: dict[str, Any],
) -> None:
    """Write what ``event_type`` means for the conversation's thread (or nothing)."""
    if event_type not in PROJECTED or task_id is None:
        return
    cosmetic = _only_touches_the_card(event_type, payload)
    conversation = await session.scalar(
        select(Conversation)
        .where(
            Conversation.id == conversation_id,
            Conversation.organization_id == organization_id,
            Conversation.user_id == user_id,
        )
        # A card refresh never waits for the thread: a step claim (which holds no task lock)
        # must not queue behind, or deadlock with, a transaction writing into the thread.
        # The next event refreshes the card anyway.
        .with_for_update(skip_locked=cosmetic)
        .execution_options(populate_existing=True)
    )
    if conversation is None:
        # The task names a thread that is not its owner's (or is gone), or the refresh yields.
        return
    projector = _Projector(session, conversation, task_id)
    await projector.run(event_type, payload)


def _only_touches_the_card(event_type: str, payload: dict[str, Any]) -> bool:
    """True for events that only refresh the progress card (no message, no attention)."""
    to = payload.get("to")
    if event_type == "step.status":
        return to not in ("completed", "failed")
    if event_type == "task.status":
        return to not in ("completed", "failed", "paused", "cancelled") and (
            payload.get("from") != "failed"
        )
    return event_type not in ("task.created", "checkpoint.created", "checkpoint.resolved")


class _Projector:
    def __init__(self, session: AsyncSession, conversation: Conversation, task_id: uuid.UUID):
        self.session = session
        self.conversation = conversation
        self.task_id = task_id

    async def run(self, event_type: str, payload: dict[str, Any]) -> None:
        if event_type == "task.created":
            await self._progress_card(goal=str(payload.get("goal") or ""), status="planning")
            return
        card = await self._card()
        if event_type == "task.status":
            await self._task_status(card, payload)
        elif event_type == "step.status":
            await self._step_status(card, payload)
        elif event_type == "checkpoint.created":
            await self._checkpoint_created(card, payload)
        elif event_type == "checkpoint.resolved":
            await self._checkpoint_resolved(card, payload)
        elif event_type == "budget.exceeded":
            await self._touch(card, note=f"Budget limit reached: {payload.get('detail', '')}")
        elif event_type == "task.progress":
            await self._touch(
                card,
                settled=int(payload.get("settled") or 0),
                total=int(payload.get("total") or 0),
            )
        elif event_type == "planning.started":
            await self._touch(card, phase="planning", note="Planning the steps")
        elif event_type == "planning.completed":
            await self._touch(card, phase="planned", note="Plan ready")
        elif event_type == "planning.failed":
            await self._touch(card, phase="planning_failed", note=str(payload.get("error", "")))
        elif event_type == "recovery.replan":
            await self._touch(card, phase="replanning", note=str(payload.get("diagnosis", "")))
        elif event_type in ("recovery.retry", "step.retry"):
            key = payload.get("key")
            await self._touch(card, note=f"Retrying step {key}: {payload.get('error', '')}")
        elif event_type == "recovery.skip":
            await self._touch(card, note=f"Skipped step {payload.get('key')}")

    # -- the progress card ---------------------------------------------------------------

    async def _task(self) -> Any:
        from tentacle.tasks.models import Task

        return await self.session.get(Task, self.task_id)

    async def _card(self) -> Message | None:
        return await self.session.scalar(
            select(Message)
            .where(
                Message.conversation_id == self.conversation.id,
                Message.task_id == self.task_id,
                Message.structured["type"].astext == PROGRESS_CARD,
            )
            .order_by(Message.position)
            .limit(1)
        )

    async def _progress_card(self, *, goal: str, status: str) -> Message:
        structured = {
            "type": PROGRESS_CARD,
            "task_id": str(self.task_id),
            "goal": goal,
            "status": status,
            "phase": status,
            "settled": 0,
            "total": 0,
            "steps": {},
            "note": None,
            "result_summary": None,
        }
        return await append_message(
            self.session,
            self.conversation,
            role=Role.EVENT,
            agent_id=ORCHESTRATOR,
            content=_card_text(structured),
            structured=structured,
            task_id=self.task_id,
        )

    async def _touch(self, card: Message | None, **changes: Any) -> Message:
        """Apply ``changes`` to the task's progress card (creating it for a task that was
        linked before it had one)."""
        if card is None:
            task = await self._task()
            card = await self._progress_card(
                goal=task.goal if task is not None else "",
                status=task.status if task is not None else "planning",
            )
        structured = dict(card.structured or {})
        steps = dict(structured.get("steps") or {})
        step = changes.pop("step", None)
        if step is not None:
            steps[step["key"]] = {**steps.get(step["key"], {}), **step}
            structured["steps"] = steps
            structured["settled"] = sum(1 for s in steps.values() if s.get("status") in SETTLED)
            structured["total"] = max(int(structured.get("total") or 0), len(steps))
        structured.update(changes)
        if structured == card.structured:
            return card
        await update_message(
            self.session, card, structured=structured, content=_card_text(structured)
        )
        return card

    # -- events that become messages ----------------------------------------------------------

    async def _task_status(self, card: Message | None, payload: dict[str, Any]) -> None:
        to = str(payload.get("to"))
        reason = payload.get("reason")
        task = await self._task()
        changes: dict[str, Any] = {"status": to, "phase": to}
        if task is not None:
            changes.update(
                cost_usd=round(task.cost_usd, 6),
                prompt_tokens=task.prompt_tokens,
                completion_tokens=task.completion_tokens,
            )
        if to == "completed":
            summary = _result_summary(task.result if task is not None else None)
            changes["result_summary"] = summary[:500]
            await self._touch(card, **changes)
            await append_message(
                self.session,
                self.conversation,
                role=Role.EVENT,
                agent_id=ORCHESTRATOR,
                content=summary or "Task completed.",
                structured={
                    "type": "task_completed",
                    "task_id": str(self.task_id),
                    "goal": task.goal if task is not None else None,
                    "summary": summary,
                    **_inline(task.result if task is not None else None),
                    "cost_usd": changes.get("cost_usd"),
                },
                task_id=self.task_id,
            )
            await self._refresh_attention()
        elif to == "failed":
            await self._touch(card, **changes, note=reason)
            await append_message(
                self.session,
                self.conversation,
                role=Role.EVENT,
                agent_id=ORCHESTRATOR,
                content=f"Task failed: {reason or 'no reason given'}",
                structured={
                    "type": "task_failed",
                    "task_id": str(self.task_id),
                    "goal": task.goal if task is not None else None,
                    "reason": reason,
                },
                task_id=self.task_id,
                attention=True,
            )
        elif to in ("paused", "cancelled"):
            await self._touch(card, **changes, note=reason)
            verb = "paused" if to == "paused" else "cancelled"
            await append_message(
                self.session,
                self.conversation,
                role=Role.EVENT,
                agent_id=ORCHESTRATOR,
                content=f"Task {verb}" + (f": {reason}" if reason else "."),
                structured={
                    "type": f"task_{verb}",
                    "task_id": str(self.task_id),
                    "reason": reason,
                },
                task_id=self.task_id,
            )
            if to == "cancelled":
                await self._refresh_attention()
        else:
            await self._touch(card, **changes)
            if payload.get("from") == "failed":
                await self._refresh_attention()

    async def _step_status(self, card: Message | None, payload: dict[str, Any]) -> None:
        from tentacle.tasks.models import Step

        to = str(payload.get("to"))
        key = str(payload.get("key"))
        agent_type = payload.get("agent_type")
        step = None
        if payload.get("step_id"):
            step = await self.session.get(Step, uuid.UUID(str(payload["step_id"])))
        title = (step.title if step is not None else "") or key
        await self._touch(
            card, step={"key": key, "title": title, "agent_type": agent_type, "status": to}
        )
        if to == "completed":
            output = step.output if step is not None else None
            summary = summarize(output)
            await append_message(
                self.session,
                self.conversation,
                role=Role.EVENT,
                agent_id=f"agent:{agent_type}" if agent_type else ORCHESTRATOR,
                content=f"Done: {title}" + (f" — {summary}" if summary else ""),
                structured={
                    "type": "step_completed",
                    "task_id": str(self.task_id),
                    "step_id": payload.get("step_id"),
                    "key": key,
                    "title": title,
                    "agent_type": agent_type,
                    **_inline(output),
                },
                task_id=self.task_id,
                usage=step,
                cost_usd=step.cost_usd if step is not None else None,
            )
        elif to == "failed":
            error = payload.get("error") or (step.error if step is not None else None)
            await append_message(
                self.session,
                self.conversation,
                role=Role.EVENT,
                agent_id=f"agent:{agent_type}" if agent_type else ORCHESTRATOR,
                content=f"Failed: {title}" + (f" — {error}" if error else ""),
                structured={
                    "type": "step_failed",
                    "task_id": str(self.task_id),
                    "step_id": payload.get("step_id"),
                    "key": key,
                    "title": title,
                    "agent_type": agent_type,
                    "error": error,
                },
                task_id=self.task_id,
            )

    async def _checkpoint_created(self, card: Message | None, payload: dict[str, Any]) -> None:
        from tentacle.checkpoints.models import Checkpoint
        from tentacle.tasks.models import Step

        checkpoint = await self.session.get(Checkpoint, uuid.UUID(str(payload["checkpoint_id"])))
        if checkpoint is None:
            return
        step = await self.session.get(Step, checkpoint.step_id) if checkpoint.step_id else None
        await self._touch(card, phase="checkpoint", note=checkpoint.reason)
        structured = checkpoint_card(checkpoint, step)
        await append_message(
            self.session,
            self.conversation,
            role=Role.EVENT,
            agent_id=ORCHESTRATOR,
            content=_checkpoint_text(structured),
            structured=structured,
            task_id=self.task_id,
            checkpoint_id=checkpoint.id,
            attention=True,
        )

    async def _checkpoint_resolved(self, card: Message | None, payload: dict[str, Any]) -> None:
        from tentacle.checkpoints.models import Checkpoint

        checkpoint_id = uuid.UUID(str(payload["checkpoint_id"]))
        message = await self.session.scalar(
            select(Message).where(
                Message.conversation_id == self.conversation.id,
                Message.checkpoint_id == checkpoint_id,
            )
        )
        checkpoint = await self.session.get(Checkpoint, checkpoint_id)
        if message is None or checkpoint is None:
            # Auto-approved by a learned preference: never asked, nothing to update.
            return
        structured = dict(message.structured or {})
        structured.update(
            status=checkpoint.status,
            resolution=checkpoint.resolution,
            resolved_at=checkpoint.resolved_at.isoformat() if checkpoint.resolved_at else None,
            resolved_via=checkpoint.resolved_via,
            actions=[],
        )
        await update_message(
            self.session, message, structured=structured, content=_checkpoint_text(structured)
        )
        await self._touch(card, note=f"Checkpoint {checkpoint.status}")
        await self._refresh_attention()

    async def _refresh_attention(self) -> None:
        """Attention while the thread waits on its owner: a pending checkpoint or a failed
        task among the tasks reporting into it."""
        from tentacle.checkpoints.models import Checkpoint
        from tentacle.tasks.models import Task

        pending = await self.session.scalar(
            select(func.count())
            .select_from(Checkpoint)
            .join(Task, Task.id == Checkpoint.task_id)
            .where(
                Task.conversation_id == self.conversation.id,
                Task.organization_id == self.conversation.organization_id,
                Checkpoint.status == "pending",
            )
        )
        failed = await self.session.scalar(
            select(func.count())
            .select_from(Task)
            .where(
                Task.conversation_id == self.conversation.id,
                Task.organization_id == self.conversation.organization_id,
                Task.status == "failed",
            )
        )
        wanted = Priority.ATTENTION if (pending or failed) else Priority.NORMAL
        if wanted == self.conversation.priority:
            return
        await self.session.execute(
            update(Conversation)
            .where(Conversation.id == self.conversation.id)
            .values(priority=wanted)
            .execution_options(synchronize_session=False)
        )
        set_committed_value(self.conversation, "priority", wanted)
        await emit_conversation_updated(self.session, self.conversation, change="priority")


def checkpoint_card(checkpoint: Any, step: Any) -> dict[str, Any]:
    """Everything the inbox needs to show the decision and act on it."""
    # The preview holds the inputs as they will run (references resolved); the step's own
    # resolved inputs are only written when it is dispatched.
    inputs = (checkpoint.preview or {}).get("inputs")
    if inputs is None and step is not None:
        inputs = step.resolved_inputs if step.resolved_inputs is not None else step.inputs
    base = f"/api/v1/checkpoints/{checkpoint.id}"
    return {
        "type": CHECKPOINT_CARD,
        "checkpoint_id": str(checkpoint.id),
        "task_id": str(checkpoint.task_id),
        "step_id": str(checkpoint.step_id) if checkpoint.step_id else None,
        "step_title": (step.title or step.key) if step is not None else None,
        "agent_type": checkpoint.agent_type,
        "kind": checkpoint.kind,
        "status": checkpoint.status,
        "reason": checkpoint.reason,
        "risk_kind": checkpoint.risk_kind,
        "explicit": checkpoint.explicit,
        "preview": checkpoint.preview,
        "questions": checkpoint.questions,
        "alternatives": checkpoint.alternatives,
        "inputs": inputs,
        "input_schema": checkpoint.input_schema,
        "expires_at": checkpoint.expires_at.isoformat() if checkpoint.expires_at else None,
        "expiry_outcome": checkpoint.expiry_outcome,
        "actions": ACTIONS.get(checkpoint.kind, ["approve", "reject"]),
        "endpoints": {
            "approve": f"{base}/approve",
            "reject": f"{base}/reject",
            "resolve": f"{base}/resolve",
        },
        "resolution": checkpoint.resolution or {},
        "resolved_at": None,
        "resolved_via": None,
    }


def _checkpoint_text(card: dict[str, Any]) -> str:
    what = card.get("step_title") or card.get("agent_type") or "a step"
    status = card.get("status")
    if status == "pending":
        asks = {
            "input": "Your answers are needed",
            "modify": "Review the inputs",
            "select": "Pick an option",
            "budget": "Budget limit reached",
        }.get(str(card.get("kind")), "Approval needed")
        return f"{asks} for {what}: {card.get('reason')}"
    reason = (card.get("resolution") or {}).get("reason")
    return f"Checkpoint for {what} {status}" + (f": {reason}" if reason else "")


def _card_text(card: dict[str, Any]) -> str:
    total = int(card.get("total") or 0)
    settled = int(card.get("settled") or 0)
    progress = f" ({settled}/{total} steps)" if total else ""
    return f"{card.get('goal') or 'Task'} — {card.get('status')}{progress}"


def _result_summary(result: Any) -> str:
    if not result:
        return ""
    if isinstance(result, dict) and all(isinstance(v, dict | None) for v in result.values()):
        parts = [summarize(output, SUMMARY_CHARS) for output in result.values()]
        text = "\n\n".join(part for part in parts if part)
    else:
        text = summarize(result, SUMMARY_CHARS)
    return text[:SUMMARY_CHARS]
