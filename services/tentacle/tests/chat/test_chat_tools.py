"""Flux's tools through a whole turn: independent calls run at the same time, a failing tool
becomes an explanation (never a stack trace), tasks are linked to the conversation, emails go
through Mimic as the person, and every call and result is stored in the thread."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chat_kit import (
    LocalServer,
    SlowSearch,
    conversation_of,
    flux_request,
    has_tool_results,
    named,
    post_chat,
)
from httpx import AsyncClient
from scripted_llm import ScriptedLLM, last_user_text
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tentacle_testkit import Tokens

from fluxkit.http import ServiceClient
from tentacle.chat.runtime import ChatRuntime
from tentacle.inbox.models import Message
from tentacle.tasks.models import Task


def last_user(body: dict[str, Any]) -> str:
    return last_user_text(body)


def last_tool_message_contents(body: dict[str, Any]) -> list[str]:
    return [str(m["content"]) for m in body["messages"] if m.get("role") == "tool"]


async def stored(runtime: ChatRuntime, conversation_id: uuid.UUID) -> list[Message]:
    async with runtime.session_factory() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.position)
        )
        return list(rows.all())


async def test_independent_tool_calls_run_concurrently_and_are_stored(
    live_client: AsyncClient,
    tokens: Tokens,
    scripted: ScriptedLLM,
    chat_runtime: ChatRuntime,
    slow_search: SlowSearch,
) -> None:
    slow_search.calls.clear()
    slow_search.fail_with = None
    chat_runtime.search = slow_search.provider()
    scripted.reply("Both searches are done: see example.org.", when=has_tool_results)
    scripted.reply(
        "Let me look both up.",
        tool_calls=[
            {"id": "call_tea", "name": "web_search", "arguments": {"query": "green tea"}},
            {"id": "call_coffee", "name": "web_search", "arguments": {"query": "coffee"}},
        ],
        when=flux_request,
    )
    caller = tokens.caller()

    events = await post_chat(live_client, caller, "compare tea and coffee")

    # Each search takes 0.6 s; one after the other, the pair would take 1.2 s.
    assert len(slow_search.calls) == 2
    first, second = sorted(slow_search.calls, key=lambda call: call.started)
    assert second.started < first.finished
    assert max(first.finished, second.finished) - first.started < 1.5 * slow_search.delay
    assert all(d["seconds"] >= slow_search.delay for d in named(events, "tool_call.finished"))
    names = [name for name, _ in events]
    started = [i for i, name in enumerate(names) if name == "tool_call.started"]
    finished = [i for i, name in enumerate(names) if name == "tool_call.finished"]
    assert len(started) == len(finished) == 2
    assert max(started) < min(finished)
    assert {d["name"] for d in named(events, "tool_call.started")} == {"web_search"}
    assert {d["arguments"]["query"] for d in named(events, "tool_call.started")} == {
        "green tea",
        "coffee",
    }
    assert all(d["ok"] for d in named(events, "tool_call.finished"))
    assert "results for 'coffee'" in " ".join(
        d["result"] for d in named(events, "tool_call.finished")
    )
    # The second call saw both results, tied to their calls.
    follow_up = scripted.chat_requests()[-1].body
    tool_messages = [m for m in follow_up["messages"] if m.get("role") == "tool"]
    assert {m["tool_call_id"] for m in tool_messages} == {"call_tea", "call_coffee"}
    assert any("example.org/green-tea" in m["content"] for m in tool_messages)

    thread = await stored(chat_runtime, conversation_of(events))
    assert [m.role for m in thread] == ["user", "assistant", "tool", "tool", "assistant"]
    assistant_call = thread[1]
    assert assistant_call.content == "Let me look both up."
    assert [call["name"] for call in assistant_call.tool_calls or []] == ["web_search"] * 2
    assert assistant_call.prompt_tokens > 0
    assert {m.tool_call_id for m in thread[2:4]} == {"call_tea", "call_coffee"}
    assert all((m.structured or {}).get("ok") for m in thread[2:4])
    final = thread[4]
    assert final.content == "Both searches are done: see example.org."
    completed = named(events, "message.completed")[0]
    assert completed["message_id"] == str(final.id)
    assert completed["usage"]["prompt_tokens"] == sum(m.prompt_tokens for m in thread)


async def test_failing_tools_give_flux_a_clear_error_to_explain(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    chat_runtime.search = None
    missing_task = uuid.uuid4()
    scripted.reply(
        "I could not find that task, and web search is not available here.",
        when=has_tool_results,
    )
    scripted.reply(
        tool_calls=[
            {"id": "c1", "name": "get_task_status", "arguments": {"task_id": str(missing_task)}},
            {"id": "c2", "name": "web_search", "arguments": {"query": "anything"}},
            {"id": "c3", "name": "get_task_status", "arguments": {"task_id": "not-a-uuid"}},
            {"id": "c4", "name": "launch_rocket", "arguments": {}},
            {"id": "c5", "name": "create_task", "arguments": "{not json"},
        ],
        when=flux_request,
    )
    caller = tokens.caller()

    events = await post_chat(live_client, caller, "how is my task going?")

    errors = {d["id"]: d["error"] for d in named(events, "tool_call.finished")}
    assert not any(d["ok"] for d in named(events, "tool_call.finished"))
    assert errors["c1"] == "NotFound: no such task"
    assert "web search is not configured" in errors["c2"]
    assert errors["c3"].startswith("invalid arguments: task_id")
    assert errors["c4"] == "there is no tool named 'launch_rocket'"
    assert "not valid JSON" in errors["c5"]
    for text in last_tool_message_contents(scripted.chat_requests()[-1].body):
        assert '"error"' in text
        assert "Traceback" not in text and 'File "' not in text
    completed = named(events, "message.completed")[0]
    assert completed["content"].startswith("I could not find that task")
    thread = await stored(chat_runtime, conversation_of(events))
    assert [(m.structured or {}).get("ok") for m in thread if m.role == "tool"] == [False] * 5


async def test_create_task_links_the_conversation_and_acts_as_the_person(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    scripted.reply("I started the task; I will report here.", when=has_tool_results)
    scripted.reply(
        tool_calls=[
            {
                "id": "mk",
                "name": "create_task",
                "arguments": {"goal": "Summarise the week's sales", "constraints": {"by": "fri"}},
            }
        ],
        when=flux_request,
    )
    caller = tokens.caller()

    events = await post_chat(live_client, caller, "summarise this week's sales")

    conversation_id = conversation_of(events)
    finished = named(events, "tool_call.finished")[0]
    assert finished["ok"], finished
    async with chat_runtime.session_factory() as session:
        task = await session.scalar(select(Task).where(Task.conversation_id == conversation_id))
    assert task is not None
    assert (task.goal, task.constraints) == ("Summarise the week's sales", {"by": "fri"})
    assert (task.organization_id, task.user_id) == (caller.organization_id, caller.user_id)
    assert task.status == "planning"
    tool_message = next(m for m in await stored(chat_runtime, conversation_id) if m.role == "tool")
    assert tool_message.task_id == task.id
    assert str(task.id) in tool_message.content

    # A viewer may read but not start tasks: the refusal is explained, nothing is created.
    scripted.reset()
    scripted.reply("You may not start tasks.", when=has_tool_results)
    scripted.reply(
        tool_calls=[{"id": "v", "name": "create_task", "arguments": {"goal": "x"}}],
        when=flux_request,
    )
    viewer = tokens.caller(organization_id=caller.organization_id, roles=("viewer",))
    refused = await post_chat(live_client, viewer, "start something")
    error = named(refused, "tool_call.finished")[0]["error"]
    assert error.startswith("Forbidden:")
    async with chat_runtime.session_factory() as session:
        count = len(list(await session.scalars(select(Task).where(Task.user_id == viewer.user_id))))
    assert count == 0


class FakeMimic:
    """The slice of Mimic's notifications API the tool uses, recording each call."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.sent: dict[str, dict[str, Any]] = {}
        self.server = LocalServer(
            Starlette(routes=[Route("/api/v1/notifications", self.notify, methods=["POST"])])
        )

    async def notify(self, request: Request) -> JSONResponse:
        body = await request.json()
        self.calls.append(
            {
                "body": body,
                "on_behalf_of": request.headers.get("x-fluxos-on-behalf-of"),
                "idempotency_key": request.headers.get("idempotency-key"),
            }
        )
        if body["to"] == ["blocked@example.com"]:
            return JSONResponse(
                {"error": "Suppressed", "detail": "the address is on the suppression list"},
                status_code=409,
            )
        key = request.headers["idempotency-key"]
        sent = self.sent.setdefault(key, {"id": str(uuid.uuid4()), "status": "queued"})
        return JSONResponse(sent, status_code=202)


