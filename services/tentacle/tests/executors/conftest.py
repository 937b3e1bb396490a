"""Executor test fixtures: the scripted OpenAI-compatible server and a client pointed at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fluxkit.llm import LLMClient, LLMSettings

sys.path.insert(0, str(Path(__file__).parent))

from scripted_llm import ScriptedLLM


@pytest.fixture(scope="module")
def scripted_server() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        yield server


@pytest.fixture
def scripted(scripted_server: ScriptedLLM) -> Iterator[ScriptedLLM]:
    scripted_server.reset()
    yield scripted_server
    scripted_server.reset()


@pytest.fixture
def llm(scripted: ScriptedLLM) -> LLMClient:
    return LLMClient(
        LLMSettings(
            llm_model="openai/scripted-standard",
            llm_fast_model="openai/scripted-fast",
            llm_reasoning_model="openai/scripted-reasoning",
            llm_api_base=scripted.base_url,
            llm_api_key="test",
            llm_max_retries=1,
            llm_retry_base_seconds=0.01,
            llm_retry_max_seconds=0.05,
            llm_prompt_cost_per_1k=0.001,
            llm_completion_cost_per_1k=0.002,
            llm_image_model="openai/scripted-image",
        )
    )
