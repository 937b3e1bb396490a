"""What the model sees of a conversation, and compaction when it grows past the context.

The thread is sent as: the system prompt, the latest stored summary (if any), then every message
after the summary's ``through_position`` word for word. When that is larger than
``chat_context_tokens`` (or the provider reports a context overflow), the older messages are
summarised by one model call together with the previous summary; the newest
``chat_keep_recent_messages`` are kept as they are. The cut always falls just before a person's
message, so an assistant's tool calls stay next to their results. The summary is stored and
reused by the following turns.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.llm import LLMClient
from tentacle.budgets.calls import budgeted_complete
from tentacle.budgets.guard import BudgetGuard
from tentacle.chat.models import ConversationSummary
from tentacle.inbox import service as inbox
from tentacle.inbox.models import Conversation, Message, Role
from tentacle.settings import TentacleSettings

logger = logging.getLogger(__name__)

FLUX_ROLE = "flux"
BUDGET_AGENT = "flux"
PAGE = 200
SUMMARY_MAX_TOKENS = 800
TRANSCRIPT_MESSAGE_CHARS = 2_000
TRANSCRIPT_CHARS = 40_000

SUMMARY_PROMPT = """You compress the earlier part of a conversation between a person and Flux, \
the assistant of an automation platform, so Flux can continue it without the full text.
Write a compact summary (at most 300 words) in the third person that keeps: what the person \
asked for and decided, their preferences, facts and numbers that were established, every task, \
checkpoint, agent or object id mentioned with its last known status, what Flux promised or \
still owes, and open questions. Drop greetings and repetition. Do not invent anything."""


@dataclass
class Context:
    summary: ConversationSummary | None
    messages: list[Message]
    """Every message after the summary, oldest first."""


async def latest_summary(
    session: AsyncSession, conversation: Conversation
) -> ConversationSummary | None:
    return await session.scalar(
        select(ConversationSummary)
        .where(
            ConversationSummary.conversation_id == conversation.id,
            ConversationSummary.organization_id == conversation.organization_id,
        )
        .order_by(ConversationSummary.through_position.desc())
        .limit(1)
    )


async def load_context(session: AsyncSession, conversation: Conversation) -> Context:
    summary = await latest_summary(session, conversation)
    after = summary.through_position if summary else 0
    messages: list[Message] = []
    while True:
        page = await inbox.list_messages(session, conversation, after=after, limit=PAGE)
        messages.extend(page)
        if len(page) < PAGE:
            break
        after = page[-1].position
    return Context(summary, messages)


def _text_of(message: Message) -> str:
    if message.content:
        return message.content
    if message.structured:
        return json.dumps(message.structured, ensure_ascii=False, default=str)[:2000]
    return ""


def _assistant(message: Message) -> dict[str, Any]:
    entry: dict[str, Any] = {"role": "assistant", "content": message.content or None}
    if message.tool_calls:
        entry["tool_calls"] = [
            {
                "id": call["id"],
                "type": "function",
                "function": {
                    "name": call["name"],
                    "arguments": call["arguments"]
                    if isinstance(call.get("arguments"), str)
                    else json.dumps(call.get("arguments") or {}, ensure_ascii=False),
                },
            }
            for call in message.tool_calls
        ]
    elif entry["content"] is None:
        entry["content"] = ""
    return entry


def in_turn_order(messages: list[Message]) -> list[Message]:
    """The thread with each person's message right before Flux's answer to it.

    A message sent while Flux was still answering the previous one is stored in the middle of
    that answer (between its tool calls and its final reply); turns run one after the other,
    so it is moved to just after that reply, where the model expects it. A reply ends with an
    assistant message without tool calls (an answer, a command's reply or an error)."""
    ordered: list[Message] = []
    deferred: deque[Message] = deque()
    answering = False
    for message in messages:
        if message.role == Role.USER:
            if answering:
                deferred.append(message)
                continue
            answering = True
        ordered.append(message)
        if message.role == Role.ASSISTANT and not message.tool_calls:
            answering = False
            if deferred:
                ordered.append(deferred.popleft())
                answering = True
    ordered.extend(deferred)
    return ordered


def model_messages(
    system_prompt: str, summary: ConversationSummary | None, messages: list[Message]
) -> list[dict[str, Any]]:
    """The conversation in the provider's format.

    Tool results are placed right after the assistant message that asked for them (other
    writers may have appended a task update in between); a call whose result was never stored
    (a turn cut short) gets one saying so, and results without their call are dropped.
    """
    out: list[dict[str, Any]] = [{"role": "system", "content": system_prompt}]
    if summary is not None:
        out.append(
            {
                "role": "system",
                "content": "Summary of the earlier part of this conversation:\n" + summary.summary,
            }
        )
    results = {m.tool_call_id: m for m in messages if m.role == Role.TOOL and m.tool_call_id}
    for message in in_turn_order(messages):
        if message.role == Role.USER:
            out.append({"role": "user", "content": message.content})
        elif message.role == Role.ASSISTANT:
            out.append(_assistant(message))
            for call in message.tool_calls or []:
                result = results.pop(str(call["id"]), None)
                out.append(
                    {
                        "role": "tool",
                        "tool_call_id": str(call["id"]),
                        "content": result.content
                        if result is not None
                        else json.dumps({"error": "no result was recorded for this call"}),
                    }
                )
        elif message.role in (Role.SYSTEM, Role.EVENT):
            text = _text_of(message)
            if text:
                source = message.agent_id or "platform"
                out.append({"role": "system", "content": f"Update from {source}: {text}"})
    return out


def estimate_tokens(llm: LLMClient, model: str, messages: list[dict[str, Any]]) -> int:
    return llm.count_prompt_tokens(model, messages)


def _cut(messages: list[Message], keep: int) -> int:
    """Index of the first kept message: at most ``keep`` kept, starting at a person's message
    (0 when nothing can be folded without splitting the latest exchange)."""
    start = max(0, len(messages) - keep)
    for index in range(start, len(messages)):
        if messages[index].role == Role.USER:
            return index
    for index in range(start - 1, -1, -1):
        if messages[index].role == Role.USER:
            return index
    return 0


def _transcript(
    summary: ConversationSummary | None, messages: list[Message], limit: int = TRANSCRIPT_CHARS
) -> str:
    lines: list[str] = []
    for message in messages:
        text = _text_of(message)
        if message.role == Role.ASSISTANT and message.tool_calls:
            calls = ", ".join(
                f"{call['name']}({json.dumps(call.get('arguments'), default=str)[:300]})"
                for call in message.tool_calls
            )
            text = f"{text}\n[called {calls}]".strip()
        if not text:
            continue
        if len(text) > TRANSCRIPT_MESSAGE_CHARS:
            text = text[:TRANSCRIPT_MESSAGE_CHARS] + " [...]"
        speaker = {"user": "Person", "assistant": "Flux", "tool": "Tool result"}.get(
            message.role, f"Update ({message.agent_id or message.role})"
        )
        lines.append(f"{speaker}: {text}")
    transcript = "\n\n".join(lines)
    if len(transcript) > limit:
        # The oldest part goes first; what is closest to the kept turns matters most.
        transcript = "[...]\n" + transcript[-limit:]
    earlier = f"Summary so far:\n{summary.summary}\n\n" if summary else ""
    return f"{earlier}Conversation to fold in:\n{transcript}"


@dataclass(frozen=True)
class Compaction:
    summary: ConversationSummary
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


async def compact(
    session: AsyncSession,
    conversation: Conversation,
    context: Context,
    *,
    llm: LLMClient,
    budget: BudgetGuard,
    settings: TentacleSettings,
    keep: int,
) -> Compaction | None:
    """Fold the older messages into a new stored summary; None when there is nothing to fold."""
    cut = _cut(context.messages, keep)
    if cut <= 0:
        return None
    folded = context.messages[:cut]
    answer = await budgeted_complete(
        llm,
        budget,
        [
            {"role": "system", "content": SUMMARY_PROMPT},
            {
                "role": "user",
                # About three characters a token: the request stays within the context size
                # the conversation itself is held to.
                "content": _transcript(
                    context.summary,
                    folded,
                    min(TRANSCRIPT_CHARS, settings.chat_context_tokens * 3),
                ),
            },
        ],
        organization_id=conversation.organization_id,
        task_id=None,
        agent_type=BUDGET_AGENT,
        role=FLUX_ROLE,
        max_tokens=SUMMARY_MAX_TOKENS,
        metadata={"purpose": "chat_compaction", "conversation_id": str(conversation.id)},
    )
    text = (answer.content or "").strip()
    if not text:
        logger.warning("compaction produced an empty summary", extra={"id": str(conversation.id)})
        return None
    summary = ConversationSummary(
        id=uuid.uuid4(),
        organization_id=conversation.organization_id,
        conversation_id=conversation.id,
        through_position=folded[-1].position,
        summary=text,
        message_count=len(folded) + (context.summary.message_count if context.summary else 0),
        prompt_tokens=answer.prompt_tokens,
        completion_tokens=answer.completion_tokens,
        cost_usd=answer.cost_usd,
    )
    session.add(summary)
    await session.flush()
    return Compaction(summary, answer.prompt_tokens, answer.completion_tokens, answer.cost_usd)
