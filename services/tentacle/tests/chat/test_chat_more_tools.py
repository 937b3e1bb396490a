"""The remaining tools through a turn (checkpoint decisions, workspace queries, capabilities,
drafting an agent) and the bound on tool rounds."""

from __future__ import annotations

import uuid
from typing import Any

from chat_kit import flux_request, has_tool_results, named, post_chat
from checkpoint_testkit import agent, make_task
from httpx import AsyncClient
from scripted_llm import ScriptedLLM
from sqlalchemy import select
from tentacle_testkit import Caller, Tokens

from fluxkit.db import unit_of_work
from tentacle.budgets.models import BudgetEntry
from tentacle.chat.runtime import ChatRuntime
from tentacle.chat.service import LAST_ROUND_NOTE
from tentacle.checkpoints.models import Checkpoint
from tentacle.checkpoints.service import gate_step
from tentacle.workspace.service import Author, create_object


def one_tool_call(scripted: ScriptedLLM, name: str, arguments: dict[str, Any], answer: str) -> None:
    scripted.reset()
    scripted.reply(answer, when=has_tool_results)
    scripted.reply(
        tool_calls=[{"id": f"{name}-1", "name": name, "arguments": arguments}], when=flux_request
    )


def tool_result(scripted: ScriptedLLM) -> str:
    messages = scripted.chat_requests()[-1].body["messages"]
    return next(str(m["content"]) for m in reversed(messages) if m.get("role") == "tool")


async def pending_checkpoint(runtime: ChatRuntime, caller: Caller) -> uuid.UUID:
    async with unit_of_work(runtime.session_factory) as session:
        task, (step,) = await make_task(
            session, organization_id=caller.organization_id, user_id=caller.user_id, steps=[{}]
        )
        checkpoint = await gate_step(session, task=task, step=step, agent=agent(risk_level="pay"))
        assert checkpoint is not None
        return checkpoint.id


