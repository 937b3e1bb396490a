"""The tools Flux may call, by name, and running one call to a result or a clear error."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import ValidationError

from fluxkit.errors import FluxError
from fluxkit.http import ServiceCallError
from fluxkit.llm import ToolCall
from tentacle.chat.tools.base import ChatTool, ToolContext, ToolError

logger = logging.getLogger(__name__)

_TOOLS: dict[str, ChatTool] = {}


def register_tool(cls: type[ChatTool]) -> type[ChatTool]:
    if cls.name in _TOOLS:
        raise ValueError(f"two chat tools are named {cls.name!r}")
    _TOOLS[cls.name] = cls()
    return cls


def all_tools() -> list[ChatTool]:
    _load_tools()
    return [_TOOLS[name] for name in sorted(_TOOLS)]


def get_tool(name: str) -> ChatTool | None:
    _load_tools()
    return _TOOLS.get(name)


def tool_specs() -> list[dict[str, Any]]:
    return copy.deepcopy(_specs())


@cache
def _specs() -> list[dict[str, Any]]:
    return [tool.spec() for tool in all_tools()]


@cache
def catalog() -> str:
    """The tools as the system prompt lists them: name, purpose, arguments."""
    lines = []
    for tool in all_tools():
        properties = tool.parameters().get("properties", {})
        required = set(tool.parameters().get("required", []))
        arguments = ", ".join(name + ("" if name in required else "?") for name in properties)
        lines.append(f"- `{tool.name}({arguments})`: {tool.description}")
    return "\n".join(lines)


_loaded = False


def _load_tools() -> None:
    """Import every tool module once (a module imported on its own registers only itself)."""
    global _loaded
    if not _loaded:
        from tentacle.chat.tools import TOOL_MODULES

        for module in TOOL_MODULES:
            __import__(module)
        _loaded = True


@dataclass(frozen=True)
class ToolOutcome:
    call: ToolCall
    ok: bool
    result: dict[str, Any] | None
    error: str | None
    summary: str
    seconds: float

    def for_model(self, limit: int) -> str:
        """The tool message the model reads next (cut to ``limit`` characters)."""
        body: dict[str, Any] = (
            self.result if self.ok and self.result is not None else {"error": self.error}
        )
        text = json.dumps(body, ensure_ascii=False, default=str)
        if len(text) > limit:
            text = text[:limit] + f"... [cut: the result had {len(text)} characters]"
        return text


def _arguments(call: ToolCall) -> dict[str, Any]:
    if isinstance(call.arguments, dict):
        return call.arguments
    text = (call.arguments or "").strip()
    if not text:
        return {}
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolError(f"the arguments are not valid JSON ({exc.msg})") from None
    if not isinstance(decoded, dict):
        raise ToolError("the arguments must be a JSON object")
    return decoded


def _validation_message(error: ValidationError) -> str:
    problems = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item.get("loc", ())) or "arguments"
        problems.append(f"{where}: {item.get('msg', 'invalid')}")
    return "invalid arguments: " + "; ".join(problems)


async def execute(ctx: ToolContext, call: ToolCall) -> ToolOutcome:
    """Run one call; every failure becomes a sentence for the model, never an exception."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    tool = get_tool(call.name)

    def failed(message: str) -> ToolOutcome:
        return ToolOutcome(call, False, None, message, message, loop.time() - started)

    if tool is None:
        return failed(f"there is no tool named {call.name!r}")
    try:
        arguments = tool.Arguments.model_validate(_arguments(call))
        async with asyncio.timeout(ctx.settings.chat_tool_timeout_seconds):
            result = await tool.run(ctx, arguments)
    except ToolError as exc:
        return failed(exc.message)
    except ValidationError as exc:
        return failed(_validation_message(exc))
    except ServiceCallError as exc:
        status = f" ({exc.status})" if exc.status else ""
        return failed(f"the service refused{status}: {exc.message}")
    except FluxError as exc:
        return failed(f"{type(exc).__name__}: {exc.message}")
    except TimeoutError:
        return failed(
            f"{call.name} took longer than {ctx.settings.chat_tool_timeout_seconds:g} seconds "
            "and was stopped"
        )
    except Exception as exc:
        logger.exception("chat tool failed", extra={"tool": call.name})
        return failed(f"{call.name} failed unexpectedly ({type(exc).__name__})")
    return ToolOutcome(call, True, result, None, tool.summary(result), loop.time() - started)
