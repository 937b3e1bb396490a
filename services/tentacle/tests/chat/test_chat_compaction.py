"""Long conversations stay within the model's context: older turns are folded into a stored
summary that later turns reuse, and a context-overflow answer from the provider triggers a
compaction and exactly one retry."""

from __future__ import annotations

import uuid
from typing import Any

from chat_kit import conversation_of, named, post_chat
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from tentacle_testkit import Caller, Tokens

from fluxkit.db import unit_of_work
from tentacle.chat.compaction import SUMMARY_PROMPT
from tentacle.chat.models import ConversationSummary
from tentacle.chat.runtime import ChatRuntime
from tentacle.inbox import service as inbox
from tentacle.inbox.models import Conversation, Message

SUMMARY = "SUMMARY: Ada prefers green tea and owns task T-1."
SUMMARY_MARK = SUMMARY_PROMPT[:40]


def is_summary(body: dict[str, Any]) -> bool:
    return any(SUMMARY_MARK in str(m.get("content")) for m in body.get("messages", []))


def is_flux(body: dict[str, Any]) -> bool:
    return any("You are Flux" in str(m.get("content")) for m in body.get("messages", []))


async def long_conversation(
    runtime: ChatRuntime, caller: Caller, exchanges: int, words: int = 120
) -> uuid.UUID:
    """A thread of ``exchanges`` question/answer pairs written straight to the inbox."""
    from fluxkit.auth import Principal

    principal = Principal(
        kind="user",
        user_id=caller.user_id,
        organization_id=caller.organization_id,
        roles=frozenset({"owner"}),
    )
    async with unit_of_work(runtime.session_factory) as session:
        conversation = await inbox.create_conversation(session, principal, title="long")
        for index in range(exchanges):
            filler = " ".join(f"word{index}" for _ in range(words))
            await inbox.append_message(
                session, conversation, role="user", content=f"question {index}: {filler}"
            )
            await inbox.append_message(
                session,
                conversation,
                role="assistant",
                agent_id="flux",
                content=f"answer {index}: {filler}",
            )
        return conversation.id


async def summaries(runtime: ChatRuntime, conversation_id: uuid.UUID) -> list[ConversationSummary]:
    async with runtime.session_factory() as session:
        rows = await session.scalars(
            select(ConversationSummary)
            .where(ConversationSummary.conversation_id == conversation_id)
            .order_by(ConversationSummary.through_position)
        )
        return list(rows.all())


async def test_older_turns_are_summarised_and_the_summary_is_reused(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    chat_runtime.settings = chat_runtime.settings.model_copy(
        update={"chat_context_tokens": 2_500, "chat_keep_recent_messages": 4}
    )
    scripted.reply(SUMMARY, when=is_summary)
    scripted.reply("You prefer green tea.", when=is_flux)
    caller = tokens.caller()
    conversation_id = await long_conversation(chat_runtime, caller, exchanges=12, words=40)

    events = await post_chat(live_client, caller, "what do I drink?", conversation_id)

    assert named(events, "message.completed")[0]["content"] == "You prefer green tea."
    requests = scripted.chat_requests()
    assert [is_summary(r.body) for r in requests] == [True, False]
    folded = requests[0].last_user
    assert "question 0:" in folded and "answer 7:" in folded
    assert len(folded) < 2_500 * 3 + 500  # the summary request is held to the context size
    stored = await summaries(chat_runtime, conversation_id)
    assert len(stored) == 1
    assert stored[0].summary == SUMMARY
    # Messages 1..through_position are folded; the kept ones start at a question.
    assert stored[0].through_position == stored[0].message_count
    flux = requests[1].body["messages"]
    texts = [str(m["content"]) for m in flux]
    assert any(SUMMARY in text for text in texts if text.startswith("Summary of the earlier"))
    assert not any(text.startswith("question 0:") for text in texts)
    assert texts[-1] == "what do I drink?"
    kept = [m for m in flux if m["role"] in ("user", "assistant")]
    assert kept[0]["role"] == "user"
    assert len(kept) <= 5
    # The compaction call and the answer are both in the turn's usage.
    completed = named(events, "message.completed")[0]
    async with chat_runtime.session_factory() as session:
        reply = await session.get(Message, uuid.UUID(completed["message_id"]))
    assert reply is not None and reply.prompt_tokens > 0 and stored[0].prompt_tokens > 0
    assert completed["usage"]["prompt_tokens"] == reply.prompt_tokens + stored[0].prompt_tokens

    # The next turn reuses the stored summary instead of summarising again.
    scripted.reset()
    scripted.reply(SUMMARY + " (again)", when=is_summary)
    scripted.reply("Still green tea.", when=is_flux)
    again = await post_chat(live_client, caller, "and tomorrow?", conversation_id)
    assert named(again, "message.completed")[0]["content"] == "Still green tea."
    assert [is_summary(r.body) for r in scripted.chat_requests()] == [False]
    assert SUMMARY in scripted.chat_requests()[0].system
    assert len(await summaries(chat_runtime, conversation_id)) == 1


async def test_context_overflow_compacts_and_retries_once(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    chat_runtime.settings = chat_runtime.settings.model_copy(
        update={"chat_context_tokens": 1_000_000, "chat_keep_recent_messages": 4}
    )
    scripted.context_overflow(when=is_flux, times=1)
    scripted.reply(SUMMARY, when=is_summary)
    scripted.reply("Answered after compaction.", when=is_flux)
    caller = tokens.caller()
    conversation_id = await long_conversation(chat_runtime, caller, exchanges=4, words=20)

    events = await post_chat(live_client, caller, "one more thing", conversation_id)

    assert named(events, "error") == []
    assert named(events, "message.completed")[0]["content"] == "Answered after compaction."
    requests = scripted.chat_requests()
    assert [("summary" if is_summary(r.body) else "flux") for r in requests] == [
        "flux",
        "summary",
        "flux",
    ]
    assert requests[0].rule is not None and requests[0].rule.status == 400
    assert SUMMARY in requests[2].system
    assert len(requests[2].body["messages"]) < len(requests[0].body["messages"])
    assert len(await summaries(chat_runtime, conversation_id)) == 1


async def test_a_second_overflow_is_explained_not_retried_forever(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    scripted.context_overflow(when=is_flux)
    scripted.reply(SUMMARY, when=is_summary)
    caller = tokens.caller()
    conversation_id = await long_conversation(chat_runtime, caller, exchanges=4, words=20)

    events = await post_chat(live_client, caller, "and now?", conversation_id)

    error = named(events, "error")[0]
    assert error["error"] == "ContextOverflow"
    assert "/new" in error["detail"]
    kinds = ["summary" if is_summary(r.body) else "flux" for r in scripted.chat_requests()]
    assert kinds == ["flux", "summary", "flux"]
    async with chat_runtime.session_factory() as session:
        conversation = await session.get(Conversation, conversation_of(events))
        assert conversation is not None
        assert conversation.last_message_preview.startswith("This conversation is too long")
