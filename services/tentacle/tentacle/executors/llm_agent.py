"""The generic LLM agent: prompt template + inputs → a JSON answer matching the output schema.

Agents that list ``tools`` may call them (web search, guarded HTTP fetch) for a bounded number
of rounds before answering. An answer that does not fit the output schema is sent back once
with the validation errors; a second miss fails the step as transient (a retry may sample a
better answer, and recovery may switch model or replan).
"""

from __future__ import annotations

import json
from typing import Any

from fluxkit.http import OutboundError
from fluxkit.llm import LLMResult
from tentacle.agents.spec import schema_errors
from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    StepContext,
    StepResult,
    TransientStepError,
    charged_on_failure,
)
from tentacle.executors.llm_calls import Message, call_llm, render_prompt
from tentacle.executors.registry import register_executor
from tentacle.executors.search import SearchError

MAX_TOOL_ROUNDS = 4
TOOL_RESULT_CHARS = 8000

TOOL_DEFINITIONS: dict[str, dict[str, Any]] = {
    "web_search": {
        "type": "function",
        "function": {
            "name": "web_search",
            "description": "Search the web; returns titles, URLs and snippets.",
            "parameters": {
                "type": "object",
                "properties": {"query": {"type": "string"}},
                "required": ["query"],
            },
        },
    },
    "http_fetch": {
        "type": "function",
        "function": {
            "name": "http_fetch",
            "description": "Fetch a public web page or JSON document with GET.",
            "parameters": {
                "type": "object",
                "properties": {"url": {"type": "string"}},
                "required": ["url"],
            },
        },
    },
}


def system_prompt(ctx: StepContext, answer_schema: dict[str, Any]) -> str:
    """The agent's prompt with the inputs filled in, and the answer's schema."""
    prompt = render_prompt(ctx.agent.prompt or "", ctx.inputs).strip()
    return (
        f"{prompt}\n\nReply with a single JSON object that follows this JSON schema:\n"
        f"{json.dumps(answer_schema, separators=(',', ':'))}"
    )


def user_message(ctx: StepContext) -> str:
    return "Inputs:\n" + json.dumps(ctx.inputs, ensure_ascii=False, indent=1, default=str)


async def answer_as_json(
    ctx: StepContext,
    result: StepResult,
    messages: list[Message],
    output_schema: dict[str, Any],
    *,
    schema_name: str,
    tools: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Ask until the answer is a JSON object matching ``output_schema`` (one repair round);
    tool calls are run and answered in between."""
    repairs = 0
    tool_rounds = 0
    while True:
        answer = await call_llm(
            ctx,
            result,
            messages,
            response_schema=None if tools else output_schema,
            schema_name=schema_name,
            tools=tools,
        )
        if answer.tool_calls and tools and tool_rounds < MAX_TOOL_ROUNDS:
            tool_rounds += 1
            messages = [*messages, _assistant_tool_message(answer)]
            for call in answer.tool_calls:
                output = await run_tool(ctx, call.name, call.arguments)
                messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
            continue
        parsed, problem = _parse(answer)
        if parsed is not None:
            errors = schema_errors(output_schema, parsed)
            if not errors:
                return parsed
            problem = "; ".join(errors[:10])
        if repairs >= 1:
            raise TransientStepError(
                f"the model's answer did not match the output schema: {problem}",
                details={"reason": "invalid_output"},
            )
        repairs += 1
        messages = [
            *messages,
            {"role": "assistant", "content": answer.content or ""},
            {
                "role": "user",
                "content": f"That answer is not valid: {problem}. Reply again with only the "
                "JSON object, following the schema exactly.",
            },
        ]


def _parse(answer: LLMResult) -> tuple[dict[str, Any] | None, str]:
    parsed = answer.parsed
    if parsed is None and answer.content:
        from fluxkit.llm import parse_json

        parsed, error = parse_json(answer.content)
        if parsed is None:
            return None, f"not JSON ({error})"
    if not isinstance(parsed, dict):
        return None, "the answer must be a JSON object"
    return parsed, ""


def _assistant_tool_message(answer: LLMResult) -> Message:
    return {
        "role": "assistant",
        "content": answer.content or None,
        "tool_calls": [
            {
                "id": call.id,
                "type": "function",
                "function": {
                    "name": call.name,
                    "arguments": call.arguments
                    if isinstance(call.arguments, str)
                    else json.dumps(call.arguments),
                },
            }
            for call in answer.tool_calls
        ],
    }


async def run_tool(ctx: StepContext, name: str, arguments: dict[str, Any] | str) -> str:
    """A tool's result as text for the model; failures are reported to it, not raised."""
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except json.JSONDecodeError:
            return "error: the arguments were not JSON"
    if not isinstance(arguments, dict) or name not in ctx.agent.tools:
        return f"error: {name} is not one of your tools"
    ctx.check_deadline()
    try:
        if name == "web_search":
            if ctx.resources.search is None:
                return "error: no search provider is configured"
            found = await ctx.resources.search.search(str(arguments.get("query", "")), count=5)
            return json.dumps([vars(item) for item in found])[:TOOL_RESULT_CHARS]
        if name == "http_fetch":
            if ctx.resources.http is None:
                return "error: outbound HTTP is not configured"
            response = await ctx.resources.http.get(str(arguments.get("url", "")))
            return f"status {response.status_code}\n{response.text[:TOOL_RESULT_CHARS]}"
    except (OutboundError, SearchError) as exc:
        return f"error: {exc}"
    return f"error: unknown tool {name}"


@register_executor
class LLMAgentExecutor(AgentExecutor):
    kind = "llm"

    async def run(self, ctx: StepContext) -> StepResult:
        if not ctx.agent.prompt:
            raise PermanentStepError(f"the {ctx.agent.type} agent has no prompt")
        result = StepResult(outputs={})
        messages: list[Message] = [
            {"role": "system", "content": system_prompt(ctx, ctx.agent.output_schema)},
            {"role": "user", "content": user_message(ctx)},
        ]
        tools = [TOOL_DEFINITIONS[name] for name in ctx.agent.tools] or None
        with charged_on_failure(result):
            result.outputs = await answer_as_json(
                ctx,
                result,
                messages,
                ctx.agent.output_schema,
                schema_name=ctx.agent.type,
                tools=tools,
            )
        return result
