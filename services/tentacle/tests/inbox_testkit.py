"""Inbox test support: Tentacle apps served over real HTTP (each with its own lifespan, relay
and inbox hub, like separate API processes) and an SSE client that reads in the background."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from tentacle_testkit import Caller

from fluxkit.auth import Authenticator
from tentacle.app import create_app
from tentacle.settings import TentacleSettings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    url: str
    app: FastAPI


def serve(settings: TentacleSettings, authenticator: Authenticator) -> Iterator[Served]:
    port = _free_port()
    app = create_app(settings, authenticator=authenticator)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    yield Served(f"http://127.0.0.1:{port}", app)
    server.should_exit = True
    thread.join(timeout=10)


class EventStream:
    """``GET /api/v1/inbox/events`` read in the background; ``events`` grows as they arrive."""

    def __init__(self, url: str, caller: Caller, last_event_id: str | None = None) -> None:
        self.url = url
        self.caller = caller
        self.last_event_id = last_event_id
        self.events: list[dict[str, Any]] = []
        self.ready = asyncio.Event()
        self.status: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    async def __aenter__(self) -> EventStream:
        self._task = asyncio.create_task(self._read())
        await asyncio.wait_for(self.ready.wait(), 20)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    @property
    def ids(self) -> list[int]:
        return [int(event["id"]) for event in self.events]

    @property
    def last_id(self) -> str:
        return self.events[-1]["id"]

    async def _read(self) -> None:
        headers = dict(self.caller.headers)
        if self.last_event_id:
            headers["Last-Event-ID"] = self.last_event_id
        current: dict[str, Any] = {}
        async with (
            httpx.AsyncClient(base_url=self.url, timeout=httpx.Timeout(60, read=None)) as http,
            http.stream("GET", "/api/v1/inbox/events", headers=headers) as response,
        ):
            self.status = response.status_code
            assert response.headers["content-type"].startswith("text/event-stream")
            async for line in response.aiter_lines():
                line = line.rstrip("\r")
                if line.startswith(":"):
                    continue
                if line:
                    field, _, value = line.partition(":")
                    current[field] = value.removeprefix(" ")
                    continue
                if current.get("event") == "ready":
                    self.ready.set()
                elif "data" in current:
                    current["message"] = json.loads(current["data"])
                    self.events.append(current)
                    self._changed.set()
                current = {}

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 30.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for event in self.events[seen:]:
                if predicate(event["message"]):
                    return event
            seen = len(self.events)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                kinds = [e["event"] for e in self.events]
                raise AssertionError(f"no matching event within {timeout}s; got {kinds}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_count(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.events) < count:
            assert time.monotonic() < deadline, f"{len(self.events)} events, wanted {count}"
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), 0.2)
