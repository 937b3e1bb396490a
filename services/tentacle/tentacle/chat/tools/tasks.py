"""Tasks from the chat: start one (linked to the conversation) and follow its progress."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext
from tentacle.chat.tools.registry import register_tool
from tentacle.checkpoints import decisions
from tentacle.tasks import service as tasks
from tentacle.tasks.schemas import TaskBudget, TaskCreate


class CreateTaskArguments(ToolArguments):
    goal: str = Field(
        min_length=1,
        max_length=20_000,
        description="What the task must achieve, complete and self-contained.",
    )
    constraints: dict[str, Any] = Field(
        default_factory=dict,
        description="Limits the plan must respect (deadlines, recipients, formats...).",
    )
    max_cost_usd: float | None = Field(
        default=None, ge=0, description="The most the task may spend, when the person set one."
    )


@register_tool
class CreateTaskTool(ChatTool):
    name = "create_task"
    description = (
        "Start a background task from a goal. It is planned into steps run by subagents; "
        "progress and approvals arrive in this conversation. Use for anything that takes "
        "several steps, touches other services or should keep running after this reply."
    )
    Arguments = CreateTaskArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: CreateTaskArguments = arguments
        budget = TaskBudget(max_cost_usd=args.max_cost_usd) if args.max_cost_usd else None
        async with ctx.session() as session:
            task = await tasks.create_task(
                session,
                ctx.principal,
                TaskCreate(
                    goal=args.goal,
                    constraints=args.constraints,
                    budget=budget,
                    conversation_id=ctx.conversation_id,
                ),
            )
        return {
            "task_id": str(task.id),
            "status": task.status,
            "goal": task.goal,
            "summary": f"task {task.id} created ({task.status})",
        }


class TaskStatusArguments(ToolArguments):
    task_id: uuid.UUID = Field(description="The task's id.")


def _step_line(step: Any) -> dict[str, Any]:
    line: dict[str, Any] = {"key": step.key, "agent": step.agent_type, "status": step.status}
    if step.error:
        line["error"] = step.error
    return line


@register_tool
class TaskStatusTool(ChatTool):
    name = "get_task_status"
    description = (
        "The current state of one task: status, progress, each step's state and error, "
        "its result when finished and the checkpoints waiting for the person."
    )
    Arguments = TaskStatusArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: TaskStatusArguments = arguments
        async with ctx.session() as session:
            task = await tasks.get_task(session, ctx.principal, args.task_id)
            view = await tasks.task_view(session, task)
            pending = await decisions.list_pending(session, ctx.principal, task_id=task.id)
        return {
            "task_id": str(view.id),
            "goal": view.goal,
            "status": view.status,
            "status_reason": view.status_reason,
            "progress": view.progress.model_dump(),
            "steps": [_step_line(step) for step in view.steps],
            "result": view.result,
            "cost_usd": round(view.cost_usd, 6),
            "pending_checkpoints": [
                {"checkpoint_id": str(item.id), "kind": item.kind, "reason": item.reason}
                for item in pending
            ],
            "summary": f"task {view.id} is {view.status} ({view.progress.percent:g}% done)",
        }
