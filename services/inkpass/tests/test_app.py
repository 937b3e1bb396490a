from httpx import AsyncClient


async def test_health_and_ready(client: AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text


async def test_openapi_served_under_service_prefix(client: AsyncClient) -> None:
    response = await client.get("/api/v1/inkpass/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "InkPass"


async def test_unknown_path_is_a_json_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/auth/does-not-exist")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"
