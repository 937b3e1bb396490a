"""task_capabilities (what subagents can do) and create_agent (a new organisation agent)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tentacle.agents import registry
from tentacle.agents import service as agents
from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext, ToolError
from tentacle.chat.tools.registry import register_tool

AGENT_AUTHORS = frozenset({"owner", "admin"})


class CapabilitiesArguments(ToolArguments):
    agent_type: str | None = Field(
        default=None, description="One agent type to describe in full (its input fields)."
    )


@register_tool
class TaskCapabilitiesTool(ChatTool):
    name = "task_capabilities"
    description = (
        "What tasks can do: the subagent types available to plans (search, write, notify, "
        "files, workspace, data analysis...) with their risk; one type in detail when named."
    )
    Arguments = CapabilitiesArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: CapabilitiesArguments = arguments
        async with ctx.session() as session:
            specs = await registry.list_agent_specs(session, ctx.organization_id)
        if args.agent_type:
            spec = next((item for item in specs if item.type == args.agent_type), None)
            if spec is None:
                raise ToolError(f"there is no agent type {args.agent_type!r}")
            return {
                "type": spec.type,
                "description": spec.description,
                "risk_level": spec.risk_level,
                "needs_approval": spec.needs_approval,
                "input_schema": spec.input_schema,
                "output_schema": spec.output_schema,
                "summary": f"details of {spec.type}",
            }
        return {
            "agents": [
                {
                    "type": spec.type,
                    "description": spec.description,
                    "risk_level": spec.risk_level,
                    "needs_approval": spec.needs_approval,
                }
                for spec in sorted(specs, key=lambda item: item.type)
            ],
            "summary": f"{len(specs)} agent types",
        }


class CreateAgentArguments(ToolArguments):
    description: str = Field(
        min_length=10, max_length=4000, description="What the new agent should do, in words."
    )
    type: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]{1,62}$", description="Its lower_snake_case name."
    )


@register_tool
class CreateAgentTool(ChatTool):
    name = "create_agent"
    description = (
        "Add a new subagent type to the organisation from a description (a model drafts and "
        "validates its specification). Owners and admins only; costs a model call."
    )
    Arguments = CreateAgentArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: CreateAgentArguments = arguments
        if not ctx.principal.roles & AGENT_AUTHORS:
            raise ToolError("only organisation owners and admins may create agents")
        if not ctx.principal.has_scope("agents:write"):
            raise ToolError("this credential lacks the agents:write scope")
        async with ctx.session() as session:
            definition = await agents.create_agent(
                session,
                ctx.llm,
                organization_id=ctx.organization_id,
                user_id=ctx.user_id,
                description=args.description,
                agent_type=args.type,
                budget=ctx.budget,
            )
            spec = registry.spec_of(definition)
        return {
            "type": spec.type,
            "version": definition.version,
            "description": spec.description,
            "summary": f"agent {spec.type} v{definition.version} created",
        }
