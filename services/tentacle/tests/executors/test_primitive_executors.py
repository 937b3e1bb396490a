"""Primitives against real HTTP: Mimic and Den protocol stand-ins, the guarded outbound client."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from executor_kit import LocalServer, context
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

from fluxkit.http import GuardedClient, ServiceClient
from tentacle.executors import (
    ExecutorResources,
    PermanentStepError,
    ServiceClients,
    TransientStepError,
    get_executor,
)

SERVICE_TOKEN = "flxs_tentacle-test"


class Services:
    """Speaks the slice of Mimic's and Den's APIs the primitives use, and records the calls."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.notifications: dict[str, dict[str, Any]] = {}
        self.files: list[dict[str, Any]] = []
        self.fail_with: int | None = None
        self.app = Starlette(
            routes=[
                Route("/api/v1/notifications", self.notify, methods=["POST"]),
                Route("/api/v1/files", self.upload, methods=["POST"]),
                Route("/page", self.page),
                Route("/data", self.data),
            ]
        )

    def _record(self, request: Request, body: Any) -> None:
        self.calls.append(
            {
                "path": request.url.path,
                "authorization": request.headers.get("authorization"),
                "on_behalf_of": request.headers.get("x-fluxos-on-behalf-of"),
                "idempotency_key": request.headers.get("idempotency-key"),
                "body": body,
            }
        )

    async def notify(self, request: Request) -> JSONResponse:
        body = await request.json()
        self._record(request, body)
        if self.fail_with:
            return JSONResponse({"error": "Failed", "detail": "nope"}, status_code=self.fail_with)
        key = request.headers["idempotency-key"]
        sent = self.notifications.setdefault(key, {"id": str(uuid.uuid4()), "status": "queued"})
        return JSONResponse(sent, status_code=202)

    async def upload(self, request: Request) -> JSONResponse:
        form = await request.form()
        upload: Any = form["file"]
        content = await upload.read()
        key = request.headers.get("idempotency-key")
        self._record(request, {"key": key, "folder": form.get("folder")})
        for earlier in self.files:
            if key is not None and earlier["key"] == key:
                if earlier["content"] != content:
                    return JSONResponse({"error": "IdempotencyKeyReused"}, status_code=409)
                shown = {k: v for k, v in earlier.items() if k not in ("content", "key")}
                return JSONResponse(shown, status_code=200)
        stored = {
            "id": str(uuid.uuid4()),
            "name": upload.filename,
            "size_bytes": len(content),
            "content_type": upload.content_type,
            "content": content,
            "key": key,
        }
        self.files.append(stored)
        shown = {k: v for k, v in stored.items() if k not in ("content", "key")}
        return JSONResponse(shown, status_code=201)

    async def page(self, request: Request) -> PlainTextResponse:
        return PlainTextResponse("hello from the page")

    async def data(self, request: Request) -> JSONResponse:
        return JSONResponse({"numbers": [1, 2, 3]})


@pytest.fixture(scope="module")
def services() -> Iterator[Services]:
    fake = Services()
    with LocalServer(fake.app) as server:
        fake.url = server.url  # type: ignore[attr-defined]
        yield fake


@pytest.fixture
def clients(services: Services) -> Iterator[ServiceClients]:
    services.calls.clear()
    services.fail_with = None
    url = services.url  # type: ignore[attr-defined]
    yield ServiceClients(
        mimic=ServiceClient(url, SERVICE_TOKEN), den=ServiceClient(url, SERVICE_TOKEN)
    )


async def test_notify_sends_through_mimic_as_the_user_once_per_step(
    tmp_path: Path, services: Services, clients: ServiceClients
) -> None:
    user, org = uuid.uuid4(), uuid.uuid4()
    ctx = context(
        "notify",
        {"to": ["ada@example.com"], "subject": "Hi", "text": "Hello"},
        tmp_path,
        services=clients.for_user(user, org),
        user_id=user,
        organization_id=org,
    )
    first = await get_executor(ctx.agent).run(ctx)
    again = await get_executor(ctx.agent).run(ctx)  # a redelivered step

    assert first.outputs == again.outputs
    assert first.outputs["status"] == "queued"
    assert len(services.notifications) == 1
    call = services.calls[0]
    assert call["authorization"] == f"Bearer {SERVICE_TOKEN}"
    assert call["on_behalf_of"] == f"{user}:{org}"
    assert call["idempotency_key"] == ctx.idempotency_key
    assert call["body"]["to"] == ["ada@example.com"]
    assert call["body"]["metadata"]["step_id"] == str(ctx.step_id)


async def test_notify_failures_are_transient_or_permanent_by_status(
    tmp_path: Path, services: Services, clients: ServiceClients
) -> None:
    ctx = context("notify", {"to": ["a@example.com"], "text": "x"}, tmp_path, services=clients)
    services.fail_with = 503
    with pytest.raises(TransientStepError):
        await get_executor(ctx.agent).run(ctx)
    services.fail_with = 422
    with pytest.raises(PermanentStepError, match="Mimic refused"):
        await get_executor(ctx.agent).run(ctx)
    with pytest.raises(PermanentStepError, match="Mimic is not configured"):
        await get_executor(ctx.agent).run(context("notify", {"to": ["a@b.c"]}, tmp_path))