async def test_approve_checkpoint_decides_as_the_person_once(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    caller = tokens.caller()
    checkpoint_id = await pending_checkpoint(chat_runtime, caller)
    arguments = {"checkpoint_id": str(checkpoint_id), "decision": "reject", "reason": "too dear"}

    one_tool_call(scripted, "approve_checkpoint", arguments, "Rejected.")
    decided = await post_chat(live_client, caller, "reject it, too expensive")
    assert named(decided, "tool_call.finished")[0]["result"] == (
        f"checkpoint {checkpoint_id} rejected"
    )
    async with chat_runtime.session_factory() as session:
        checkpoint = await session.get(Checkpoint, checkpoint_id)
    assert checkpoint is not None
    assert checkpoint.status == "rejected"
    assert checkpoint.resolved_by_user_id == caller.user_id
    assert checkpoint.resolution["reason"] == "too dear"

    one_tool_call(scripted, "approve_checkpoint", {**arguments, "decision": "approve"}, "Too late.")
    again = await post_chat(live_client, caller, "actually approve it")
    assert named(again, "tool_call.finished")[0]["error"].startswith("CheckpointAlreadyResolved")

    stranger = tokens.caller()
    other = await pending_checkpoint(chat_runtime, caller)
    one_tool_call(
        scripted,
        "approve_checkpoint",
        {"checkpoint_id": str(other), "decision": "approve"},
        "Not yours.",
    )
    refused = await post_chat(live_client, stranger, "approve it")
    assert named(refused, "tool_call.finished")[0]["error"] == "NotFound: no such checkpoint"


async def test_workspace_query_reads_the_organisations_objects_only(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    caller, stranger = tokens.caller(), tokens.caller()
    async with unit_of_work(chat_runtime.session_factory) as session:
        for who, city in ((caller, "Lyon"), (caller, "Paris"), (stranger, "Lyon")):
            await create_object(
                session,
                who.organization_id,
                Author("user", who.user_id),
                "contact",
                {"name": f"someone in {city}", "city": city},
                ["client"],
            )
    one_tool_call(
        scripted,
        "workspace_query",
        {"target": "objects", "type": "contact", "where": {"city": {"$eq": "Lyon"}}},
        "One contact in Lyon.",
    )

    events = await post_chat(live_client, caller, "who are my contacts in Lyon?")

    assert named(events, "tool_call.finished")[0]["result"] == "1 objects found"
    result = tool_result(scripted)
    assert "someone in Lyon" in result and "Paris" not in result

    one_tool_call(
        scripted,
        "workspace_query",
        {"target": "objects", "where": {"city": {"$regexp": "x"}}},
        "That filter is wrong.",
    )
    bad = await post_chat(live_client, caller, "query with a typo")
    assert "$regexp" in named(bad, "tool_call.finished")[0]["error"]


async def test_task_capabilities_lists_the_agent_registry(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM
) -> None:
    one_tool_call(scripted, "task_capabilities", {}, "Tasks can search, write and notify.")
    events = await post_chat(live_client, tokens.caller(), "what can tasks do?")
    assert named(events, "tool_call.finished")[0]["ok"]
    result = tool_result(scripted)
    assert '"type": "notify"' in result and '"risk_level": "send"' in result

    one_tool_call(scripted, "task_capabilities", {"agent_type": "notify"}, "Notify needs to.")
    await post_chat(live_client, tokens.caller(), "what does notify take?")
    assert '"input_schema"' in tool_result(scripted)


DRAFT = {
    "type": "haiku_writer",
    "description": "Writes a haiku about a topic.",
    "input_schema": {
        "type": "object",
        "properties": {"topic": {"type": "string"}},
        "required": ["topic"],
    },
    "output_schema": {
        "type": "object",
        "properties": {"haiku": {"type": "string"}},
        "required": ["haiku"],
    },
    "prompt": "Write a haiku about {{topic}}.",
    "model_tier": "fast",
}


async def test_create_agent_is_for_owners_and_its_draft_is_budgeted(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    owner = tokens.caller()
    arguments = {"description": "an agent that writes a haiku about any topic"}
    one_tool_call(scripted, "create_agent", arguments, "The haiku writer is ready.")
    scripted.reply(json=DRAFT, schema_name="agent_draft")

    events = await post_chat(live_client, owner, "create a haiku agent")

    finished = named(events, "tool_call.finished")[0]
    assert finished["ok"], finished
    assert finished["result"] == "agent haiku_writer v1 created"
    async with chat_runtime.session_factory() as session:
        kinds = list(
            await session.scalars(
                select(BudgetEntry.agent_type).where(
                    BudgetEntry.organization_id == owner.organization_id
                )
            )
        )
    assert sorted(kinds) == ["create_agent", "flux", "flux"]

    member = tokens.caller(organization_id=owner.organization_id, roles=("member",))
    one_tool_call(scripted, "create_agent", arguments, "Ask an admin.")
    refused = await post_chat(live_client, member, "create a haiku agent")
    assert "owners and admins" in named(refused, "tool_call.finished")[0]["error"]


async def test_tool_rounds_are_bounded_then_flux_must_answer(
    live_client: AsyncClient, tokens: Tokens, scripted: ScriptedLLM, chat_runtime: ChatRuntime
) -> None:
    chat_runtime.settings = chat_runtime.settings.model_copy(update={"chat_max_tool_rounds": 2})
    scripted.reply("Here is what I found so far.", when=lambda body: "tools" not in body)
    scripted.reply(tool_calls=[{"name": "task_capabilities", "arguments": {}}], when=flux_request)

    events = await post_chat(live_client, tokens.caller(), "keep looking forever")

    requests = scripted.chat_requests()
    assert ["tools" in r.body for r in requests] == [True, True, False]
    assert LAST_ROUND_NOTE in str(requests[-1].body["messages"][-1]["content"])
    assert len(named(events, "tool_call.started")) == 2
    assert named(events, "message.completed")[0]["content"] == "Here is what I found so far."
