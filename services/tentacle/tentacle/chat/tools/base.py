"""What every Flux tool implements, what it receives, and how its failures reach the model.

A tool is a class with a name, a description, a pydantic model of its arguments (which is also
the JSON Schema the model sees) and an async ``run``. It acts as the person chatting: the
:class:`ToolContext` carries their :class:`~fluxkit.auth.Principal` and every service call goes
through the same rules the HTTP API applies to them. A tool raises :class:`ToolError` (or lets a
``FluxError`` through) with a sentence Flux can relay; anything else is logged and reduced to a
short message, never a stack trace.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth import Principal
from fluxkit.db import unit_of_work

if TYPE_CHECKING:
    from fluxkit.http import ServiceClient
    from fluxkit.llm import LLMClient
    from tentacle.budgets import BudgetGuard
    from tentacle.executors.search import SearchProvider
    from tentacle.settings import TentacleSettings


class ToolError(Exception):
    """A failure Flux should explain to the person (the message is shown to the model as is)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ToolArguments(BaseModel):
    """Base of every tool's arguments: unknown fields are refused so typos surface."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class ToolContext:
    """The person, the conversation and the shared clients one tool call may use."""

    principal: Principal
    conversation_id: uuid.UUID
    tool_call_id: str
    session_factory: async_sessionmaker[AsyncSession]
    settings: TentacleSettings
    llm: LLMClient
    budget: BudgetGuard
    mimic: ServiceClient | None = None
    """Mimic, already acting for the person (their permissions, their organisation)."""
    search: SearchProvider | None = None

    @property
    def organization_id(self) -> uuid.UUID:
        return self.principal.require_organization()

    @property
    def user_id(self) -> uuid.UUID:
        return self.principal.require_user()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A transaction of the tool's own (tools of one turn run side by side)."""
        async with unit_of_work(self.session_factory) as session:
            yield session

    def idempotency_key(self, action: str) -> str:
        """The same tool call sent twice (a retried turn) acts once."""
        return f"chat:{self.conversation_id}:{self.tool_call_id}:{action}"

    def require_mimic(self) -> ServiceClient:
        if self.mimic is None:
            raise ToolError("the notification and integration service (Mimic) is not configured")
        return self.mimic


class ChatTool(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    Arguments: ClassVar[type[ToolArguments]]

    @classmethod
    def parameters(cls) -> dict[str, Any]:
        """The arguments' JSON Schema as the model receives it (built once per tool)."""
        return _schema_of(cls.Arguments)

    @classmethod
    def spec(cls) -> dict[str, Any]:
        """The OpenAI function-calling declaration."""
        return {
            "type": "function",
            "function": {
                "name": cls.name,
                "description": cls.description,
                "parameters": cls.parameters(),
            },
        }

    @abstractmethod
    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        """Do the work; the returned JSON object is what the model reads."""

    def summary(self, result: dict[str, Any]) -> str:
        """One line for the person watching the call (the event and the stored card)."""
        return str(result.get("summary") or "done")


@cache
def _schema_of(arguments: type[ToolArguments]) -> dict[str, Any]:
    schema: dict[str, Any] = _without_titles(arguments.model_json_schema())
    return schema


def _without_titles(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_titles(item)
            for key, item in value.items()
            if not (key == "title" and isinstance(item, str))
        }
    if isinstance(value, list):
        return [_without_titles(item) for item in value]
    return value