@pytest.fixture(scope="module")
def fake_mimic() -> Iterator[FakeMimic]:
    mimic = FakeMimic()
    mimic.server.start()
    yield mimic
    mimic.server.stop()


async def test_send_notification_goes_through_mimic_as_the_person(
    live_client: AsyncClient,
    tokens: Tokens,
    scripted: ScriptedLLM,
    chat_runtime: ChatRuntime,
    fake_mimic: FakeMimic,
) -> None:
    chat_runtime.mimic = ServiceClient(fake_mimic.server.url, "flxs_tentacle-test")
    scripted.reply("Sent to Ada; the other address is suppressed.", when=has_tool_results)
    scripted.reply(
        tool_calls=[
            {
                "id": "n1",
                "name": "send_notification",
                "arguments": {"to": ["ada@example.com"], "subject": "Hi", "text": "Lunch?"},
            },
            {
                "id": "n2",
                "name": "send_notification",
                "arguments": {"to": ["blocked@example.com"], "subject": "Hi", "text": "Lunch?"},
            },
        ],
        when=flux_request,
    )
    caller = tokens.caller()

    events = await post_chat(live_client, caller, "yes, send both emails")

    results = {d["id"]: d for d in named(events, "tool_call.finished")}
    assert results["n1"]["ok"] and "queued" in results["n1"]["result"]
    assert not results["n2"]["ok"]
    assert "409" in results["n2"]["error"] and "suppression list" in results["n2"]["error"]
    call = next(c for c in fake_mimic.calls if c["body"]["to"] == ["ada@example.com"])
    assert call["on_behalf_of"] == f"{caller.user_id}:{caller.organization_id}"
    conversation_id = conversation_of(events)
    assert call["idempotency_key"] == f"chat:{conversation_id}:n1:notify"
    assert call["body"]["metadata"]["conversation_id"] == str(conversation_id)


