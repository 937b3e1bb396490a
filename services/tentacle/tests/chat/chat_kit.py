"""Helpers for the chat suites: posting to Flux, reading its SSE reply, local stand-ins."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tentacle_testkit import Caller

from fluxkit.http import GuardedClient
from tentacle.executors.search import HttpJsonSearchProvider


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of a server-sent event stream (comments and pings skipped)."""
    events: list[tuple[str, dict[str, Any]]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


def named(events: list[tuple[str, dict[str, Any]]], name: str) -> list[dict[str, Any]]:
    return [data for event, data in events if event == name]


async def post_chat(
    client: httpx.AsyncClient,
    caller: Caller,
    content: str,
    conversation_id: uuid.UUID | str | None = None,
) -> list[tuple[str, dict[str, Any]]]:
    """Send a message (a new conversation without an id) and read the whole reply stream."""
    url = (
        f"/api/v1/inbox/conversations/{conversation_id}/messages"
        if conversation_id
        else "/api/v1/inbox/messages"
    )
    response = await client.post(url, json={"content": content}, headers=caller.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return parse_sse(response.text)


def conversation_of(events: list[tuple[str, dict[str, Any]]]) -> uuid.UUID:
    assert events and events[0][0] == "message.started", events[:2]
    return uuid.UUID(events[0][1]["conversation_id"])


def flux_request(body: dict[str, Any]) -> bool:
    return any("You are Flux" in str(m.get("content")) for m in body.get("messages", []) if m)


def has_tool_results(body: dict[str, Any]) -> bool:
    """The request carries tool results of the current turn (after the last user message)."""
    roles = [m.get("role") for m in body.get("messages", [])]
    last_user = max((i for i, role in enumerate(roles) if role == "user"), default=-1)
    return "tool" in roles[last_user + 1 :]


class LocalServer:
    """A Starlette app served over real HTTP in a thread, on a free port."""

    def __init__(self, app: Any) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.app = app
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("local server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


@dataclass
class SearchCall:
    query: str
    started: float
    finished: float = 0.0


@dataclass
class SlowSearch:
    """A search API (the JSON protocol HttpJsonSearchProvider speaks) answering after
    ``delay`` seconds, recording when each query started and finished."""

    delay: float = 0.6
    calls: list[SearchCall] = field(default_factory=list)
    fail_with: int | None = None

    def __post_init__(self) -> None:
        self.server = LocalServer(Starlette(routes=[Route("/search", self._search)]))

    async def _search(self, request: Request) -> JSONResponse:
        call = SearchCall(request.query_params["q"], time.monotonic())
        self.calls.append(call)
        await asyncio.sleep(self.delay)
        call.finished = time.monotonic()
        if self.fail_with:
            return JSONResponse({"error": "down"}, status_code=self.fail_with)
        query = call.query
        return JSONResponse(
            {
                "results": [
                    {
                        "title": f"About {query}",
                        "url": f"https://example.org/{query.replace(' ', '-')}",
                        "snippet": f"Everything on {query}.",
                    }
                ]
            }
        )

    def provider(self) -> HttpJsonSearchProvider:
        http = GuardedClient(allow_hosts=["127.0.0.1"], allow_networks=["127.0.0.0/8"])
        return HttpJsonSearchProvider(f"{self.server.url}/search", http)

    def __enter__(self) -> SlowSearch:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
