"""The Tentacle app starts, serves its health check and documents its API."""

from httpx import AsyncClient


async def test_health_and_openapi(client: AsyncClient) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200
    spec = await client.get("/api/v1/tentacle/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["info"]["title"] == "Tentacle"


def test_manifest_routes_the_api_map() -> None:
    from tentacle.manifest import MANIFEST

    assert MANIFEST.name == "tentacle"
    for prefix in ("/api/v1/tasks", "/api/v1/checkpoints", "/api/v1/agents", "/api/v1/budgets"):
        assert prefix in MANIFEST.prefixes
    assert "tentacle.steps" in MANIFEST.worker_queues
