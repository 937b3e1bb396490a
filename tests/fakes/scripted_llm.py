"""A real OpenAI-compatible HTTP server for tests, answering from a script of rules.

Every suite talks to it over HTTP exactly as it would talk to a provider (through litellm), so
the client code under test is the production code. A rule matches on the request (a substring
of the system prompt, of the last user message, of any message, the response_format schema
name, the model, or a predicate) and answers with canned content, JSON, tool calls or an error
(429 rate limit, 500, 400 context length). Rules are tried in the order they were added; a rule
with ``times`` is used up after that many answers. Every request is recorded.

    with ScriptedLLM() as llm:
        llm.fail(429, times=1)
        llm.reply(json={"ok": True}, schema_name="plan")
        settings = LLMSettings(llm_model="openai/scripted", llm_api_base=llm.base_url)
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

# A 1x1 transparent PNG, the answer of /v1/images/generations.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

Predicate = Callable[[dict[str, Any]], bool]
ContentFactory = Callable[[dict[str, Any]], str]


def _text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return ""


def system_text(body: dict[str, Any]) -> str:
    return "\n".join(_text(m) for m in body.get("messages", []) if m.get("role") == "system")


def last_user_text(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages", []) if m.get("role") == "user"]
    return _text(users[-1]) if users else ""


def schema_name(body: dict[str, Any]) -> str | None:
    response_format = body.get("response_format") or {}
    schema = response_format.get("json_schema") or {}
    return schema.get("name")


@dataclass
class Rule:
    """One scripted answer and the requests it applies to."""

    system_contains: str | None = None
    user_contains: str | None = None
    any_contains: str | None = None
    schema_name: str | None = None
    model: str | None = None
    when: Predicate | None = None
    content: str | ContentFactory | None = None
    tool_calls: list[dict[str, Any]] | None = None
    status: int = 200
    error_message: str | None = None
    error_code: str | None = None
    retry_after: float | None = None
    usage: dict[str, int] | None = None
    omit_usage: bool = False
    delay: float = 0.0
    times: int | None = None
    used: int = 0

    def matches(self, body: dict[str, Any]) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        if self.system_contains is not None and self.system_contains not in system_text(body):
            return False
        if self.user_contains is not None and self.user_contains not in last_user_text(body):
            return False
        if self.any_contains is not None and not any(
            self.any_contains in _text(m) for m in body.get("messages", [])
        ):
            return False
        if self.schema_name is not None and schema_name(body) != self.schema_name:
            return False
        if self.model is not None and body.get("model") != self.model:
            return False
        return self.when is None or self.when(body)


@dataclass
class RecordedRequest:
    path: str
    body: dict[str, Any]
    rule: Rule | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def system(self) -> str:
        return system_text(self.body)

    @property
    def last_user(self) -> str:
        return last_user_text(self.body)

    @property
    def schema_name(self) -> str | None:
        return schema_name(self.body)


def _estimate_tokens(body: dict[str, Any]) -> int:
    return max(1, sum(len(_text(m)) for m in body.get("messages", [])) // 4)


class ScriptedLLM:
    """The server: ``start()``/``stop()`` or a context manager; ``base_url`` ends in ``/v1``."""

    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/images/generations", self._images, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    # -- scripting -----------------------------------------------------------------------------

    def add(self, rule: Rule) -> Rule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def reply(
        self,
        content: str | ContentFactory | None = None,
        *,
        json: Any = None,
        tool_calls: list[dict[str, Any]] | None = None,
        **match: Any,
    ) -> Rule:
        """Answer matching requests with content, a JSON document or tool calls."""
        if json is not None:
            content = _json_dumps(json)
        return self.add(Rule(content=content, tool_calls=tool_calls, **match))

    def fail(self, status: int, *, message: str | None = None, **match: Any) -> Rule:
        """Answer matching requests with an HTTP error (429, 500, ...)."""
        return self.add(Rule(status=status, error_message=message, **match))

    def context_overflow(self, **match: Any) -> Rule:
        """Answer like a provider whose context window the request exceeds."""
        return self.add(
            Rule(
                status=400,
                error_code="context_length_exceeded",
                error_message=(
                    "This model's maximum context length is 4096 tokens. However, your messages "
                    "resulted in 9000 tokens. Please reduce the length of the messages."
                ),
                **match,
            )
        )

    def reset(self) -> None:
        with self._lock:
            self.rules.clear()
            self.requests.clear()

    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == "/v1/chat/completions"]

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> ScriptedLLM:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True, name="scripted-llm")
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("scripted LLM server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> ScriptedLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- protocol ------------------------------------------------------------------------------

    def _pick(self, path: str, body: dict[str, Any]) -> Rule | None:
        with self._lock:
            rule = next((r for r in self.rules if r.matches(body)), None)
            if rule is not None:
                rule.used += 1
            self.requests.append(RecordedRequest(path=path, body=body, rule=rule))
        return rule

    async def _chat(self, request: Request) -> Response:
        body = await request.json()
        rule = self._pick("/v1/chat/completions", body)
        if rule is None:
            return _error(500, "no scripted rule matched this request", "server_error")
        if rule.delay:
            await asyncio.sleep(rule.delay)
        if rule.status != 200:
            return _rule_error(rule)
        content = rule.content(body) if callable(rule.content) else rule.content
        prompt_tokens = _estimate_tokens(body)
        completion_tokens = max(1, len(content or "") // 4) + 10 * len(rule.tool_calls or [])
        usage = rule.usage or {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        tool_calls = [
            {
                "id": call.get("id") or f"call_{uuid.uuid4().hex[:12]}",
                "type": "function",
                "function": {
                    "name": call["name"],
                    "arguments": call["arguments"]
                    if isinstance(call["arguments"], str)
                    else _json_dumps(call["arguments"]),
                },
            }
            for call in rule.tool_calls or []
        ]
        finish = "tool_calls" if tool_calls else "stop"
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:16]}"
        model = body.get("model", "scripted")
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return StreamingResponse(
                _stream_chunks(
                    completion_id,
                    model,
                    content or "",
                    tool_calls,
                    finish,
                    None if rule.omit_usage or not include_usage else usage,
                ),
                media_type="text/event-stream",
            )
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if tool_calls:
            message["tool_calls"] = tool_calls
        payload: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        }
        if not rule.omit_usage:
            payload["usage"] = usage
        return JSONResponse(payload)

    async def _images(self, request: Request) -> Response:
        body = await request.json()
        rule = self._pick("/v1/images/generations", body)
        if rule is not None and rule.status != 200:
            return _rule_error(rule)
        count = int(body.get("n") or 1)
        encoded = base64.b64encode(TINY_PNG).decode()
        return JSONResponse(
            {
                "created": int(time.time()),
                "data": [{"b64_json": encoded, "revised_prompt": body.get("prompt")}] * count,
            }
        )

    async def _models(self, request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [{"id": "scripted", "object": "model"}]})


def _json_dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _error(status: int, message: str, kind: str, code: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": message, "type": kind, "param": None, "code": code}},
        status_code=status,
    )


def _rule_error(rule: Rule) -> JSONResponse:
    kinds = {400: "invalid_request_error", 429: "rate_limit_error"}
    default = {429: "Rate limit reached, retry later", 400: "Bad request"}
    response = _error(
        rule.status,
        rule.error_message or default.get(rule.status, "The server had an error"),
        kinds.get(rule.status, "server_error"),
        rule.error_code,
    )
    if rule.retry_after is not None:
        response.headers["retry-after"] = str(rule.retry_after)
    return response


async def _stream_chunks(
    completion_id: str,
    model: str,
    content: str,
    tool_calls: list[dict[str, Any]],
    finish: str,
    usage: dict[str, int] | None,
) -> Any:
    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        }
        return f"data: {_json_dumps(payload)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for start in range(0, len(content), 8):
        yield chunk({"content": content[start : start + 8]})
    for index, call in enumerate(tool_calls):
        yield chunk({"tool_calls": [{"index": index, **call}]})
    yield chunk({}, finish)
    if usage is not None:
        final = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [],
            "usage": usage,
        }
        yield f"data: {_json_dumps(final)}\n\n"
    yield "data: [DONE]\n\n"
