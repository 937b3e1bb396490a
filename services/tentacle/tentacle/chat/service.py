"""A Flux turn: store the person's message, stream the reply, run tools, store everything.

The request stores the person's message and commits; the turn then runs as a task of the
:class:`~tentacle.chat.runtime.ChatRuntime` (it survives a dropped client) and reports to the
request's event stream through :class:`TurnEvents`. Each model call reserves its ceiling on
the organisation's budget first and settles with what it used. Tool calls of one model answer
run concurrently, each in its own transaction; every assistant message, tool result and final
reply is appended to the thread as soon as it exists, with its tokens and cost.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.auth import Principal
from fluxkit.db import after_commit, unit_of_work
from fluxkit.errors import FluxError
from fluxkit.llm import (
    ContextOverflow,
    LLMError,
    LLMRequestRejected,
    LLMResult,
    LLMUnavailable,
    ToolCall,
)
from tentacle.budgets import BudgetExceeded
from tentacle.chat import commands
from tentacle.chat.compaction import (
    BUDGET_AGENT,
    FLUX_ROLE,
    Context,
    compact,
    estimate_tokens,
    load_context,
    model_messages,
)
from tentacle.chat.prompt import system_prompt
from tentacle.chat.runtime import ChatRuntime
from tentacle.chat.tools.base import ToolContext
from tentacle.chat.tools.registry import ToolOutcome, execute, tool_specs
from tentacle.inbox import service as inbox
from tentacle.inbox.models import Conversation, Message, Role

logger = logging.getLogger(__name__)

AGENT_ID = "flux"
EMPTY_ANSWER = "I could not produce an answer this time; please rephrase or try again."
STREAM_CHECK_SECONDS = 5.0
LAST_ROUND_NOTE = (
    "You have used every tool round of this reply. Answer the person now with what you "
    "found, and say what is still missing."
)


class TurnEvents:
    """The reply's events for whoever streams them; nobody listening loses nothing."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[tuple[str, dict[str, Any]] | None] = asyncio.Queue()
        self.turn: asyncio.Task[None] | None = None
        """The turn feeding these events (None for a slash command, answered at once)."""
        self.expects_turn = False

    def send(self, event: str, data: dict[str, Any]) -> None:
        self._queue.put_nowait((event, data))

    def close(self) -> None:
        self._queue.put_nowait(None)

    def _orphaned(self) -> bool:
        """True when no turn will ever close the stream (it could not be started)."""
        return self.expects_turn and (self.turn is None or self.turn.done())

    async def stream(self) -> AsyncIterator[dict[str, str]]:
        while True:
            try:
                item = await asyncio.wait_for(self._queue.get(), timeout=STREAM_CHECK_SECONDS)
            except TimeoutError:
                if self._orphaned() and self._queue.empty():
                    data = {"error": "ChatFailed", "detail": "the reply could not be started"}
                    yield {"event": "error", "data": json.dumps(data)}
                    return
                continue
            if item is None:
                return
            event, data = item
            yield {"event": event, "data": json.dumps(data, default=str, ensure_ascii=False)}


class TurnStopped(Exception):
    """The turn cannot go on; ``detail`` is told to the person and stored in the thread."""

    def __init__(self, error: str, detail: str) -> None:
        super().__init__(detail)
        self.error = error
        self.detail = detail


def _usage(result: LLMResult) -> dict[str, int]:
    return {"prompt_tokens": result.prompt_tokens, "completion_tokens": result.completion_tokens}


def _call_id(call: ToolCall) -> ToolCall:
    if call.id and call.id != "None":
        return call
    return ToolCall(f"call_{uuid.uuid4().hex[:16]}", call.name, call.arguments)


def _task_id_of(outcome: ToolOutcome) -> uuid.UUID | None:
    if outcome.ok and outcome.result and outcome.call.name == "create_task":
        return uuid.UUID(str(outcome.result["task_id"]))
    return None


