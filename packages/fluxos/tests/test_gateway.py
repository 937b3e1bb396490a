"""The gateway: longest-prefix dispatch, lifespans, readiness, metrics, the web app fallback."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import fluxos_fake_services as fakes
import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from fluxkit.manifest import ServiceManifest

with warnings.catch_warnings():  # the test client's own advice about its transport
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from fluxos.gateway import Gateway, MountedService, build_gateway
from fluxos.webapp import WebApp


@pytest.fixture
def gateway() -> Gateway:
    fakes.EVENTS.clear()
    return build_gateway([fakes.ALPHA, fakes.BETA], None)


def client(app: Gateway) -> TestClient:
    return TestClient(app, base_url="http://gateway")


def test_requests_go_to_the_longest_matching_prefix_unstripped(gateway: Gateway) -> None:
    with client(gateway) as http:
        expectations = {
            "/api/v1/alpha/things/1": "alpha",
            "/api/v1/shared/x": "alpha",
            "/api/v1/shared/deeper/x": "beta",
            "/api/v1/shared/deeperish": "alpha",  # prefixes match whole path segments
            "/api/v1/beta/": "beta",
            "/api/v1/shared": "alpha",
        }
        for path, service in expectations.items():
            body = http.get(path).json()
            assert body["service"] == service, path
            assert body["path"] == path
            # The lifespan's yielded state reaches the service's requests.
            assert body["state"] == service


def test_unowned_api_paths_are_json_404s(gateway: Gateway) -> None:
    with client(gateway) as http:
        response = http.get("/api/v1/nobody/here")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_lifespans_start_in_order_and_stop_in_reverse(gateway: Gateway) -> None:
    with client(gateway):
        assert fakes.EVENTS == ["alpha:start", "beta:start"]
    assert fakes.EVENTS == ["alpha:start", "beta:start", "beta:stop", "alpha:stop"]


def test_a_failing_lifespan_fails_startup_and_unwinds_the_others() -> None:
    fakes.EVENTS.clear()

    @asynccontextmanager
    async def broken(_app: FastAPI) -> AsyncIterator[None]:
        raise RuntimeError("no database")
        yield

    services = [
        MountedService("alpha", ("/api/v1/alpha/",), fakes.create_alpha()),
        MountedService("broken", ("/api/v1/broken/",), FastAPI(lifespan=broken)),
    ]
    with (
        pytest.raises(RuntimeError, match="broken failed to start"),
        client(Gateway(services, WebApp(None))),
    ):
        pass
    assert fakes.EVENTS == ["alpha:start", "alpha:stop"]


def test_sse_and_websockets_pass_through(gateway: Gateway) -> None:
    with client(gateway) as http:
        with http.stream("GET", "/api/v1/beta/stream") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            body = "".join(response.iter_text())
        assert body == "".join(f"id: {i}\ndata: beta-{i}\n\n" for i in range(3))
        with http.websocket_connect("/api/v1/alpha/ws") as socket:
            socket.send_text("hello")
            assert socket.receive_text() == "alpha heard hello"


def _service_with_readyz(status: int) -> FastAPI:
    app = FastAPI()

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        return JSONResponse({"status": "ok" if status == 200 else "down"}, status_code=status)

    return app


async def test_readyz_aggregates_every_service() -> None:
    healthy = Gateway(
        [
            MountedService("one", ("/a/",), _service_with_readyz(200)),
            MountedService("two", ("/b/",), _service_with_readyz(200)),
        ],
        WebApp(None),
    )
    transport = httpx.ASGITransport(app=healthy)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        response = await http.get("/readyz")
    assert response.status_code == 200
    assert response.json()["services"]["two"]["status"] == "ok"

    failing = Gateway(
        [
            MountedService("one", ("/a/",), _service_with_readyz(200)),
            MountedService("two", ("/b/",), _service_with_readyz(503)),
            MountedService("three", ("/c/",), FastAPI()),  # no /readyz at all
        ],
        WebApp(None),
    )
    transport = httpx.ASGITransport(app=failing)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        response = await http.get("/readyz")
        health = await http.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["services"]["one"]["status"] == "ok"
    assert report["services"]["two"] == {
        "status": "unavailable",
        "code": 503,
        "detail": {"status": "down"},
    }
    assert report["services"]["three"]["code"] == 404
    assert health.status_code == 200  # the process is up even when a service is not ready


def test_metrics_serve_the_prometheus_registry(gateway: Gateway) -> None:
    with client(gateway) as http:
        response = http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "python_info" in response.text or "process_" in response.text


def test_two_services_cannot_claim_one_prefix() -> None:
    with pytest.raises(ValueError, match="claimed"):
        Gateway(
            [
                MountedService("one", ("/api/v1/x/",), FastAPI()),
                MountedService("two", ("/api/v1/x",), FastAPI()),
            ],
            WebApp(None),
        )


def test_build_gateway_reports_a_broken_manifest() -> None:
    manifest = ServiceManifest("ghost", "no_such_module:create", ("/g/",), Path("."))
    with pytest.raises(RuntimeError, match="no_such_module"):
        build_gateway([manifest], None)


@pytest.fixture
def web_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>inbox app</html>")
    (dist / "assets" / "app-1234.js").write_text("console.log('app')")
    (dist / "robots.txt").write_text("User-agent: *")
    (tmp_path / "secret.txt").write_text("outside the build")
    return dist


def test_web_app_serves_files_with_spa_fallback(web_dist: Path) -> None:
    with client(build_gateway([fakes.ALPHA], web_dist)) as http:
        index = http.get("/")
        assert index.status_code == 200 and "inbox app" in index.text
        assert index.headers["cache-control"] == "no-cache"

        script = http.get("/assets/app-1234.js")
        assert script.text == "console.log('app')"
        assert "immutable" in script.headers["cache-control"]
        assert http.get("/robots.txt").text == "User-agent: *"

        for route in ("/inbox", "/inbox/conversations/42", "/settings/"):
            page = http.get(route)
            assert page.status_code == 200 and "inbox app" in page.text, route

        assert http.get("/assets/missing-9999.js").status_code == 404
        assert http.post("/inbox").status_code == 405
        # Service paths still win over the web app.
        assert http.get("/api/v1/alpha/x").json()["service"] == "alpha"


def test_web_app_never_serves_outside_the_build(web_dist: Path) -> None:
    web = WebApp(web_dist)
    for path in ("/../secret.txt", "/assets/../../secret.txt"):
        assert web.respond(path, "GET").status_code == 404, path


def test_web_app_missing_build_says_so(tmp_path: Path) -> None:
    with client(build_gateway([], tmp_path / "nothing")) as http:
        page = http.get("/inbox")
    assert page.status_code == 200
    assert "not built" in page.text
