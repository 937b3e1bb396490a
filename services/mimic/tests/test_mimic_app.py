from httpx import AsyncClient


async def test_health_and_openapi(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).status_code == 200
    response = await client.get("/api/v1/mimic/openapi.json")
    assert response.json()["info"]["title"] == "Mimic"
    paths = response.json()["paths"]
    assert "/api/v1/notifications" in paths
    assert "/api/v1/templates/{template_id}/preview" in paths


async def test_requests_without_credentials_are_refused(client: AsyncClient) -> None:
    response = await client.get("/api/v1/notifications")
    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"
