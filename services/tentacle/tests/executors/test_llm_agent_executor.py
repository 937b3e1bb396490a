"""The generic LLM agent against the scripted OpenAI-compatible server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from executor_kit import context
from scripted_llm import ScriptedLLM

from fluxkit.llm import LLMClient
from tentacle.executors import PermanentStepError, TransientStepError, get_executor
from tentacle.executors.llm_calls import render_prompt


def test_prompt_template_sections_and_values() -> None:
    template = "Sum up.{{#max_words}} At most {{max_words}} words.{{/max_words}} On {{topic.name}}."
    assert render_prompt(template, {"topic": {"name": "tea"}}) == "Sum up. On tea."
    assert render_prompt(template, {"max_words": 20}) == "Sum up. At most 20 words. On ."


async def test_summarize_returns_the_models_json_with_usage(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    scripted.reply(json={"summary": "Tea is good.", "key_points": ["tea"]}, schema_name="summarize")
    ctx = context(
        "summarize", {"text": "A long text about tea.", "max_words": 12}, tmp_path, llm=llm
    )
    result = await get_executor(ctx.agent).run(ctx)

    assert result.outputs == {"summary": "Tea is good.", "key_points": ["tea"]}
    assert result.prompt_tokens > 0 and result.completion_tokens > 0
    assert result.cost_usd > 0
    [request] = scripted.chat_requests()
    assert request.body["model"] == "scripted-fast"  # the summarize agent's tier
    assert "Use at most 12 words." in request.system
    assert (
        json.loads(request.last_user.removeprefix("Inputs:\n"))["text"] == "A long text about tea."
    )
    schema = request.body["response_format"]["json_schema"]["schema"]
    assert schema == ctx.agent.output_schema


async def test_an_answer_outside_the_schema_is_sent_back_once(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    scripted.reply(json={"summary": "Fixed."}, user_contains="not valid")
    scripted.reply(json={"summary": 42}, times=1)
    ctx = context("summarize", {"text": "x"}, tmp_path, llm=llm)
    result = await get_executor(ctx.agent).run(ctx)

    assert result.outputs == {"summary": "Fixed."}
    _first, second = scripted.chat_requests()
    assert "summary: 42 is not of type 'string'" in second.last_user


async def test_two_bad_answers_fail_the_step_as_transient(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    scripted.reply("this is not json")
    ctx = context("summarize", {"text": "x"}, tmp_path, llm=llm)
    with pytest.raises(TransientStepError, match="did not match the output schema") as failure:
        await get_executor(ctx.agent).run(ctx)
    assert len(scripted.chat_requests()) == 2
    # Both paid calls stay on the failed step's account.
    usage = failure.value.usage
    assert usage is not None and usage.cost_usd > 0 and usage.completion_tokens > 0


async def test_provider_outage_is_transient_and_context_overflow_permanent(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    scripted.fail(500, times=10)
    ctx = context("compose", {"instructions": "hi"}, tmp_path, llm=llm)
    with pytest.raises(TransientStepError, match="unavailable"):
        await get_executor(ctx.agent).run(ctx)

    scripted.reset()
    scripted.context_overflow()
    with pytest.raises(PermanentStepError, match="too long") as failure:
        await get_executor(ctx.agent).run(ctx)
    assert failure.value.details == {"reason": "context"}
