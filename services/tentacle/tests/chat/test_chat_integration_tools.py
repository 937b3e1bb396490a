"""memory, integrations and create_triggered_task through a turn: memories stored by Flux are
found later, integrations are listed and used through Mimic as the person, and the triggered
task seed workflow uses the only integration, asks when there are several, says when none."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from chat_kit import LocalServer, flux_request, has_tool_results, named, post_chat
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tentacle_testkit import Tokens

from fluxkit.http import ServiceClient
from tentacle.chat.runtime import ChatRuntime
from tentacle.memory.models import Memory
from tentacle.triggers import mimic as triggers_mimic
from tentacle.triggers.models import Trigger

TOKEN = "flxs_tentacle-test"


class FakeIntegrations:
    """Mimic's integrations API as Tentacle uses it: list, read, send an action, read it."""

    def __init__(self) -> None:
        self.integrations: list[dict[str, Any]] = []
        self.actions: dict[str, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []
        base = "/api/v1/integrations"
        self.server = LocalServer(
            Starlette(
                routes=[
                    Route(base, self.list, methods=["GET"]),
                    Route(base + "/{id}", self.get, methods=["GET"]),
                    Route(base + "/{id}/actions", self.send, methods=["POST"]),
                    Route(base + "/{id}/actions/{action}", self.action, methods=["GET"]),
                ]
            )
        )

    def add(self, provider: str, name: str) -> str:
        identifier = str(uuid.uuid4())
        self.integrations.append(
            {"id": identifier, "provider": provider, "name": name, "enabled": True}
        )
        return identifier

    def _record(self, request: Request, body: Any = None) -> None:
        self.calls.append(
            {
                "method": request.method,
                "path": request.url.path,
                "on_behalf_of": request.headers.get("x-fluxos-on-behalf-of"),
                "body": body,
            }
        )

    async def list(self, request: Request) -> JSONResponse:
        self._record(request)
        return JSONResponse({"items": self.integrations})

    async def get(self, request: Request) -> JSONResponse:
        self._record(request)
        for item in self.integrations:
            if item["id"] == request.path_params["id"]:
                return JSONResponse(item)
        return JSONResponse({"error": "NotFound", "detail": "no such integration"}, 404)

    async def send(self, request: Request) -> JSONResponse:
        body = await request.json()
        self._record(request, body)
        action = self.actions.setdefault(
            body["idempotency_key"],
            {
                "id": str(uuid.uuid4()),
                "integration_id": request.path_params["id"],
                "action": body["action"],
                "status": "pending",
                "attempts": 0,
                "error": None,
            },
        )
        return JSONResponse(action, status_code=202)

    async def action(self, request: Request) -> JSONResponse:
        self._record(request)
        for item in self.actions.values():
            if item["id"] == request.path_params["action"]:
                return JSONResponse({**item, "status": "sent", "attempts": 1})
        return JSONResponse({"error": "NotFound", "detail": "no such action"}, 404)


@pytest.fixture(scope="module")
def fake_integrations() -> Iterator[FakeIntegrations]:
    fake = FakeIntegrations()
    fake.server.start()
    triggers_mimic.use_mimic(fake.server.url, TOKEN)
    yield fake
    triggers_mimic.use_mimic(None)
    fake.server.stop()


@pytest.fixture
def integrations(
    fake_integrations: FakeIntegrations, chat_runtime: ChatRuntime
) -> FakeIntegrations:
    fake_integrations.integrations.clear()
    fake_integrations.actions.clear()
    fake_integrations.calls.clear()
    chat_runtime.mimic = ServiceClient(fake_integrations.server.url, TOKEN)
    return fake_integrations


def one_tool_call(scripted: ScriptedLLM, name: str, arguments: dict[str, Any], answer: str) -> None:
    scripted.reset()
    scripted.reply(answer, when=has_tool_results)
    scripted.reply(
        tool_calls=[{"id": f"{name}-1", "name": name, "arguments": arguments}], when=flux_request
    )


async def test_flux_remembers_and_finds_it_again(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    caller = tokens.caller()
    one_tool_call(
        scripted,
        "memory",
        {
            "action": "store",
            "key": "preferences.drinks",
            "title": "Ada's drink",
            "body": "Ada drinks green tea, never coffee.",
            "tags": ["preferences"],
        },
        "I will remember that.",
    )
    stored = await post_chat(live_client, caller, "remember: I drink green tea, never coffee")
    assert named(stored, "tool_call.finished")[0]["ok"], stored
    async with chat_runtime.session_factory() as session:
        memory = await session.scalar(
            select(Memory).where(Memory.organization_id == caller.organization_id)
        )
    assert memory is not None
    assert (memory.key, memory.created_by_agent) == ("preferences.drinks", "flux")

    one_tool_call(
        scripted, "memory", {"action": "search", "query": "green tea"}, "You drink green tea."
    )
    found = await post_chat(live_client, caller, "what do I drink?")
    assert named(found, "tool_call.finished")[0]["ok"]
    result = next(
        m["content"]
        for m in scripted.chat_requests()[-1].body["messages"]
        if m.get("role") == "tool"
    )
    assert "preferences.drinks" in result and "never coffee" in result

    # Another organisation's Flux finds nothing of it.
    one_tool_call(scripted, "memory", {"action": "search", "query": "green tea"}, "Nothing.")
    await post_chat(live_client, tokens.caller(), "what do I drink?")
    result = next(
        m["content"]
        for m in scripted.chat_requests()[-1].body["messages"]
        if m.get("role") == "tool"
    )
    assert "preferences.drinks" not in result


async def test_integrations_are_listed_used_and_checked_as_the_person(
    live_client: AsyncClient,
    tokens: Tokens,
    scripted: ScriptedLLM,
    integrations: FakeIntegrations,
) -> None:
    caller = tokens.caller()
    slack = integrations.add("slack", "Team Slack")

    one_tool_call(scripted, "integrations", {"operation": "list"}, "You have Team Slack.")
    listed = await post_chat(live_client, caller, "which integrations do I have?")
    assert named(listed, "tool_call.finished")[0]["result"] == "1 integrations connected"

    one_tool_call(
        scripted,
        "integrations",
        {
            "operation": "send",
            "integration_id": slack,
            "action": "slack_message",
            "params": {"channel": "C123", "text": "Deploy done"},
        },
        "Posted.",
    )
    sent = await post_chat(live_client, caller, "yes, post 'Deploy done' to #C123")
    assert named(sent, "tool_call.finished")[0]["ok"]
    post = next(c for c in integrations.calls if c["method"] == "POST")
    assert post["on_behalf_of"] == f"{caller.user_id}:{caller.organization_id}"
    assert post["body"]["params"] == {"channel": "C123", "text": "Deploy done"}
    assert post["body"]["idempotency_key"].endswith(":integrations-1:integration")
    action_id = next(iter(integrations.actions.values()))["id"]

    one_tool_call(
        scripted,
        "integrations",
        {"operation": "status", "integration_id": slack, "action_id": action_id},
        "It was sent.",
    )
    status = await post_chat(live_client, caller, "did it go out?")
    assert named(status, "tool_call.finished")[0]["result"] == "action sent"

    one_tool_call(scripted, "integrations", {"operation": "send"}, "Which one?")
    refused = await post_chat(live_client, caller, "send it")
    assert "needs an integration_id" in named(refused, "tool_call.finished")[0]["error"]


async def test_triggered_task_uses_the_only_integration_asks_when_several_says_when_none(
    live_client: AsyncClient,
    tokens: Tokens,
    scripted: ScriptedLLM,
    chat_runtime: ChatRuntime,
    integrations: FakeIntegrations,
) -> None:
    caller = tokens.caller()
    arguments = {
        "name": "Answer research questions",
        "goal_template": "Research and answer: {{ event.data.text }}",
    }

    one_tool_call(scripted, "create_triggered_task", arguments, "Connect one first.")
    none = await post_chat(live_client, caller, "when someone asks on Discord, research it")
    assert named(none, "tool_call.finished")[0]["result"] == "no integration connected"
    tool_result = scripted.chat_requests()[-1].body["messages"][-1]["content"]
    assert "no_integrations" in tool_result and "connects" in tool_result

    discord = integrations.add("discord", "Community Discord")
    one_tool_call(scripted, "create_triggered_task", arguments, "Done.")
    created = await post_chat(live_client, caller, "when someone asks on Discord, research it")
    finished = named(created, "tool_call.finished")[0]
    assert finished["ok"], finished
    async with chat_runtime.session_factory() as session:
        rows = list(
            await session.scalars(
                select(Trigger).where(Trigger.organization_id == caller.organization_id)
            )
        )
    assert len(rows) == 1
    trigger = rows[0]
    assert str(trigger.integration_id) == discord
    assert (trigger.provider, trigger.response_type) == ("discord", "discord_followup")
    assert trigger.event_pattern == "discord.*"
    assert trigger.user_id == caller.user_id

    integrations.add("slack", "Team Slack")
    one_tool_call(scripted, "create_triggered_task", {**arguments, "name": "Second"}, "Which one?")
    several = await post_chat(live_client, caller, "and the same for the other one")
    assert named(several, "tool_call.finished")[0]["result"] == "2 integrations: which one?"
    tool_result = scripted.chat_requests()[-1].body["messages"][-1]["content"]
    assert "choose_integration" in tool_result and "Team Slack" in tool_result
