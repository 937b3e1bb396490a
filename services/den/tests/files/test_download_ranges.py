"""Downloads honour one HTTP byte range (206), refuse ranges past the end (416), revalidate."""

from __future__ import annotations

import os

from httpx import AsyncClient

CONTENT = os.urandom(1000)


async def _upload(client: AsyncClient, auth: dict[str, str]) -> dict[str, str]:
    response = await client.post(
        "/api/v1/files", headers=auth, files={"file": ("data.bin", CONTENT)}
    )
    assert response.status_code == 201
    body: dict[str, str] = response.json()
    return body


async def test_single_ranges_answer_206_with_exact_bytes(
    backend_client: AsyncClient, auth: dict[str, str]
) -> None:
    url = (await _upload(backend_client, auth))["download_url"]
    cases = {
        "bytes=0-9": (0, 9),
        "bytes=990-": (990, 999),
        "bytes=-25": (975, 999),
        "bytes=500-5000": (500, 999),
        "bytes=-5000": (0, 999),
    }
    for header, (start, end) in cases.items():
        response = await backend_client.get(url, headers={**auth, "Range": header})
        assert response.status_code == 206, header
        assert response.content == CONTENT[start : end + 1], header
        assert response.headers["content-range"] == f"bytes {start}-{end}/1000"
        assert response.headers["content-length"] == str(end - start + 1)


async def test_unsatisfiable_range_is_416_with_the_size(
    backend_client: AsyncClient, auth: dict[str, str]
) -> None:
    url = (await _upload(backend_client, auth))["download_url"]
    for header in ("bytes=1000-", "bytes=5000-6000", "bytes=-0"):
        response = await backend_client.get(url, headers={**auth, "Range": header})
        assert response.status_code == 416, header
        assert response.headers["content-range"] == "bytes */1000"


async def test_multiple_or_malformed_ranges_get_the_whole_file(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    url = (await _upload(client, auth))["download_url"]
    for header in ("bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=abc"):
        response = await client.get(url, headers={**auth, "Range": header})
        assert response.status_code == 200, header
        assert response.content == CONTENT


async def test_etag_revalidation_and_if_range(client: AsyncClient, auth: dict[str, str]) -> None:
    url = (await _upload(client, auth))["download_url"]
    first = await client.get(url, headers=auth)
    etag = first.headers["etag"]
    unchanged = await client.get(url, headers={**auth, "If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    stale_range = await client.get(
        url, headers={**auth, "Range": "bytes=0-9", "If-Range": '"not-the-etag"'}
    )
    assert stale_range.status_code == 200
    assert stale_range.content == CONTENT
    fresh_range = await client.get(url, headers={**auth, "Range": "bytes=0-9", "If-Range": etag})
    assert fresh_range.status_code == 206


async def test_head_reports_size_without_a_body(client: AsyncClient, auth: dict[str, str]) -> None:
    url = (await _upload(client, auth))["download_url"]
    response = await client.head(url, headers=auth)
    assert response.status_code == 200
    assert response.headers["content-length"] == "1000"
    assert response.content == b""
    ranged = await client.head(url, headers={**auth, "Range": "bytes=10-19"})
    assert ranged.status_code == 206
    assert ranged.headers["content-range"] == "bytes 10-19/1000"


async def test_empty_file_downloads_empty(client: AsyncClient, auth: dict[str, str]) -> None:
    response = await client.post("/api/v1/files", headers=auth, files={"file": ("e.txt", b"")})
    assert response.status_code == 201
    body = response.json()
    assert body["size_bytes"] == 0
    download = await client.get(body["download_url"], headers=auth)
    assert download.status_code == 200
    assert download.content == b""
    ranged = await client.get(body["download_url"], headers={**auth, "Range": "bytes=0-"})
    assert ranged.status_code == 416
