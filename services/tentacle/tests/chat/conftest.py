"""Chat fixtures: the scripted model reset per test, the app's chat runtime with local
stand-ins (a search provider, Mimic) and helpers to post messages and read the SSE reply."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))

from chat_kit import SlowSearch
from scripted_llm import ScriptedLLM

from tentacle.chat.runtime import ChatRuntime


@pytest.fixture
def scripted(scripted_llm: ScriptedLLM) -> Iterator[ScriptedLLM]:
    scripted_llm.reset()
    yield scripted_llm
    scripted_llm.reset()


@pytest.fixture
def chat_runtime(tentacle_app: FastAPI) -> Iterator[ChatRuntime]:
    """The app's runtime; settings and clients a test swaps are put back afterwards."""
    runtime: ChatRuntime = tentacle_app.state.chat
    saved = (runtime.settings, runtime.llm, runtime.search, runtime.mimic)
    yield runtime
    runtime.settings, runtime.llm, runtime.search, runtime.mimic = saved


@pytest.fixture(scope="module")
def slow_search() -> Iterator[SlowSearch]:
    with SlowSearch() as search:
        yield search