async def test_file_storage_uploads_to_den_once_per_step(
    tmp_path: Path, services: Services, clients: ServiceClients
) -> None:
    pdf = base64.b64encode(b"%PDF-1.4 tiny").decode()
    ctx = context(
        "file_storage",
        {"name": "report.pdf", "content_base64": pdf, "folder": "/reports"},
        tmp_path,
        services=clients,
    )
    first = await get_executor(ctx.agent).run(ctx)
    again = await get_executor(ctx.agent).run(ctx)

    assert again.outputs == first.outputs and again.notes == "already stored"
    assert first.outputs["size"] == len(b"%PDF-1.4 tiny") and first.outputs["name"] == "report.pdf"
    [stored] = [f for f in services.files if f["id"] == first.outputs["file_id"]]
    assert stored["content"] == b"%PDF-1.4 tiny"
    uploads = [c for c in services.calls if c["path"] == "/api/v1/files"]
    # Both attempts carried the step's key, so Den stored the file once.
    assert [u["body"]["key"] for u in uploads] == [ctx.idempotency_key] * 2
    assert uploads[0]["body"]["folder"] == "/reports"
    assert len([f for f in services.files if f["key"] == ctx.idempotency_key]) == 1

    bad = context(
        "file_storage", {"name": "x", "content_base64": "%%%"}, tmp_path, services=clients
    )
    with pytest.raises(PermanentStepError, match="base64"):
        await get_executor(bad.agent).run(bad)


async def test_http_fetch_reads_allow_listed_hosts_and_refuses_internal_ones(
    tmp_path: Path, services: Services
) -> None:
    url = services.url  # type: ignore[attr-defined]
    allowed = ExecutorResources(http=GuardedClient(allow_hosts=["127.0.0.1"]))
    ctx = context("http_fetch", {"url": f"{url}/data"}, tmp_path, resources=allowed)
    result = await get_executor(ctx.agent).run(ctx)
    assert result.outputs["status"] == 200 and result.outputs["json"] == {"numbers": [1, 2, 3]}
    assert ctx.agent.output_errors(result.outputs) == []

    page = context(
        "http_fetch", {"url": f"{url}/page", "max_chars": 5}, tmp_path, resources=allowed
    )
    assert (await get_executor(page.agent).run(page)).outputs["text"] == "hello"

    guarded = ExecutorResources(http=GuardedClient())
    internal = context("http_fetch", {"url": f"{url}/data"}, tmp_path, resources=guarded)
    with pytest.raises(PermanentStepError, match="not a public address"):
        await get_executor(internal.agent).run(internal)
    await allowed.aclose()
    await guarded.aclose()


async def test_workspace_and_memory_say_their_store_is_not_available(tmp_path: Path) -> None:
    for agent, inputs in [
        ("workspace_query", {"kind": "event"}),
        ("workspace_write", {"kind": "note", "data": {"text": "x"}}),
    ]:
        ctx = context(agent, inputs, tmp_path)
        with pytest.raises(PermanentStepError, match="workspace store not available"):
            await get_executor(ctx.agent).run(ctx)
    ctx = context("memory_search", {"query": "tea"}, tmp_path)
    with pytest.raises(PermanentStepError, match="memory store not available"):
        await get_executor(ctx.agent).run(ctx)


class ListWorkspace:
    """A real (in-memory) implementation of the WorkspaceStore protocol."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}

    async def query(self, *, organization_id: Any, user_id: Any, kind: str, filters: dict[str, Any], text: str | None, limit: int) -> list[dict[str, Any]]:  # fmt: skip
        return [o for o in self.objects.values() if o["kind"] == kind][:limit]

    async def write(self, *, organization_id: Any, user_id: Any, kind: str, object_id: str | None, data: dict[str, Any], idempotency_key: str) -> tuple[str, bool]:  # fmt: skip
        key = object_id or idempotency_key
        created = key not in self.objects
        self.objects[key] = {"kind": kind, **data}
        return key, created


async def test_workspace_primitives_call_the_configured_store(tmp_path: Path) -> None:
    store = ListWorkspace()
    resources = ExecutorResources(workspace=store)
    write = context(
        "workspace_write", {"kind": "note", "data": {"text": "tea"}}, tmp_path, resources=resources
    )
    written = await get_executor(write.agent).run(write)
    assert written.outputs["created"] is True
    again = await get_executor(write.agent).run(write)
    assert again.outputs == {"object_id": written.outputs["object_id"], "created": False}

    query = context("workspace_query", {"kind": "note"}, tmp_path, resources=resources)
    found = await get_executor(query.agent).run(query)
    assert found.outputs == {"items": [{"kind": "note", "text": "tea"}], "count": 1}
