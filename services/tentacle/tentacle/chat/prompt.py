"""Flux's system prompt: ``prompts/flux.md`` with the tools and the person's state filled in."""

from __future__ import annotations

import uuid
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.errors import ServiceUnavailable
from tentacle.chat.tools.registry import catalog
from tentacle.checkpoints import decisions
from tentacle.settings import TentacleSettings
from tentacle.tasks import service as tasks
from tentacle.tasks.models import Task

PROMPT_NAME = "flux.md"
STATE_LIMIT = 20


class PromptMissing(ServiceUnavailable):
    """The deployment has no Flux prompt file."""


def prompt_path(settings: TentacleSettings) -> Path:
    if settings.prompts_dir:
        return Path(settings.prompts_dir) / PROMPT_NAME
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "prompts" / PROMPT_NAME
        if candidate.is_file():
            return candidate
    return Path("prompts") / PROMPT_NAME


@lru_cache(maxsize=4)
def _template(path: Path, mtime: float) -> str:
    return path.read_text(encoding="utf-8")


def load_template(settings: TentacleSettings) -> str:
    path = prompt_path(settings)
    try:
        return _template(path, path.stat().st_mtime)
    except FileNotFoundError:
        raise PromptMissing(f"Flux's prompt is missing ({path})") from None


def _task_line(task: Task) -> str:
    line = f"- {task.goal[:200]!r} (task {task.id}): {task.status}"
    if task.status_reason:
        line += f" ({task.status_reason[:160]})"
    return line


async def world_state(session: AsyncSession, principal: Principal) -> str:
    """The person's unfinished tasks and the checkpoints waiting for their decision."""
    active = await tasks.active_tasks(session, principal, limit=STATE_LIMIT)
    pending = await decisions.list_pending(session, principal)
    lines = ["Active tasks:"]
    lines += [_task_line(task) for task in active] or ["- none"]
    lines.append("Checkpoints waiting for a decision:")
    lines += [
        f"- checkpoint {item.id} ({item.kind}) on task {item.task_id}: {item.reason[:200]}"
        for item in pending[:STATE_LIMIT]
    ] or ["- none"]
    if len(pending) > STATE_LIMIT:
        lines.append(f"- ... and {len(pending) - STATE_LIMIT} more")
    return "\n".join(lines)


async def conversation_tasks(
    session: AsyncSession, organization_id: uuid.UUID, conversation_id: uuid.UUID
) -> str:
    rows = await session.scalars(
        select(Task)
        .where(Task.organization_id == organization_id, Task.conversation_id == conversation_id)
        .order_by(Task.created_at.desc())
        .limit(STATE_LIMIT)
    )
    return "\n".join(_task_line(task) for task in rows.all()) or "- none yet"


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``{{NAME}}`` placeholders (one pass: filled text is never scanned again)."""
    parts = template.split("{{")
    out = [parts[0]]
    for part in parts[1:]:
        name, closing, rest = part.partition("}}")
        if closing and name in values:
            out.append(values[name] + rest)
        else:
            out.append("{{" + part)
    return "".join(out)


async def system_prompt(
    session: AsyncSession,
    principal: Principal,
    conversation_id: uuid.UUID,
    settings: TentacleSettings,
) -> str:
    return render(
        load_template(settings),
        {
            "TOOLS_CATALOG": catalog(),
            "WORLD_STATE": await world_state(session, principal),
            "CONVERSATION_TASKS": await conversation_tasks(
                session, principal.require_organization(), conversation_id
            ),
        },
    )
