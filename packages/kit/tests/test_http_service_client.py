import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from fluxkit.errors import Conflict, NotFound, install_error_handlers
from fluxkit.http import (
    ServiceAuthenticationFailed,
    ServiceClient,
    ServiceConflict,
    ServiceNotFound,
    ServiceUnavailableError,
)


def downstream() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/echo")
    async def echo(request: Request) -> dict[str, Any]:
        return {
            "authorization": request.headers.get("authorization"),
            "on_behalf_of": request.headers.get("x-fluxos-on-behalf-of"),
        }

    @app.get("/missing")
    async def missing() -> None:
        raise NotFound("no such task")

    @app.post("/conflict")
    async def conflict() -> None:
        raise Conflict("already approved")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("bug")

    return app


@pytest.fixture
async def client() -> AsyncIterator[ServiceClient]:
    transport = httpx.ASGITransport(app=downstream(), raise_app_exceptions=False)
    async with ServiceClient("http://inkpass", "flxs_secret", transport=transport) as service:
        yield service


async def test_service_token_and_user_identity_travel(client: ServiceClient) -> None:
    alone = await client.get("/echo")
    assert alone == {"authorization": "Bearer flxs_secret", "on_behalf_of": None}
    user, org = uuid.uuid4(), uuid.uuid4()
    acting = await client.as_user(user, org).get("/echo")
    assert acting == {"authorization": "Bearer flxs_secret", "on_behalf_of": f"{user}:{org}"}
    # The view does not change the client it came from.
    assert (await client.get("/echo"))["on_behalf_of"] is None


async def test_errors_are_typed(client: ServiceClient) -> None:
    with pytest.raises(ServiceNotFound) as missing:
        await client.get("/missing")
    assert missing.value.status == 404
    assert missing.value.error == "NotFound"
    assert "no such task" in missing.value.message
    with pytest.raises(ServiceConflict):
        await client.post("/conflict", json={})
    with pytest.raises(ServiceUnavailableError) as boom:
        await client.get("/boom")
    assert boom.value.status == 500


async def test_refused_credential_and_unreachable_service() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "Unauthorized", "detail": "unknown token"})

    refused = ServiceClient("http://x", "flxs_bad", transport=httpx.MockTransport(refuse))
    with pytest.raises(ServiceAuthenticationFailed) as caught:
        await refused.get("/anything")
    assert caught.value.status_code == 502  # our deployment's fault, not the caller's

    unreachable = ServiceClient("http://127.0.0.1:9", "flxs_x", timeout=1.0)
    with pytest.raises(ServiceUnavailableError) as down:
        await unreachable.get("/healthz")
    assert down.value.status == 0
    await unreachable.aclose()
