"""create_triggered_task: a trigger that starts a task each time an integration event arrives.

The seed workflow: list the person's integrations; with exactly one, use it; with several, ask
which (the tool answers with the choices); with none, tell them to connect one first.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import Field

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext, ToolError
from tentacle.chat.tools.registry import register_tool
from tentacle.triggers import service as triggers
from tentacle.triggers.schemas import ResponseConfig, TriggerCreate, TriggerRead

AnswerType = Literal["discord_followup", "slack_message", "none"]
ANSWER_BACK: dict[str, AnswerType] = {"discord": "discord_followup", "slack": "slack_message"}


class TriggeredTaskArguments(ToolArguments):
    name: str = Field(min_length=1, max_length=200, description="A short name for the trigger.")
    goal_template: str = Field(
        min_length=1,
        max_length=20_000,
        description="The task's goal each time; may insert the event's fields with "
        "{{event.data.<field>}} (e.g. the message text).",
    )
    integration_id: uuid.UUID | None = Field(
        default=None,
        description="Which integration's events; leave out to use the person's only one.",
    )
    event_pattern: str | None = Field(
        default=None,
        max_length=200,
        description="Glob over event types, e.g. 'discord.*' or 'github.issues.opened' "
        "(default: every event of the integration).",
    )
    filter: dict[str, Any] = Field(
        default_factory=dict, description="Mongo-style filter on the event's fields."
    )
    answer_back: bool = Field(
        default=True,
        description="Reply with the task's result where the event came from (Discord, Slack).",
    )
    description: str = Field(default="", max_length=2000)


def _choices(integrations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "integration_id": str(item.get("id")),
            "provider": item.get("provider"),
            "name": item.get("name"),
        }
        for item in integrations
    ]


@register_tool
class CreateTriggeredTaskTool(ChatTool):
    name = "create_triggered_task"
    description = (
        "Set up an automation: each time an event arrives from an integration (a Discord "
        "command, a Slack message, a GitHub issue...) a task starts with the given goal, and "
        "its result can answer back. Uses the person's only integration, or asks which."
    )
    Arguments = TriggeredTaskArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: TriggeredTaskArguments = arguments
        available = await triggers.list_integrations_for(ctx.principal)
        usable = [item for item in available if item.get("enabled", True)]
        if args.integration_id is not None:
            chosen = [item for item in usable if str(item.get("id")) == str(args.integration_id)]
            if not chosen:
                raise ToolError(
                    f"no enabled integration {args.integration_id} is available to you; "
                    "list the integrations to pick one"
                )
            usable = chosen
        if not usable:
            return {
                "created": False,
                "reason": "no_integrations",
                "message": "No integration is connected yet. An owner or admin connects "
                "Discord, Slack, GitHub, Stripe or a webhook under Integrations; then I "
                "can set this up.",
                "summary": "no integration connected",
            }
        if len(usable) > 1:
            return {
                "created": False,
                "reason": "choose_integration",
                "integrations": _choices(usable),
                "message": "Several integrations are connected: ask the person which one "
                "should start the task, then call again with its integration_id.",
                "summary": f"{len(usable)} integrations: which one?",
            }
        integration_id = uuid.UUID(str(usable[0]["id"]))
        provider = str(usable[0].get("provider") or "")
        async with ctx.session() as session:
            response_type: AnswerType = "none"
            if args.answer_back and provider in ANSWER_BACK:
                response_type = ANSWER_BACK[provider]
            trigger = await triggers.create_trigger(
                session,
                ctx.principal,
                TriggerCreate(
                    name=args.name,
                    description=args.description,
                    integration_id=integration_id,
                    event_pattern=args.event_pattern or f"{provider or '*'}.*",
                    filter=args.filter,
                    goal_template=args.goal_template,
                    response_type=response_type,
                    response_config=ResponseConfig(),
                ),
            )
            read = (await triggers.read_triggers(session, [trigger]))[0]
        return {
            "created": True,
            "trigger": _trigger(read),
            "summary": f"trigger {read.name!r} on {provider or 'the integration'} created",
        }


def _trigger(read: TriggerRead) -> dict[str, Any]:
    return read.model_dump(
        mode="json",
        include={
            "id",
            "name",
            "integration_id",
            "provider",
            "event_pattern",
            "goal_template",
            "response_type",
            "enabled",
        },
    )
