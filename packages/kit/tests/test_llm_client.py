"""LLMClient against a real OpenAI-compatible HTTP server (the scripted LLM in tests/fakes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic_settings import SettingsConfigDict
from scripted_llm import TINY_PNG, ScriptedLLM

from fluxkit.llm import (
    ContextOverflow,
    LLMClient,
    LLMRequestRejected,
    LLMSettings,
    LLMUnavailable,
)

PLAN_SCHEMA = {
    "type": "object",
    "properties": {"steps": {"type": "array", "items": {"type": "string"}}},
    "required": ["steps"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as llm:
        yield llm


@pytest.fixture
def llm(server: ScriptedLLM) -> Iterator[ScriptedLLM]:
    server.reset()
    yield server
    server.reset()


def client_for(llm: ScriptedLLM, **overrides: object) -> LLMClient:
    values: dict[str, object] = {
        "llm_model": "openai/gpt-4o-mini",
        "llm_api_base": llm.base_url,
        "llm_retry_base_seconds": 0.01,
        "llm_retry_max_seconds": 0.05,
        "llm_max_retries": 2,
    }
    values.update(overrides)
    return LLMClient(LLMSettings(**values))  # type: ignore[arg-type]


async def test_schema_answer_is_parsed_and_priced_from_the_litellm_price_map(
    llm: ScriptedLLM,
) -> None:
    llm.reply(
        json={"steps": ["a", "b"]},
        schema_name="plan",
        usage={"prompt_tokens": 1000, "completion_tokens": 1000, "total_tokens": 2000},
    )
    result = await client_for(llm).complete(
        [{"role": "system", "content": "plan it"}, {"role": "user", "content": "goal"}],
        role="planner",
        response_schema=PLAN_SCHEMA,
        schema_name="plan",
    )
    assert result.parsed == {"steps": ["a", "b"]}
    assert result.usage_known
    assert (result.prompt_tokens, result.completion_tokens) == (1000, 1000)
    # gpt-4o-mini: $0.15 per 1M prompt tokens, $0.60 per 1M completion tokens.
    assert result.cost_usd == pytest.approx(0.00075)
    sent = llm.chat_requests()[0].body
    assert sent["model"] == "gpt-4o-mini"
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "plan"
    assert sent["response_format"]["json_schema"]["schema"] == PLAN_SCHEMA


async def test_unknown_model_is_priced_from_the_configured_prices(llm: ScriptedLLM) -> None:
    llm.reply(
        "hello", usage={"prompt_tokens": 2000, "completion_tokens": 500, "total_tokens": 2500}
    )
    client = client_for(
        llm,
        llm_model="openai/house-model",
        llm_prompt_cost_per_1k=0.01,
        llm_completion_cost_per_1k=0.02,
    )
    result = await client.complete([{"role": "user", "content": "hi"}], role="fast")
    assert result.content == "hello"
    assert result.cost_usd == pytest.approx(0.02 + 0.01)


async def test_missing_usage_is_charged_at_the_max_tokens_ceiling(llm: ScriptedLLM) -> None:
    llm.reply("no usage reported", omit_usage=True)
    client = client_for(llm, llm_model="openai/house-model", llm_completion_cost_per_1k=1.0)
    result = await client.complete(
        [{"role": "user", "content": "hi"}], role="standard", max_tokens=300
    )
    assert not result.usage_known
    assert result.completion_tokens == 300
    assert result.cost_usd >= 0.3


async def test_rate_limit_is_retried_then_answers(llm: ScriptedLLM) -> None:
    llm.fail(429, times=2)
    llm.reply("after the storm")
    result = await client_for(llm).complete([{"role": "user", "content": "x"}], role="fast")
    assert result.content == "after the storm"
    assert result.attempts == 3
    assert len(llm.chat_requests()) == 3


async def test_failing_model_falls_back_to_the_next(llm: ScriptedLLM) -> None:
    llm.fail(500, model="gpt-4o-mini")
    llm.reply("from the backup", model="backup")
    client = client_for(llm, llm_fallback_models=["openai/backup"], llm_max_retries=1)
    result = await client.complete([{"role": "user", "content": "x"}], role="standard")
    assert result.content == "from the backup"
    assert result.model == "openai/backup"
    assert [r.body["model"] for r in llm.chat_requests()] == [
        "gpt-4o-mini",
        "gpt-4o-mini",
        "backup",
    ]


async def test_every_model_failing_raises_unavailable(llm: ScriptedLLM) -> None:
    llm.fail(503)
    client = client_for(llm, llm_fallback_models=["openai/backup"], llm_max_retries=1)
    with pytest.raises(LLMUnavailable):
        await client.complete([{"role": "user", "content": "x"}], role="standard")
    assert len(llm.chat_requests()) == 4


async def test_context_overflow_is_its_own_error_and_not_retried(llm: ScriptedLLM) -> None:
    llm.context_overflow()
    with pytest.raises(ContextOverflow):
        await client_for(llm).complete([{"role": "user", "content": "x" * 100}], role="fast")
    assert len(llm.chat_requests()) == 1


async def test_bad_request_is_rejected_without_retry(llm: ScriptedLLM) -> None:
    llm.fail(400, message="unsupported parameter")
    with pytest.raises(LLMRequestRejected):
        await client_for(llm).complete([{"role": "user", "content": "x"}], role="fast")
    assert len(llm.chat_requests()) == 1


async def test_role_models_route_requests(llm: ScriptedLLM) -> None:
    llm.reply("planned", model="big")
    llm.reply("quick", model="small")
    client = client_for(llm, llm_planner_model="openai/big", llm_fast_model="openai/small")
    assert (await client.complete([{"role": "user", "content": "a"}], role="planner")).content == (
        "planned"
    )
    assert (await client.complete([{"role": "user", "content": "a"}], role="fast")).content == (
        "quick"
    )


async def test_tool_calls_are_returned_decoded(llm: ScriptedLLM) -> None:
    llm.reply(tool_calls=[{"name": "lookup", "arguments": {"q": "acme"}}])
    tools = [
        {
            "type": "function",
            "function": {
                "name": "lookup",
                "parameters": {"type": "object", "properties": {"q": {"type": "string"}}},
            },
        }
    ]
    result = await client_for(llm).complete(
        [{"role": "user", "content": "find acme"}], role="standard", tools=tools
    )
    assert [(c.name, c.arguments) for c in result.tool_calls] == [("lookup", {"q": "acme"})]
    assert llm.chat_requests()[0].body["tools"][0]["function"]["name"] == "lookup"


async def test_stream_yields_deltas_and_totals(llm: ScriptedLLM) -> None:
    text = "a streamed answer that spans several chunks"
    llm.reply(text, usage={"prompt_tokens": 10, "completion_tokens": 9, "total_tokens": 19})
    deltas = [
        d async for d in client_for(llm).stream([{"role": "user", "content": "go"}], role="flux")
    ]
    assert len(deltas) > 3
    assert "".join(d.content for d in deltas) == text
    final = deltas[-1].result
    assert final is not None
    assert final.content == text
    assert (final.prompt_tokens, final.completion_tokens, final.usage_known) == (10, 9, True)


async def test_image_generation_returns_bytes(llm: ScriptedLLM) -> None:
    result = await client_for(llm, llm_image_model="openai/dall-e-3").image("a cat", n=2)
    assert result.images == [TINY_PNG, TINY_PNG]
    assert llm.requests[0].path == "/v1/images/generations"
    assert llm.requests[0].body["prompt"] == "a cat"


def test_estimate_reserves_the_whole_completion_allowance(llm: ScriptedLLM) -> None:
    client = client_for(llm, llm_fallback_models=["openai/gpt-4o"])
    estimate = client.estimate(
        [{"role": "user", "content": "hello"}], role="planner", max_tokens=1000
    )
    assert estimate.tokens >= 1000
    # The dearer fallback sets the ceiling.
    assert estimate.model == "openai/gpt-4o"
    assert estimate.cost_usd >= client.price("openai/gpt-4o", 0, 1000)


class PrefixedSettings(LLMSettings):
    model_config = SettingsConfigDict(env_prefix="SAMPLE_", extra="ignore")


def test_settings_read_platform_names_and_role_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_MODEL", "openai/platform")
    monkeypatch.setenv("LLM_FALLBACK_MODELS", "openai/one, openai/two")
    monkeypatch.setenv("SAMPLE_LLM_PLANNER_MODEL", "openai/planner")
    settings = PrefixedSettings()
    assert settings.model_for("fast") == "openai/platform"
    assert settings.model_for("planner") == "openai/planner"
    assert settings.models_for("planner") == ["openai/planner", "openai/one", "openai/two"]
    monkeypatch.setenv("SAMPLE_LLM_MODEL", "openai/prefixed")
    assert PrefixedSettings().model_for("fast") == "openai/prefixed"
