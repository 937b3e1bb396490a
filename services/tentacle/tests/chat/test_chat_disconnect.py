"""A person who drops the connection mid-reply loses nothing: the turn finishes on the server
and the whole reply (tool calls, results, answer) is stored. Served over real HTTP by uvicorn."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from chat_kit import SlowSearch, flux_request, has_tool_results
from fastapi import FastAPI
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from tentacle_testkit import Tokens, eventually

from tentacle.chat.runtime import ChatRuntime
from tentacle.inbox.models import Message


@pytest.fixture
async def served(tentacle_app: FastAPI) -> AsyncIterator[str]:
    """The running app behind a real uvicorn server on this event loop."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            tentacle_app, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    serving = asyncio.create_task(server.serve())
    await eventually(lambda: asyncio.sleep(0, result=server.started), timeout=10, interval=0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(serving, timeout=15)


async def test_a_dropped_client_still_gets_the_whole_reply_stored(
    served: str,
    tokens: Tokens,
    scripted: ScriptedLLM,
    chat_runtime: ChatRuntime,
    slow_search: SlowSearch,
) -> None:
    slow_search.calls.clear()
    slow_search.fail_with = None
    slow_search.delay = 1.5
    chat_runtime.search = slow_search.provider()
    scripted.reply("The forecast says sunshine all week.", when=has_tool_results)
    scripted.reply(
        "Checking the forecast.",
        tool_calls=[{"id": "w1", "name": "web_search", "arguments": {"query": "forecast"}}],
        when=flux_request,
    )
    caller = tokens.caller()

    seen: list[str] = []
    conversation_id: uuid.UUID | None = None
    async with (
        httpx.AsyncClient(base_url=served, timeout=120) as client,
        client.stream(
            "POST",
            "/api/v1/inbox/messages",
            json={"content": "will it rain this week?"},
            headers=caller.headers,
        ) as response,
    ):
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                seen.append(line[6:].strip())
            if line.startswith("data:") and conversation_id is None:
                conversation_id = uuid.UUID(json.loads(line[5:])["conversation_id"])
            if "tool_call.started" in seen:
                break  # the person closes the page while the tool runs
    assert conversation_id is not None
    assert "message.completed" not in seen
    # The search was still running when the client left.
    await eventually(lambda: asyncio.sleep(0, result=bool(slow_search.calls)), timeout=5)
    assert slow_search.calls[0].finished == 0.0

    async def reply_stored() -> list[Message] | None:
        async with chat_runtime.session_factory() as session:
            rows = list(
                await session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation_id)
                    .order_by(Message.position)
                )
            )
        return rows if rows and rows[-1].role == "assistant" and not rows[-1].tool_calls else None

    thread = await eventually(reply_stored, timeout=60)
    assert [(m.role, m.content) for m in thread if m.role != "tool"] == [
        ("user", "will it rain this week?"),
        ("assistant", "Checking the forecast."),
        ("assistant", "The forecast says sunshine all week."),
    ]
    tool = next(m for m in thread if m.role == "tool")
    assert tool.tool_call_id == "w1" and "example.org/forecast" in tool.content
    assert thread[-1].prompt_tokens > 0
    assert len(scripted.chat_requests()) == 2
    assert await chat_runtime.wait_idle(5)
    slow_search.delay = 0.6
