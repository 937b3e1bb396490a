"""What chat turns share in the API process: clients, the budget guard and the running turns.

A turn runs as an asyncio task owned by :class:`ChatRuntime`, not by the request: a person who
closes the page (or loses the connection) mid-reply still finds the whole reply stored. On
shutdown the runtime waits a little for running turns, then cancels them.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from collections.abc import AsyncIterator, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.errors import ServiceUnavailable
from fluxkit.http import ServiceClient
from fluxkit.llm import LLMClient
from tentacle.budgets import BudgetGuard
from tentacle.executors.resources import ExecutorResources
from tentacle.executors.search import SearchProvider
from tentacle.settings import TentacleSettings

logger = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 20.0


@dataclass
class ChatRuntime:
    settings: TentacleSettings
    session_factory: async_sessionmaker[AsyncSession]
    llm: LLMClient
    budget: BudgetGuard
    mimic: ServiceClient | None = None
    """Mimic with this service's credential; tools use ``as_user`` views of it."""
    search: SearchProvider | None = None
    resources: ExecutorResources | None = None
    warming: asyncio.Future[None] | None = None
    """The model library loading on a thread; a turn waits for it without blocking the loop."""
    _turns: set[asyncio.Task[None]] = field(default_factory=set)
    _locks: weakref.WeakValueDictionary[uuid.UUID, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )

    def spawn(self, turn: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(turn)
        self._turns.add(task)
        task.add_done_callback(self._turns.discard)
        return task

    async def ready(self) -> None:
        """Wait (off the event loop) until the model library is loaded."""
        if self.warming is not None and not self.warming.done():
            await asyncio.shield(self.warming)

    @property
    def running(self) -> int:
        return len(self._turns)

    async def wait_idle(self, timeout: float) -> bool:
        """True once no turn is running (False if some still run after ``timeout``)."""
        if not self._turns:
            return True
        _, pending = await asyncio.wait(set(self._turns), timeout=timeout)
        return not pending

    @asynccontextmanager
    async def conversation_lock(self, conversation_id: uuid.UUID) -> AsyncIterator[None]:
        """One turn at a time per conversation in this process, so a reply sees the previous
        one (turns of one person's thread rarely land on two API processes at once; if they
        do, both are answered, each from what was committed when it started)."""
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        async with lock:
            yield

    async def aclose(self) -> None:
        if not await self.wait_idle(SHUTDOWN_GRACE_SECONDS):
            for task in list(self._turns):
                task.cancel()
            await asyncio.gather(*self._turns, return_exceptions=True)
        if self.mimic is not None:
            await self.mimic.aclose()
        if self.resources is not None:
            await self.resources.aclose()


def warm_up(llm: LLMClient) -> None:
    """Load the model library and its tokenizer (seconds of imports), meant for a thread: the
    first reply then does not freeze every connection of the process while they load."""
    try:
        llm.estimate([{"role": "user", "content": "warm up"}], role="flux", max_tokens=1)
    except Exception:
        logger.warning("could not warm up the model client", exc_info=True)


def _llm(app: FastAPI, settings: TentacleSettings) -> LLMClient:
    client = getattr(app.state, "llm", None)
    if not isinstance(client, LLMClient):
        client = LLMClient(settings)
        app.state.llm = client
    return client


async def start_chat_runtime(app: FastAPI, stack: AsyncExitStack) -> None:
    """Startup hook: the chat runtime on ``app.state.chat``, closed when the app stops."""
    settings: TentacleSettings = app.state.settings
    resources = ExecutorResources.from_settings(settings)
    runtime = ChatRuntime(
        settings=settings,
        session_factory=app.state.session_factory,
        llm=_llm(app, settings),
        budget=BudgetGuard(app.state.session_factory),
        mimic=ServiceClient(settings.mimic_url, settings.service_token.get_secret_value()),
        search=resources.search,
        resources=resources,
    )
    app.state.chat = runtime
    stack.push_async_callback(runtime.aclose)
    runtime.warming = asyncio.get_running_loop().run_in_executor(None, warm_up, runtime.llm)


def get_chat_runtime(request: Request) -> ChatRuntime:
    runtime = getattr(request.app.state, "chat", None)
    if not isinstance(runtime, ChatRuntime):
        raise ServiceUnavailable("the chat is not running in this process")
    return runtime
