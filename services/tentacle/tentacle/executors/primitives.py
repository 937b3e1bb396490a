"""Primitive agents: deterministic operations on other services and stores, no model call."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from typing import Any

from fluxkit.http import (
    BlockedDestination,
    OutboundError,
    OutboundTimeout,
    ResponseTooLarge,
    ServiceCallError,
    ServiceClient,
    ServiceRateLimited,
    ServiceUnavailableError,
)
from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    StepContext,
    StepResult,
    TransientStepError,
)
from tentacle.executors.registry import register_executor

DEFAULT_FETCH_CHARS = 200_000


def service_error(action: str, error: ServiceCallError) -> Exception:
    """Unreachable, rate-limited or failing services are worth a retry; refusals are not."""
    if isinstance(error, ServiceUnavailableError | ServiceRateLimited) or error.status >= 500:
        return TransientStepError(f"{action}: {error}")
    return PermanentStepError(f"{action}: {error}", details={"status": error.status})


def _service(client: ServiceClient | None, name: str) -> ServiceClient:
    if client is None:
        raise PermanentStepError(f"{name} is not configured for this worker")
    return client


@register_executor
class HttpFetchExecutor(AgentExecutor):
    kind = "http_fetch"

    async def run(self, ctx: StepContext) -> StepResult:
        http = ctx.resources.http
        if http is None:
            raise PermanentStepError("outbound HTTP is not configured for this worker")
        url = str(ctx.inputs["url"])
        headers = {str(k): str(v) for k, v in (ctx.inputs.get("headers") or {}).items()}
        try:
            response = await http.get(url, headers=headers)
        except (BlockedDestination, ResponseTooLarge) as exc:
            raise PermanentStepError(str(exc)) from exc
        except (OutboundTimeout, OutboundError) as exc:
            raise TransientStepError(str(exc)) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientStepError(f"GET {url} answered {response.status_code}")
        content_type = str(response.headers.get("content-type", ""))
        text = response.text[: int(ctx.inputs.get("max_chars") or DEFAULT_FETCH_CHARS)]
        outputs: dict[str, Any] = {
            "status": response.status_code,
            "url": response.url,
            "content_type": content_type,
            "text": text,
        }
        if "json" in content_type:
            with contextlib.suppress(ValueError):
                outputs["json"] = response.json()
        return StepResult(outputs=outputs)


@register_executor
class NotifyExecutor(AgentExecutor):
    """Sends through Mimic's notifications API as the task's user; the step's idempotency key
    makes a redelivered step send once."""

    kind = "notify"

    async def run(self, ctx: StepContext) -> StepResult:
        mimic = _service(ctx.services.mimic, "Mimic")
        body = {
            key: ctx.inputs[key]
            for key in ("to", "subject", "text", "html", "template", "variables")
            if ctx.inputs.get(key) is not None
        }
        body["metadata"] = {"task_id": str(ctx.task_id), "step_id": str(ctx.step_id)}
        try:
            response = await mimic.request(
                "POST",
                "/api/v1/notifications",
                json=body,
                headers={"Idempotency-Key": ctx.idempotency_key},
            )
        except ServiceCallError as exc:
            raise service_error("Mimic refused the notification", exc) from exc
        sent = response.json()
        return StepResult(
            outputs={"notification_id": str(sent["id"]), "status": str(sent.get("status", ""))}
        )


@register_executor
class FileStorageExecutor(AgentExecutor):
    """Uploads to Den as the task's user."""

    kind = "file_storage"

    async def run(self, ctx: StepContext) -> StepResult:
        den = _service(ctx.services.den, "Den")
        inputs = ctx.inputs
        if inputs.get("content_base64"):
            try:
                content = base64.b64decode(str(inputs["content_base64"]), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise PermanentStepError("content_base64 is not valid base64") from exc
            default_type = "application/octet-stream"
        elif inputs.get("text") is not None:
            content = str(inputs["text"]).encode()
            default_type = "text/plain; charset=utf-8"
        else:
            raise PermanentStepError("give the file's text or content_base64")
        name = str(inputs["name"])
        content_type = str(inputs.get("content_type") or default_type)
        # The step's idempotency key makes a redelivered step get the file it already stored.
        try:
            form: dict[str, str] = {}
            if inputs.get("folder"):
                form["folder"] = str(inputs["folder"])
            response = await den.request(
                "POST",
                "/api/v1/files",
                files={"file": (name, content, content_type)},
                data=form,
                headers={"Idempotency-Key": ctx.idempotency_key},
            )
        except ServiceCallError as exc:
            raise service_error("Den refused the file", exc) from exc
        replayed = response.status_code == 200  # Den answers 200 to a repeated key
        return StepResult(
            outputs=_stored(response.json()), notes="already stored" if replayed else ""
        )


def _stored(file: dict[str, Any]) -> dict[str, Any]:
    return {
        "file_id": str(file["id"]),
        "name": str(file["name"]),
        "size": int(file["size_bytes"]),
        "content_type": str(file.get("content_type", "")),
    }


@register_executor
class WorkspaceExecutor(AgentExecutor):
    kind = "workspace"

    async def run(self, ctx: StepContext) -> StepResult:
        store = ctx.resources.workspace
        if store is None:
            raise PermanentStepError("workspace store not available")
        operation = ctx.agent.config.get("operation", "query")
        inputs = ctx.inputs
        if operation == "query":
            items = await store.query(
                organization_id=ctx.organization_id,
                user_id=ctx.user_id,
                kind=str(inputs["kind"]),
                filters=dict(inputs.get("filters") or {}),
                text=inputs.get("text"),
                limit=int(inputs.get("limit") or 50),
            )
            return StepResult(outputs={"items": items, "count": len(items)})
        if operation == "write":
            object_id, created = await store.write(
                organization_id=ctx.organization_id,
                user_id=ctx.user_id,
                kind=str(inputs["kind"]),
                object_id=inputs.get("object_id"),
                data=dict(inputs["data"]),
                idempotency_key=ctx.idempotency_key,
            )
            return StepResult(outputs={"object_id": object_id, "created": created})
        raise PermanentStepError(f"unknown workspace operation {operation!r}")


@register_executor
class MemoryExecutor(AgentExecutor):
    kind = "memory"

    async def run(self, ctx: StepContext) -> StepResult:
        store = ctx.resources.memory
        if store is None:
            raise PermanentStepError("memory store not available")
        operation = ctx.agent.config.get("operation", "search")
        if operation == "search":
            memories = await store.search(
                organization_id=ctx.organization_id,
                user_id=ctx.user_id,
                query=str(ctx.inputs["query"]),
                limit=int(ctx.inputs.get("limit") or 10),
            )
            return StepResult(outputs={"memories": memories})
        if operation == "store":
            memory_id = await store.store(
                organization_id=ctx.organization_id,
                user_id=ctx.user_id,
                content=str(ctx.inputs["content"]),
                tags=[str(tag) for tag in ctx.inputs.get("tags") or []],
                idempotency_key=ctx.idempotency_key,
            )
            return StepResult(outputs={"memory_id": memory_id})
        raise PermanentStepError(f"unknown memory operation {operation!r}")


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