async def test_turns_of_one_conversation_answer_their_own_message_in_order(
    live_client: AsyncClient,
    tokens: Tokens,
    scripted: ScriptedLLM,
    chat_runtime: ChatRuntime,
    slow_search: SlowSearch,
) -> None:
    slow_search.calls.clear()
    slow_search.fail_with = None
    chat_runtime.search = slow_search.provider()
    scripted.reply(
        "Answer one.",
        when=lambda body: has_tool_results(body) and "first question" in last_user(body),
    )
    scripted.reply("Answer two.", user_contains="second question")
    scripted.reply(
        tool_calls=[{"id": "s1", "name": "web_search", "arguments": {"query": "one"}}],
        user_contains="first question",
    )
    caller = tokens.caller()
    opening = await post_chat(live_client, caller, "/help")
    conversation_id = conversation_of(opening)

    async def second() -> list[tuple[str, dict[str, Any]]]:
        await asyncio.sleep(0.2)  # while the first turn waits for its search
        return await post_chat(live_client, caller, "second question", conversation_id)

    first_events, second_events = await asyncio.gather(
        post_chat(live_client, caller, "first question", conversation_id), second()
    )

    assert named(first_events, "message.completed")[0]["content"] == "Answer one."
    assert named(second_events, "message.completed")[0]["content"] == "Answer two."
    requests = scripted.chat_requests()
    assert len(requests) == 3
    for request in requests[:2]:
        assert "second question" not in str(request.body["messages"])
    last = requests[2].body["messages"]
    assert last[-1]["content"] == "second question"
    assert any(m.get("content") == "Answer one." for m in last)
    thread = await stored(chat_runtime, conversation_id)
    finals = [m.content for m in thread if m.role == "assistant" and not m.tool_calls]
    assert finals[-2:] == ["Answer one.", "Answer two."]
