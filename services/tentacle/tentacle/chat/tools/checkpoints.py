"""Deciding a checkpoint from the chat, with the same rules as the checkpoints API."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import Field, model_validator

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext, ToolError
from tentacle.chat.tools.registry import register_tool
from tentacle.checkpoints import decisions


class DecideArguments(ToolArguments):
    checkpoint_id: uuid.UUID
    decision: Literal["approve", "reject", "resolve"] = Field(
        description="approve as previewed, reject with a reason, or resolve with answers, "
        "modified inputs or a choice."
    )
    reason: str | None = Field(default=None, max_length=2000, description="Why (for reject).")
    answers: dict[str, Any] | None = Field(default=None, description="For input checkpoints.")
    modified_inputs: dict[str, Any] | None = Field(
        default=None, description="For modify checkpoints: the step's edited inputs."
    )
    choice: str | None = Field(default=None, max_length=100, description="For select checkpoints.")

    @model_validator(mode="after")
    def _complete(self) -> DecideArguments:
        if self.decision == "reject" and not self.reason:
            raise ValueError("a rejection needs a reason")
        if self.decision == "resolve" and not (self.answers or self.modified_inputs or self.choice):
            raise ValueError("resolve needs answers, modified_inputs or a choice")
        return self


@register_tool
class ApproveCheckpointTool(ChatTool):
    name = "approve_checkpoint"
    description = (
        "Decide a checkpoint a task is waiting on: approve, reject (with a reason) or resolve "
        "(answers, edited inputs or a choice). Only when the person clearly decided it."
    )
    Arguments = DecideArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: DecideArguments = arguments
        if args.decision == "reject":
            outcome = "reject"
            resolution: dict[str, Any] = {"reason": args.reason}
        else:
            outcome = "approve"
            resolution = {
                key: value
                for key, value in (
                    ("answers", args.answers),
                    ("modified_inputs", args.modified_inputs),
                    ("choice", args.choice),
                )
                if value is not None
            }
            if args.decision == "approve" and resolution:
                raise ToolError("to change answers, inputs or the choice, use decision 'resolve'")
        async with ctx.session() as session:
            checkpoint = await decisions.decide(
                session,
                ctx.principal,
                args.checkpoint_id,
                outcome=outcome,
                resolution=resolution,
            )
        return {
            "checkpoint_id": str(checkpoint.id),
            "task_id": str(checkpoint.task_id),
            "status": checkpoint.status,
            "summary": f"checkpoint {checkpoint.id} {checkpoint.status}",
        }
