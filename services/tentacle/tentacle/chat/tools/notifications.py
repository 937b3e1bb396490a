"""send_notification: an email through Mimic, sent as the person (their permissions)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext
from tentacle.chat.tools.registry import register_tool


class NotificationArguments(ToolArguments):
    to: list[str] = Field(min_length=1, max_length=100, description="Recipient addresses.")
    subject: str | None = Field(default=None, max_length=998)
    text: str | None = Field(default=None, max_length=100_000, description="Plain-text body.")
    template: str | None = Field(default=None, max_length=100, description="A template key.")
    variables: dict[str, Any] = Field(default_factory=dict, description="Template variables.")

    @model_validator(mode="after")
    def _content(self) -> NotificationArguments:
        if not self.template and not (self.subject and self.text):
            raise ValueError("give a subject and a text, or a template")
        return self


@register_tool
class SendNotificationTool(ChatTool):
    name = "send_notification"
    description = (
        "Send an email now (through the platform's notification service). It leaves the "
        "platform: confirm recipients and content with the person first."
    )
    Arguments = NotificationArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: NotificationArguments = arguments
        mimic = ctx.require_mimic()
        body: dict[str, Any] = {"to": args.to}
        if args.template:
            body["template"] = args.template
            body["variables"] = args.variables
        else:
            body["subject"] = args.subject
            body["text"] = args.text
        body["metadata"] = {"conversation_id": str(ctx.conversation_id), "via": "flux"}
        response = await mimic.request(
            "POST",
            "/api/v1/notifications",
            json=body,
            headers={"Idempotency-Key": ctx.idempotency_key("notify")},
        )
        sent = response.json()
        return {
            "notification_id": str(sent.get("id")),
            "status": str(sent.get("status", "")),
            "to": args.to,
            "summary": f"email to {', '.join(args.to)} {sent.get('status', 'accepted')}",
        }
