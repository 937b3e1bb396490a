"""The model library loads on a thread when the API starts, not in the event loop on the first
reply: importing it takes seconds, during which every connection of the process would freeze.
Checked in a fresh interpreter, the only place where it is not loaded yet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import asyncio, contextlib, json, sys, time
from fastapi import FastAPI
from fluxkit.llm import client as llm_client
from tentacle.chat.runtime import start_chat_runtime
from tentacle.settings import TentacleSettings

async def main():
    loaded_before = "litellm" in sys.modules
    app = FastAPI()
    app.state.settings = TentacleSettings(
        llm_model="openai/scripted", llm_api_base="http://127.0.0.1:9/v1", llm_api_key="sk-x"
    )
    app.state.session_factory = None
    async with contextlib.AsyncExitStack() as stack:
        began = time.monotonic()
        await start_chat_runtime(app, stack)
        startup = time.monotonic() - began
        stall, last, deadline = 0.0, time.monotonic(), time.monotonic() + 150
        while llm_client._litellm.cache_info().currsize == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            stall, last = max(stall, now - last), now
        warmed = llm_client._litellm.cache_info().currsize == 1
        await app.state.chat.ready()
        began = time.monotonic()
        app.state.chat.llm.estimate([{"role": "user", "content": "hi"}], role="flux")
        first_estimate = time.monotonic() - began
    print(json.dumps({"loaded_before": loaded_before, "startup": startup, "stall": stall,
                      "warmed": warmed, "first_estimate": first_estimate}))

asyncio.run(main())
"""


def test_model_library_is_loaded_off_the_event_loop_at_startup() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=Path(__file__).resolve().parents[4],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["loaded_before"] is False
    assert seen["warmed"] is True, seen
    # Starting the runtime did not import it in the loop, nor did the loop stop while it loaded.
    assert seen["startup"] < 1.0, seen
    assert seen["stall"] < 2.0, seen
    # The first reply's estimate finds everything loaded.
    assert seen["first_estimate"] < 1.0, seen
