"""integrations: the organisation's connected services (Mimic), sending through one, and the
status of an integration or of an action sent earlier. Everything acts as the person."""

from __future__ import annotations

import uuid
from typing import Any, Literal, get_args

from pydantic import Field, model_validator

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext
from tentacle.chat.tools.registry import register_tool

ActionName = Literal[
    "discord_message",
    "discord_embed",
    "discord_followup",
    "slack_message",
    "github_issue",
    "github_comment",
    "webhook",
]
ACTIONS: tuple[str, ...] = get_args(ActionName)


class IntegrationsArguments(ToolArguments):
    operation: Literal["list", "send", "status"] = Field(
        description="list: connected integrations; send: an action through one (it leaves the "
        "platform: confirm first); status: an integration, or an action sent earlier."
    )
    integration_id: uuid.UUID | None = None
    action: ActionName | None = Field(default=None, description="send: what to do.")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="send: the action's parameters, e.g. slack_message {channel, text}, "
        "discord_message {channel_id, content}, github_issue {repository, title, body}, "
        "webhook {payload}.",
    )
    action_id: uuid.UUID | None = Field(default=None, description="status: an action's id.")

    @model_validator(mode="after")
    def _complete(self) -> IntegrationsArguments:
        if self.operation in ("send", "status") and self.integration_id is None:
            raise ValueError(f"{self.operation} needs an integration_id")
        if self.operation == "send" and self.action is None:
            raise ValueError(f"send needs an action ({', '.join(ACTIONS)})")
        return self


def _integration(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "integration_id": str(item.get("id")),
        "provider": item.get("provider"),
        "name": item.get("name"),
        "enabled": item.get("enabled"),
    }


def _action(item: dict[str, Any]) -> dict[str, Any]:
    return {
        key: item.get(key)
        for key in ("id", "action", "status", "attempts", "error", "sent_at", "response")
        if key in item
    }


@register_tool
class IntegrationsTool(ChatTool):
    name = "integrations"
    description = (
        "Connected services (Discord, Slack, GitHub, Stripe, webhooks): list them, send a "
        "message or issue through one (confirm first), or check an integration or a sent "
        "action's status."
    )
    Arguments = IntegrationsArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: IntegrationsArguments = arguments
        mimic = ctx.require_mimic()
        base = "/api/v1/integrations"
        if args.operation == "list":
            answer = await mimic.get(base)
            items = answer.get("items", []) if isinstance(answer, dict) else []
            found = [_integration(item) for item in items if isinstance(item, dict)]
            return {"integrations": found, "summary": f"{len(found)} integrations connected"}
        if args.operation == "status":
            if args.action_id is not None:
                action = await mimic.get(f"{base}/{args.integration_id}/actions/{args.action_id}")
                return {**_action(action), "summary": f"action {action.get('status')}"}
            integration = await mimic.get(f"{base}/{args.integration_id}")
            state = "enabled" if integration.get("enabled") else "disabled"
            return {**_integration(integration), "summary": f"{integration.get('name')} {state}"}
        response = await mimic.request(
            "POST",
            f"{base}/{args.integration_id}/actions",
            json={
                "action": args.action,
                "params": args.params,
                "idempotency_key": ctx.idempotency_key("integration"),
            },
        )
        sent = response.json()
        return {**_action(sent), "summary": f"{args.action} {sent.get('status', 'accepted')}"}