@dataclass
class Turn:
    runtime: ChatRuntime
    principal: Principal
    conversation_id: uuid.UUID
    events: TurnEvents
    user_position: int
    """The person's message this turn answers; messages they sent after it wait for their
    own turn (the conversation lock makes them run one after the other)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    overflow_retried: bool = False

    @property
    def settings(self) -> Any:
        return self.runtime.settings

    @property
    def organization_id(self) -> uuid.UUID:
        return self.principal.require_organization()

    async def run(self) -> None:
        try:
            async with self.runtime.conversation_lock(self.conversation_id):
                await self._run()
        except TurnStopped as stop:
            await self._fail(stop.error, stop.detail)
        except FluxError as exc:
            # A rule of another domain (the conversation was deleted meanwhile, the prompt
            # file is missing...): its message is meant for people.
            await self._fail(type(exc).__name__, exc.message)
        except Exception:
            logger.exception("chat turn failed", extra={"conversation": str(self.conversation_id)})
            await self._fail(
                "ChatFailed",
                "Something went wrong on the server while I was answering; please try again.",
            )
        finally:
            self.events.close()

    # -- the loop -------------------------------------------------------------------------------

    async def _run(self) -> None:
        await self.runtime.ready()
        tools = tool_specs()
        messages = await self._prepare()
        rounds = 0
        while True:
            offer = rounds < self.settings.chat_max_tool_rounds
            if not offer:
                messages = [*messages, {"role": "system", "content": LAST_ROUND_NOTE}]
            try:
                result = await self._call(messages, tools if offer else None)
            except ContextOverflow:
                if self.overflow_retried:
                    raise TurnStopped(
                        "ContextOverflow",
                        "This conversation is too long for the model even after summarising "
                        "it. Start a new one with /new.",
                    ) from None
                self.overflow_retried = True
                messages = await self._prepare(force=True)
                continue
            if result.tool_calls and offer:
                rounds += 1
                await self._run_tools(result)
                messages = await self._prepare()
                continue
            await self._finish(result)
            return

    async def _prepare(self, *, force: bool = False) -> list[dict[str, Any]]:
        """The thread as the model sees it, compacted first when it is too long (or when the
        provider said so: ``force``)."""
        async with unit_of_work(self.runtime.session_factory) as session:
            conversation = await inbox.get_conversation(
                session, self.principal, self.conversation_id
            )
            context = await load_context(session, conversation)
            context.messages = [
                message
                for message in context.messages
                if not (message.role == Role.USER and message.position > self.user_position)
            ]
            system = await system_prompt(
                session, self.principal, self.conversation_id, self.settings
            )
            messages = model_messages(system, context.summary, context.messages)
            model = self.settings.model_for(FLUX_ROLE)
            too_long = (
                estimate_tokens(self.runtime.llm, model, messages)
                > self.settings.chat_context_tokens
            )
            if not (force or too_long):
                return messages
            keep = self.settings.chat_keep_recent_messages
            compaction = await self._compact(
                session, conversation, context, keep=max(2, keep // 2) if force else keep
            )
            if compaction is None:
                if force:
                    raise TurnStopped(
                        "ContextOverflow",
                        "The latest exchange alone is too long for the model. Shorten the "
                        "message, or start a new conversation with /new.",
                    )
                return messages
            return model_messages(system, compaction.summary, compaction.messages)

    async def _compact(
        self, session: AsyncSession, conversation: Conversation, context: Context, *, keep: int
    ) -> Context | None:
        try:
            done = await compact(
                session,
                conversation,
                context,
                llm=self.runtime.llm,
                budget=self.runtime.budget,
                settings=self.settings,
                keep=keep,
            )
        except BudgetExceeded as exc:
            raise self._over_budget(exc) from None
        except LLMError as exc:
            raise self._model_failed(exc) from None
        if done is None:
            return None
        self.prompt_tokens += done.prompt_tokens
        self.completion_tokens += done.completion_tokens
        self.cost_usd += done.cost_usd
        kept = [m for m in context.messages if m.position > done.summary.through_position]
        return Context(done.summary, kept)

    def _over_budget(self, exc: BudgetExceeded) -> TurnStopped:
        return TurnStopped(
            "BudgetExceeded",
            f"I can't answer right now: the {exc.label} budget is used up ({exc}). An owner or "
            "admin can raise the limit in the budget settings.",
        )

    def _model_failed(self, exc: LLMError) -> TurnStopped:
        if isinstance(exc, LLMUnavailable):
            return TurnStopped(
                "LLMUnavailable",
                "The language model is unavailable right now; please try again in a moment.",
            )
        if isinstance(exc, LLMRequestRejected):
            return TurnStopped(
                "LLMRequestRejected", f"The model provider refused the request: {exc}"
            )
        return TurnStopped("LLMError", f"The model could not answer: {exc}")

    async def _call(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None
    ) -> LLMResult:
        """One streamed model call inside a budget reservation; tokens go out as they come."""
        llm, budget = self.runtime.llm, self.runtime.budget
        ceiling = self.settings.chat_max_tokens
        estimate = llm.estimate(messages, role=FLUX_ROLE, max_tokens=ceiling)
        try:
            reservation = await budget.reserve(
                organization_id=self.organization_id,
                task_id=None,
                step_id=None,
                agent_type=BUDGET_AGENT,
                cost_usd=estimate.cost_usd,
                tokens=estimate.tokens,
            )
        except BudgetExceeded as exc:
            raise self._over_budget(exc) from None
        started = False
        result: LLMResult | None = None
        try:
            async for delta in llm.stream(
                messages,
                role=FLUX_ROLE,
                tools=tools,
                max_tokens=ceiling,
                metadata={"purpose": "chat", "conversation_id": str(self.conversation_id)},
            ):
                if delta.content:
                    started = True
                    self.events.send("token", {"delta": delta.content})
                if delta.tool_calls:
                    started = True
                if delta.result is not None:
                    result = delta.result
        except BaseException as exc:
            # A stream cut short has used an unknown part of its ceiling: it is all counted.
            if started:
                await budget.settle(reservation, cost_usd=0.0, tokens=0, usage_known=False)
            else:
                await budget.release(reservation)
            if isinstance(exc, LLMError) and not isinstance(exc, ContextOverflow):
                raise self._model_failed(exc) from None
            raise
        if result is None:
            await budget.settle(reservation, cost_usd=0.0, tokens=0, usage_known=False)
            raise TurnStopped("LLMError", "The model's answer ended before it was complete.")
        await budget.settle(
            reservation,
            cost_usd=result.cost_usd,
            tokens=result.total_tokens,
            usage_known=result.usage_known,
        )
        self.prompt_tokens += result.prompt_tokens
        self.completion_tokens += result.completion_tokens
        self.cost_usd += result.cost_usd
        return result

    async def _append(self, **fields: Any) -> Message:
        async with unit_of_work(self.runtime.session_factory) as session:
            conversation = await inbox.get_conversation(
                session, self.principal, self.conversation_id
            )
            return await inbox.append_message(session, conversation, **fields)

    async def _run_tools(self, result: LLMResult) -> None:
        calls = [_call_id(call) for call in result.tool_calls]
        assistant = await self._append(
            role=Role.ASSISTANT,
            content=result.content or "",
            agent_id=AGENT_ID,
            tool_calls=[
                {"id": call.id, "name": call.name, "arguments": call.arguments} for call in calls
            ],
            usage=_usage(result),
            cost_usd=result.cost_usd,
        )
        for call in calls:
            self.events.send(
                "tool_call.started",
                {
                    "id": call.id,
                    "name": call.name,
                    "arguments": call.arguments,
                    "message_id": str(assistant.id),
                },
            )
        outcomes = await asyncio.gather(*(self._execute(call) for call in calls))
        limit = self.settings.chat_tool_result_chars
        async with unit_of_work(self.runtime.session_factory) as session:
            conversation = await inbox.get_conversation(
                session, self.principal, self.conversation_id
            )
            for outcome in outcomes:
                await inbox.append_message(
                    session,
                    conversation,
                    role=Role.TOOL,
                    content=outcome.for_model(limit),
                    agent_id=f"tool:{outcome.call.name}",
                    tool_call_id=outcome.call.id,
                    task_id=_task_id_of(outcome),
                    structured={
                        "type": "tool_result",
                        "tool": outcome.call.name,
                        "ok": outcome.ok,
                        "summary": outcome.summary,
                        "error": outcome.error,
                        "seconds": round(outcome.seconds, 3),
                    },
                )

    async def _execute(self, call: ToolCall) -> ToolOutcome:
        runtime = self.runtime
        mimic = None
        if runtime.mimic is not None:
            mimic = runtime.mimic.as_user(self.principal.require_user(), self.organization_id)
        context = ToolContext(
            principal=self.principal,
            conversation_id=self.conversation_id,
            tool_call_id=call.id,
            session_factory=runtime.session_factory,
            settings=runtime.settings,
            llm=runtime.llm,
            budget=runtime.budget,
            mimic=mimic,
            search=runtime.search,
        )
        outcome = await execute(context, call)
        finished: dict[str, Any] = {
            "id": call.id,
            "name": call.name,
            "ok": outcome.ok,
            "seconds": round(outcome.seconds, 3),
        }
        if outcome.ok:
            finished["result"] = outcome.summary
        else:
            finished["error"] = outcome.error
        self.events.send("tool_call.finished", finished)
        return outcome

    async def _finish(self, result: LLMResult) -> None:
        content = (result.content or "").strip() or EMPTY_ANSWER
        message = await self._append(
            role=Role.ASSISTANT,
            content=content,
            agent_id=AGENT_ID,
            usage=_usage(result),
            cost_usd=result.cost_usd,
        )
        self.events.send(
            "message.completed",
            {
                "message_id": str(message.id),
                "conversation_id": str(self.conversation_id),
                "content": content,
                "model": result.model,
                "usage": {
                    "prompt_tokens": self.prompt_tokens,
                    "completion_tokens": self.completion_tokens,
                    "total_tokens": self.prompt_tokens + self.completion_tokens,
                },
                "cost_usd": self.cost_usd,
            },
        )

    async def _fail(self, error: str, detail: str) -> None:
        """Tell the person why there is no (complete) answer, in the stream and the thread."""
        data: dict[str, Any] = {"error": error, "detail": detail}
        try:
            message = await self._append(
                role=Role.ASSISTANT,
                content=detail,
                agent_id=AGENT_ID,
                structured={"type": "chat_error", "error": error},
                cost_usd=0.0,
            )
            data["message_id"] = str(message.id)
        except Exception:
            logger.exception("could not store the chat error", extra={"error": error})
        self.events.send("error", data)


# -- the request's part ------------------------------------------------------------------------


async def start_turn(
    session: AsyncSession,
    principal: Principal,
    conversation: Conversation,
    content: str,
    runtime: ChatRuntime,
    *,
    conversation_created: bool = False,
) -> TurnEvents:
    """Store the person's message; answer a slash command at once, or start Flux's turn once
    the request has committed. The returned events feed the response stream."""
    events = TurnEvents()
    command = commands.parse(content)
    user_message = await inbox.append_message(
        session, conversation, role=Role.USER, content=content
    )
    events.send(
        "message.started",
        {
            "conversation_id": str(conversation.id),
            "conversation_created": conversation_created,
            "user_message_id": str(user_message.id),
            "position": user_message.position,
            "command": command[0] if command else None,
        },
    )
    if command is not None:
        reply = await commands.run_command(session, principal, *command)
        if reply.new_conversation is not None:
            events.send("conversation.created", {"conversation_id": str(reply.new_conversation.id)})
        message = await inbox.append_message(
            session,
            conversation,
            role=Role.ASSISTANT,
            content=reply.text,
            agent_id=AGENT_ID,
            structured=reply.structured,
        )
        events.send("token", {"delta": reply.text})
        events.send(
            "message.completed",
            {
                "message_id": str(message.id),
                "conversation_id": str(conversation.id),
                "content": reply.text,
                "command": reply.name,
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "cost_usd": 0.0,
            },
        )
        events.close()
        return events

    turn = Turn(runtime, principal, conversation.id, events, user_message.position)
    events.expects_turn = True

    def begin() -> None:
        events.turn = runtime.spawn(turn.run())

    after_commit(session, begin)
    return events
