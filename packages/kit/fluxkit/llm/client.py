"""One way to call language models: litellm with roles, retries, fallbacks and cost.

``LLMClient(settings).complete(messages, role="planner", response_schema=...)`` picks the role's
model, retries rate limits and provider errors with exponential backoff and jitter, moves on to
the fallback models when one stays unavailable, and reports tokens and cost. Cost comes from
litellm's bundled price map (``LITELLM_LOCAL_MODEL_COST_MAP``: never fetched at run time); a model
it does not know is priced from the configured per-1k prices, and a call whose usage the provider
did not report is charged as if it had used its whole ``max_tokens`` ceiling, so budgets err on
the safe side.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fluxkit.llm.settings import LLMSettings

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

logger = logging.getLogger(__name__)

Message = dict[str, Any]


class LLMError(Exception):
    """A model call that could not produce an answer."""

    def __init__(self, message: str, *, model: str | None = None) -> None:
        super().__init__(message)
        self.model = model


class ContextOverflow(LLMError):
    """The prompt does not fit the model's context window; shorten it before trying again."""


class LLMUnavailable(LLMError):
    """Every configured model kept failing with rate limits or provider errors."""


class LLMRequestRejected(LLMError):
    """The provider refused the request itself (bad request, authentication, policy)."""


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any] | str


@dataclass(frozen=True)
class LLMResult:
    content: str | None
    parsed: Any
    tool_calls: list[ToolCall]
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    usage_known: bool
    finish_reason: str | None = None
    parse_error: str | None = None
    attempts: int = 1

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class LLMDelta:
    """One piece of a streamed answer; the last one carries ``result`` with the totals."""

    content: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    finish_reason: str | None = None
    result: LLMResult | None = None


@dataclass(frozen=True)
class CostEstimate:
    """The most a call may use: what a budget reserves before the call."""

    model: str
    tokens: int
    cost_usd: float


@dataclass(frozen=True)
class ImageResult:
    images: list[bytes | str]
    model: str
    cost_usd: float
    usage_known: bool


@cache
def _litellm() -> Any:
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    litellm.drop_params = True
    return litellm


def _status_of(error: BaseException) -> int | None:
    status = getattr(error, "status_code", None)
    return status if isinstance(status, int) else None


def _is_context_overflow(error: BaseException) -> bool:
    if isinstance(error, _litellm().ContextWindowExceededError):
        return True
    text = str(error).lower()
    return "context length" in text or "context_length_exceeded" in text


def _is_transient(error: BaseException) -> bool:
    litellm = _litellm()
    transient = (
        litellm.RateLimitError,
        litellm.InternalServerError,
        litellm.ServiceUnavailableError,
        litellm.APIConnectionError,
        litellm.BadGatewayError,
        litellm.Timeout,
    )
    if isinstance(error, transient):
        return True
    status = _status_of(error)
    return status is not None and (status == 429 or status >= 500)


def _retry_after(error: BaseException) -> float | None:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        value = headers.get("retry-after")
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


def parse_json(content: str | None) -> tuple[Any, str | None]:
    """(document, None) or (None, why it is not JSON); tolerates a Markdown code fence."""
    if content is None or not content.strip():
        return None, "the answer was empty"
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"the answer is not valid JSON: {error}"


def _tool_calls(message: Any) -> list[ToolCall]:
    calls: list[ToolCall] = []
    for call in getattr(message, "tool_calls", None) or []:
        function = call.function
        arguments: dict[str, Any] | str = function.arguments or ""
        if isinstance(arguments, str):
            try:
                decoded = json.loads(arguments)
                if isinstance(decoded, dict):
                    arguments = decoded
            except json.JSONDecodeError:
                pass
        calls.append(ToolCall(id=str(call.id), name=str(function.name), arguments=arguments))
    return calls


