"""Slash commands: answered from the database at once, without a model call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from tentacle.checkpoints import decisions
from tentacle.inbox import service as inbox
from tentacle.inbox.models import Conversation
from tentacle.tasks import service as tasks
from tentacle.tasks.models import Task

RECENT_TASKS = 10

HELP = """Talk to me in plain language: ask a question, or describe something to get done and \
I will start a task for it. Tasks report progress here and ask before anything risky.

Commands (answered instantly):
- `/help`: this help
- `/status`: your active tasks and the approvals waiting for you
- `/tasks`: your most recent tasks
- `/new`: start a new conversation"""


@dataclass
class CommandReply:
    name: str
    text: str
    structured: dict[str, Any] = field(default_factory=dict)
    new_conversation: Conversation | None = None


def parse(content: str) -> tuple[str, str] | None:
    """(command, the rest) when the message is a slash command; None for ordinary text."""
    text = content.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    head, _, rest = text.partition(" ")
    name = head[1:].lower()
    if not name or not name.replace("_", "").replace("-", "").isalnum():
        return None
    return name, rest.strip()


def _task_item(task: Task) -> dict[str, Any]:
    return {"task_id": str(task.id), "goal": task.goal, "status": task.status}


def _task_line(task: Task) -> str:
    goal = task.goal if len(task.goal) <= 120 else task.goal[:117] + "..."
    return f"- {goal} — **{task.status}**"


async def _status(session: AsyncSession, principal: Principal) -> CommandReply:
    active = await tasks.active_tasks(session, principal, limit=50)
    pending = await decisions.list_pending(session, principal)
    lines = [f"**Active tasks ({len(active)})**"]
    lines += [_task_line(task) for task in active] or ["- none"]
    lines.append(f"\n**Waiting for your decision ({len(pending)})**")
    lines += [f"- {item.reason} ({item.kind})" for item in pending] or ["- nothing"]
    return CommandReply(
        "status",
        "\n".join(lines),
        {
            "type": "command",
            "command": "status",
            "active_tasks": [_task_item(task) for task in active],
            "pending_checkpoints": [
                {"checkpoint_id": str(item.id), "task_id": str(item.task_id), "kind": item.kind}
                for item in pending
            ],
        },
    )


async def _tasks(session: AsyncSession, principal: Principal) -> CommandReply:
    recent = await tasks.list_tasks(
        session, principal, status=None, conversation_id=None, limit=RECENT_TASKS
    )
    lines = [f"**Your recent tasks ({len(recent)})**"]
    lines += [_task_line(task) for task in recent] or ["- none yet: describe what you need"]
    return CommandReply(
        "tasks",
        "\n".join(lines),
        {"type": "command", "command": "tasks", "tasks": [_task_item(t) for t in recent]},
    )


async def run_command(
    session: AsyncSession, principal: Principal, name: str, argument: str
) -> CommandReply:
    if name == "help":
        return CommandReply("help", HELP, {"type": "command", "command": "help"})
    if name == "status":
        return await _status(session, principal)
    if name == "tasks":
        return await _tasks(session, principal)
    if name == "new":
        conversation = await inbox.create_conversation(
            session, principal, title=argument[:300] or None
        )
        return CommandReply(
            "new",
            "Started a new conversation.",
            {"type": "command", "command": "new", "conversation_id": str(conversation.id)},
            new_conversation=conversation,
        )
    return CommandReply(
        name,
        f"There is no command `/{name}`. Try `/help`.",
        {"type": "command", "command": name, "error": "unknown command"},
    )
