"""Flux over HTTP: the reply streams token by token, everything is stored in the thread with
its usage and cost, the system prompt carries the person's state, slash commands need no model,
budgets stop calls before they happen, and another organisation's conversation is a 404."""

from __future__ import annotations

import uuid

from chat_kit import conversation_of, flux_request, named, post_chat
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from tentacle_testkit import Tokens, start_plan

from fluxkit.db import unit_of_work
from fluxkit.llm import LLMClient
from tentacle.budgets.models import BudgetEntry, BudgetLimit, BudgetScope
from tentacle.chat.runtime import ChatRuntime
from tentacle.checkpoints.service import create_checkpoint
from tentacle.inbox.models import Message
from tentacle.tasks.models import Task

REPLY = "Hello! I can plan tasks, search the web and keep track of your approvals."


async def thread(runtime: ChatRuntime, conversation_id: uuid.UUID) -> list[Message]:
    async with runtime.session_factory() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.position)
        )
        return list(rows.all())


async def test_reply_streams_token_by_token_and_is_stored_with_usage_and_cost(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    chat_runtime.llm = LLMClient(
        chat_runtime.settings.model_copy(
            update={"llm_prompt_cost_per_1k": 0.01, "llm_completion_cost_per_1k": 0.03}
        )
    )
    scripted.reply(REPLY, when=flux_request)
    caller = tokens.caller()

    events = await post_chat(live_client, caller, "hi Flux, what can you do?")

    names = [name for name, _ in events]
    assert names[0] == "message.started"
    assert names[-1] == "message.completed"
    deltas = [data["delta"] for data in named(events, "token")]
    assert len(deltas) > 3
    assert "".join(deltas) == REPLY
    conversation_id = conversation_of(events)
    assert events[0][1]["conversation_created"] is True
    completed = named(events, "message.completed")[0]
    assert completed["content"] == REPLY
    assert completed["usage"]["prompt_tokens"] > 0
    assert completed["usage"]["completion_tokens"] > 0
    assert completed["cost_usd"] > 0

    stored = await thread(chat_runtime, conversation_id)
    assert [(m.role, m.content) for m in stored] == [
        ("user", "hi Flux, what can you do?"),
        ("assistant", REPLY),
    ]
    reply = stored[1]
    assert str(reply.id) == completed["message_id"]
    assert reply.agent_id == "flux"
    assert reply.prompt_tokens == completed["usage"]["prompt_tokens"]
    assert reply.completion_tokens == completed["usage"]["completion_tokens"]
    assert abs(reply.cost_usd - completed["cost_usd"]) < 1e-9

    # The call was reserved then settled on the organisation's budget ledger.
    async with chat_runtime.session_factory() as session:
        entries = list(
            await session.scalars(
                select(BudgetEntry).where(BudgetEntry.organization_id == caller.organization_id)
            )
        )
    assert [(e.agent_type, e.status) for e in entries] == [("flux", "settled")]
    assert entries[0].tokens == reply.prompt_tokens + reply.completion_tokens


async def test_follow_up_goes_to_the_same_thread_with_the_history(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    scripted.reply("Your name is Ada.", user_contains="my name")
    scripted.reply("Nice to meet you, Ada.", when=flux_request)
    caller = tokens.caller()
    first = await post_chat(live_client, caller, "I am Ada")
    conversation_id = conversation_of(first)

    second = await post_chat(live_client, caller, "what is my name?", conversation_id)

    assert second[0][1]["conversation_created"] is False
    assert named(second, "message.completed")[0]["content"] == "Your name is Ada."
    sent = scripted.chat_requests()[-1].body["messages"]
    assert [(m["role"], m["content"]) for m in sent[1:]] == [
        ("user", "I am Ada"),
        ("assistant", "Nice to meet you, Ada."),
        ("user", "what is my name?"),
    ]
    assert [m.position for m in await thread(chat_runtime, conversation_id)] == [1, 2, 3, 4]


async def test_system_prompt_is_filled_with_tools_world_state_and_conversation_tasks(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    scripted.reply("Here is where things stand.", when=flux_request)
    caller = tokens.caller()
    first = await post_chat(live_client, caller, "/help")
    conversation_id = conversation_of(first)
    # An unrelated active task with a checkpoint waiting, and a task of this conversation.
    other_task = await start_plan(
        chat_runtime.session_factory, caller, [], goal="Compile the quarterly report", enqueue=False
    )
    async with unit_of_work(chat_runtime.session_factory) as session:
        task = await session.get(Task, other_task)
        assert task is not None
        task.status = "executing"
        checkpoint = await create_checkpoint(
            session,
            task=task,
            step=None,
            kind="approval",
            preview={"to": "board@example.com"},
            reason="Send the report to the board",
            explicit=True,
            expires_in=None,
        )
        session.add(
            Task(
                id=uuid.uuid4(),
                organization_id=caller.organization_id,
                user_id=caller.user_id,
                conversation_id=conversation_id,
                goal="Book the team offsite venue",
                constraints={},
                budget={},
                status="executing",
            )
        )
    # Another organisation's task must not leak into the prompt.
    stranger = tokens.caller()
    await start_plan(
        chat_runtime.session_factory, stranger, [], goal="Stranger's secret plan", enqueue=False
    )

    await post_chat(live_client, caller, "where are we?", conversation_id)

    system = scripted.chat_requests()[-1].system
    assert "{{" not in system
    assert "You are Flux" in system
    assert "`create_task(goal" in system and "`web_search(query" in system
    assert "Compile the quarterly report" in system
    assert f"checkpoint {checkpoint.id}" in system
    assert "Send the report to the board" in system
    tasks_section = system.split("Tasks started from this conversation:")[1]
    assert "Book the team offsite venue" in tasks_section
    assert "quarterly report" not in tasks_section
    assert "Stranger's secret plan" not in system


async def test_slash_commands_answer_without_any_model_call(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    caller = tokens.caller()
    await start_plan(
        chat_runtime.session_factory, caller, [], goal="Translate the handbook", enqueue=False
    )

    help_events = await post_chat(live_client, caller, "/help")
    conversation_id = conversation_of(help_events)
    status = await post_chat(live_client, caller, "/status", conversation_id)
    recent = await post_chat(live_client, caller, "/tasks", conversation_id)
    new = await post_chat(live_client, caller, "/new", conversation_id)
    unknown = await post_chat(live_client, caller, "/frobnicate", conversation_id)

    assert scripted.chat_requests() == []
    assert "/status" in named(help_events, "message.completed")[0]["content"]
    status_text = named(status, "message.completed")[0]["content"]
    assert "Active tasks (1)" in status_text and "Translate the handbook" in status_text
    assert "Translate the handbook" in named(recent, "message.completed")[0]["content"]
    created = named(new, "conversation.created")[0]["conversation_id"]
    assert created != str(conversation_id)
    assert "no command `/frobnicate`" in named(unknown, "message.completed")[0]["content"]
    # The new conversation is the person's own and usable at once.
    again = await post_chat(live_client, caller, "/help", created)
    assert conversation_of(again) == uuid.UUID(created)
    stored = await thread(chat_runtime, conversation_id)
    assert [m.role for m in stored] == ["user", "assistant"] * 5
    assert all(m.prompt_tokens == 0 and m.cost_usd == 0 for m in stored)


async def test_over_budget_no_call_is_made_and_the_person_is_told(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    scripted.reply("should never be sent", when=flux_request)
    caller = tokens.caller()
    async with unit_of_work(chat_runtime.session_factory) as session:
        session.add(
            BudgetLimit(
                organization_id=caller.organization_id,
                scope=BudgetScope.ORGANIZATION_DAY,
                agent_type="",
                max_tokens=50,
            )
        )

    events = await post_chat(live_client, caller, "write me a long poem")

    assert scripted.chat_requests() == []
    assert named(events, "token") == []
    error = named(events, "error")[0]
    assert error["error"] == "BudgetExceeded"
    assert "budget" in error["detail"] and "organization daily" in error["detail"]
    stored = await thread(chat_runtime, conversation_of(events))
    assert [(m.role, m.structured) for m in stored] == [
        ("user", None),
        ("assistant", {"type": "chat_error", "error": "BudgetExceeded"}),
    ]
    assert str(stored[1].id) == error["message_id"]


async def test_another_organisations_conversation_is_not_found(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM
) -> None:
    owner = tokens.caller()
    events = await post_chat(live_client, owner, "/help")
    conversation_id = conversation_of(events)
    stranger = tokens.caller()
    colleague = tokens.caller(organization_id=owner.organization_id, roles=("member",))

    for intruder in (stranger, colleague):
        response = await live_client.post(
            f"/api/v1/inbox/conversations/{conversation_id}/messages",
            json={"content": "hello?"},
            headers=intruder.headers,
        )
        assert response.status_code == 404
        assert response.json()["error"] == "ConversationNotFound"
    missing = await live_client.post(
        f"/api/v1/inbox/conversations/{uuid.uuid4()}/messages",
        json={"content": "hello?"},
        headers=owner.headers,
    )
    assert missing.status_code == 404
    assert scripted.chat_requests() == []


async def test_bad_input_is_a_clear_4xx(live_client: AsyncClient, tokens: Tokens) -> None:
    caller = tokens.caller()
    empty = await live_client.post(
        "/api/v1/inbox/messages", json={"content": ""}, headers=caller.headers
    )
    assert empty.status_code == 422
    assert empty.json()["error"] == "ValidationError"
    extra = await live_client.post(
        "/api/v1/inbox/messages", json={"content": "hi", "role": "system"}, headers=caller.headers
    )
    assert extra.status_code == 422
    anonymous = await live_client.post("/api/v1/inbox/messages", json={"content": "hi"})
    assert anonymous.status_code == 401


async def test_an_unavailable_model_is_explained_and_its_reservation_released(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    scripted.fail(503, when=flux_request)
    caller = tokens.caller()

    events = await post_chat(live_client, caller, "are you there?")

    assert named(events, "token") == []
    error = named(events, "error")[0]
    assert error["error"] == "LLMUnavailable"
    assert "try again" in error["detail"] and "Traceback" not in error["detail"]
    stored = await thread(chat_runtime, conversation_of(events))
    assert stored[-1].content == error["detail"]
    async with chat_runtime.session_factory() as session:
        statuses = list(
            await session.scalars(
                select(BudgetEntry.status).where(
                    BudgetEntry.organization_id == caller.organization_id
                )
            )
        )
    assert statuses == ["released"]