class LLMClient:
    """Model calls for one service; safe to share between tasks and threads."""

    def __init__(self, settings: LLMSettings) -> None:
        self.settings = settings

    # -- cost ----------------------------------------------------------------------------------

    def price(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        """USD for the tokens on ``model``: litellm's price map, else the configured prices."""
        try:
            prompt_cost, completion_cost = _litellm().cost_per_token(
                model=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
            )
            return float(prompt_cost) + float(completion_cost)
        except Exception:
            return (
                prompt_tokens * self.settings.llm_prompt_cost_per_1k
                + completion_tokens * self.settings.llm_completion_cost_per_1k
            ) / 1000

    def count_prompt_tokens(self, model: str, messages: list[Message]) -> int:
        try:
            return int(_litellm().token_counter(model=model, messages=messages))
        except Exception:
            return max(1, len(json.dumps(messages)) // 4)

    def estimate(
        self, messages: list[Message], *, role: str, max_tokens: int | None = None
    ) -> CostEstimate:
        """The ceiling of a call: prompt tokens plus the whole completion allowance, priced on
        the dearest model the call may fall back to."""
        ceiling = max_tokens or self.settings.llm_max_tokens
        worst: CostEstimate | None = None
        for model in self.settings.models_for(role):
            prompt = self.count_prompt_tokens(model, messages)
            estimate = CostEstimate(model, prompt + ceiling, self.price(model, prompt, ceiling))
            if worst is None or estimate.cost_usd > worst.cost_usd:
                worst = estimate
        assert worst is not None
        return worst

    # -- calls ---------------------------------------------------------------------------------

    def _request(
        self,
        model: str,
        messages: list[Message],
        *,
        response_schema: dict[str, Any] | None,
        schema_name: str,
        strict_schema: bool = False,
        tools: list[dict[str, Any]] | None,
        tool_choice: Any,
        temperature: float,
        max_tokens: int,
        metadata: dict[str, Any] | None,
    ) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": model,
            "messages": messages,
            "temperature": temperature,
            "max_tokens": max_tokens,
            "timeout": self.settings.llm_timeout_seconds,
            "num_retries": 0,
        }
        if self.settings.llm_api_base:
            request["api_base"] = self.settings.llm_api_base
        api_key = self.settings.llm_api_key.get_secret_value()
        # OpenAI-compatible local servers accept any key; litellm insists on one being set.
        request["api_key"] = api_key or ("unused" if self.settings.llm_api_base else None)
        if response_schema is not None and self.settings.llm_response_format == "json_object":
            request["response_format"] = {"type": "json_object", "schema": response_schema}
        elif response_schema is not None:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": schema_name,
                    "schema": response_schema,
                    "strict": strict_schema,
                },
            }
        if tools:
            request["tools"] = tools
            # Our tools are plain functions; litellm's MCP gateway check would import the
            # optional ``mcp`` package for every call that carries tools.
            request["_skip_mcp_handler"] = True
            if tool_choice is not None:
                request["tool_choice"] = tool_choice
        if metadata:
            request["metadata"] = metadata
        return request

    async def _backoff(self, attempt: int, error: BaseException) -> None:
        delay = min(
            self.settings.llm_retry_max_seconds,
            self.settings.llm_retry_base_seconds * (2**attempt),
        )
        delay *= random.uniform(0.5, 1.0)
        hinted = _retry_after(error)
        if hinted is not None:
            delay = min(self.settings.llm_retry_max_seconds, max(delay, hinted))
        await asyncio.sleep(delay)

    async def _call_with_recovery(
        self, models: list[str], build: Any, send: Any
    ) -> tuple[Any, str, int]:
        """Run ``send(build(model))`` over ``models`` in order; (response, model, attempts)."""
        attempts = 0
        last_error: BaseException | None = None
        for model in models:
            for attempt in range(self.settings.llm_max_retries + 1):
                attempts += 1
                try:
                    return await send(build(model)), model, attempts
                except Exception as error:
                    if _is_context_overflow(error):
                        raise ContextOverflow(str(error), model=model) from error
                    if not _is_transient(error):
                        raise LLMRequestRejected(str(error), model=model) from error
                    last_error = error
                    logger.warning(
                        "llm call failed, retrying",
                        extra={"model": model, "attempt": attempt, "error": type(error).__name__},
                    )
                    if attempt < self.settings.llm_max_retries:
                        await self._backoff(attempt, error)
        raise LLMUnavailable(
            f"every model failed ({', '.join(models)}): {last_error}", model=None
        ) from last_error

    async def complete(
        self,
        messages: list[Message],
        *,
        role: str,
        response_schema: dict[str, Any] | None = None,
        schema_name: str = "response",
        strict_schema: bool = False,
        tools: list[dict[str, Any]] | None = None,
        tool_choice: Any = None,
        temperature: float = 0.2,
        max_tokens: int | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> LLMResult:
        """One answer from the role's model (or a fallback), with its tokens and cost."""
        ceiling = max_tokens or self.settings.llm_max_tokens

        def build(model: str) -> dict[str, Any]:
            return self._request(
                model,
                messages,
                response_schema=response_schema,
                schema_name=schema_name,
                strict_schema=strict_schema,
                tools=tools,
                tool_choice=tool_choice,
                temperature=temperature,
                max_tokens=ceiling,
                metadata=metadata,
            )

        response, model, attempts = await self._call_with_recovery(
            self.settings.models_for(role), build, lambda request: _litellm().acompletion(**request)
        )
        choice = response.choices[0]
        content = choice.message.content
        prompt_tokens, completion_tokens, usage_known = self._usage(
            getattr(response, "usage", None), model, messages, ceiling
        )
        parsed, parse_error = (None, None)
        if response_schema is not None:
            parsed, parse_error = parse_json(content)
        return LLMResult(
            content=content,
            parsed=parsed,
            tool_calls=_tool_calls(choice.message),
            model=model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=self.price(model, prompt_tokens, completion_tokens),
            usage_known=usage_known,
            finish_reason=choice.finish_reason,
            parse_error=parse_error,
            attempts=attempts,
        )

    def _usage(
        self, usage: Any, model: str, messages: list[Message], ceiling: int
    ) -> tuple[int, int, bool]:
        prompt = int(getattr(usage, "prompt_tokens", 0) or 0) if usage is not None else 0
        completion = int(getattr(usage, "completion_tokens", 0) or 0) if usage is not None else 0
        if prompt + completion > 0:
            return prompt, completion, True
        return self.count_prompt_tokens(model, messages), ceiling, False

    async def stream(
        self,
        messages: list[Message],
        *,
        role: str,
        tools: list[dict[str, Any]] | None = None,
        temperature: float = 0.2,
        max_tokens: int | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> AsyncIterator[LLMDelta]:
        """Deltas of the answer as they arrive; the last delta carries the totals in ``result``.

        Retries and fallbacks apply until the stream has started."""
        ceiling = max_tokens or self.settings.llm_max_tokens

        def build(model: str) -> dict[str, Any]:
            request = self._request(
                model,
                messages,
                response_schema=None,
                schema_name="response",
                tools=tools,
                tool_choice=None,
                temperature=temperature,
                max_tokens=ceiling,
                metadata=metadata,
            )
            request["stream"] = True
            request["stream_options"] = {"include_usage": True}
            return request

        stream, model, attempts = await self._call_with_recovery(
            self.settings.models_for(role), build, lambda request: _litellm().acompletion(**request)
        )
        parts: list[str] = []
        calls: dict[int, dict[str, Any]] = {}
        usage: Any = None
        finish: str | None = None
        async for chunk in stream:
            if getattr(chunk, "usage", None) is not None:
                usage = chunk.usage
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            delta = choice.delta
            text = getattr(delta, "content", None) or ""
            tool_deltas: list[dict[str, Any]] = []
            for call in getattr(delta, "tool_calls", None) or []:
                index = int(getattr(call, "index", 0) or 0)
                entry = calls.setdefault(index, {"id": None, "name": "", "arguments": ""})
                entry["id"] = getattr(call, "id", None) or entry["id"]
                function = getattr(call, "function", None)
                if function is not None:
                    entry["name"] += getattr(function, "name", None) or ""
                    entry["arguments"] += getattr(function, "arguments", None) or ""
                tool_deltas.append({"index": index, "id": entry["id"]})
            finish = choice.finish_reason or finish
            if text:
                parts.append(text)
            if text or tool_deltas:
                yield LLMDelta(content=text, tool_calls=tool_deltas)
        content = "".join(parts)
        prompt_tokens, completion_tokens, usage_known = self._usage(usage, model, messages, ceiling)
        tool_calls = []
        for index in sorted(calls):
            entry = calls[index]
            arguments: dict[str, Any] | str = entry["arguments"]
            try:
                decoded = json.loads(entry["arguments"])
                arguments = decoded if isinstance(decoded, dict) else arguments
            except json.JSONDecodeError:
                pass
            tool_calls.append(ToolCall(str(entry["id"]), entry["name"], arguments))
        yield LLMDelta(
            finish_reason=finish,
            result=LLMResult(
                content=content,
                parsed=None,
                tool_calls=tool_calls,
                model=model,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                cost_usd=self.price(model, prompt_tokens, completion_tokens),
                usage_known=usage_known,
                finish_reason=finish,
                attempts=attempts,
            ),
        )

    async def image(
        self, prompt: str, *, size: str = "1024x1024", n: int = 1, model: str | None = None
    ) -> ImageResult:
        """Images through litellm's image API: bytes when the provider returns base64, else URLs."""
        chosen = model or self.settings.llm_image_model
        request: dict[str, Any] = {
            "model": chosen,
            "prompt": prompt,
            "n": n,
            "size": size,
            "timeout": self.settings.llm_timeout_seconds,
        }
        if self.settings.llm_api_base:
            request["api_base"] = self.settings.llm_api_base
        api_key = self.settings.llm_api_key.get_secret_value()
        request["api_key"] = api_key or ("unused" if self.settings.llm_api_base else None)

        response, _model, _attempts = await self._call_with_recovery(
            [chosen],
            lambda _model: {**request},
            lambda payload: _litellm().aimage_generation(**payload),
        )
        import base64

        images: list[bytes | str] = []
        for item in response.data or []:
            encoded = getattr(item, "b64_json", None)
            if encoded:
                images.append(base64.b64decode(encoded))
            elif getattr(item, "url", None):
                images.append(str(item.url))
        try:
            cost = float(
                _litellm().completion_cost(completion_response=response, model=chosen, size=size)
            )
            known = True
        except Exception:
            cost, known = 0.0, False
        return ImageResult(images=images, model=chosen, cost_usd=cost, usage_known=known)
