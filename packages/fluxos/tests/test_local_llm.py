"""The local model launcher: started only when no provider is configured, answers over the
OpenAI protocol with schema-constrained JSON, and stops cleanly."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from fluxkit.llm import LLMClient, LLMSettings
from fluxos.local_llm import model_path, needs_local_model, start_local_model

SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "sunny": {"type": "boolean"}},
    "required": ["city", "sunny"],
    "additionalProperties": False,
}


def test_local_model_only_without_a_provider() -> None:
    assert needs_local_model({})
    assert needs_local_model({"LLM_API_KEY": " "})
    assert not needs_local_model({"LLM_API_KEY": "sk-real"})
    assert not needs_local_model({"TENTACLE_LLM_API_BASE": "http://models.internal/v1"})
    assert model_path().name.endswith(".gguf")


async def test_local_server_answers_schema_valid_json(tmp_path: Path) -> None:
    server = start_local_model(log_path=tmp_path / "llm.log")
    try:
        env = server.environment()
        assert env["LLM_API_BASE"] == server.base_url
        client = LLMClient(
            LLMSettings(
                llm_model=env["LLM_MODEL"],
                llm_api_base=env["LLM_API_BASE"],
                llm_api_key=env["LLM_API_KEY"],
                llm_response_format=env["LLM_RESPONSE_FORMAT"],
                llm_max_retries=0,
            )
        )
        answer = await client.complete(
            [{"role": "user", "content": "Is it sunny in Paris today? Answer in JSON."}],
            role="fast",
            response_schema=SCHEMA,
            max_tokens=60,
            temperature=0,
        )
        jsonschema.validate(answer.parsed, SCHEMA)
        assert answer.usage_known and answer.completion_tokens > 0
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert not server.healthy()
