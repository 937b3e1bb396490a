"""Signed links: anyone holding one downloads until it expires; any change to it gives 403."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlencode, urlsplit

import anyio
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from den.app import create_app
from den.files import signing
from den.settings import DenSettings
from fluxkit.testing import client_for, running

CDN_KEY = "bunny-token-key-0123456789abcdef"


async def _upload(client: AsyncClient, auth: dict[str, str], data: bytes = b"secret plans") -> str:
    response = await client.post("/api/v1/files", headers=auth, files={"file": ("plans.txt", data)})
    assert response.status_code == 201
    return str(response.json()["id"])


def _local(url: str) -> str:
    """The path and query of a link (the test client talks to the app directly)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def _signed(client: AsyncClient, auth: dict[str, str], file_id: str, **body: object) -> str:
    response = await client.post(f"/api/v1/files/{file_id}/signed-url", headers=auth, json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["url"])


async def test_signed_link_downloads_without_credentials(
    backend_client: AsyncClient, auth: dict[str, str]
) -> None:
    file_id = await _upload(backend_client, auth)
    url = await _signed(backend_client, auth, file_id, expires_in=600)
    assert url.startswith(f"http://files.test/f/{file_id}?")
    response = await backend_client.get(_local(url))
    assert response.status_code == 200
    assert response.content == b"secret plans"
    assert response.headers["content-disposition"].startswith("attachment;")
    ranged = await backend_client.get(_local(url), headers={"Range": "bytes=7-"})
    assert ranged.status_code == 206
    assert ranged.content == b"plans"


async def test_tampered_links_are_forbidden(client: AsyncClient, auth: dict[str, str]) -> None:
    file_id = await _upload(client, auth)
    other_id = await _upload(client, auth, b"other file")
    url = await _signed(client, auth, file_id, expires_in=600)
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}

    forged_sig = {**query, "sig": query["sig"][:-2] + ("AA" if query["sig"][-2:] != "AA" else "BB")}
    later = {**query, "exp": str(int(query["exp"]) + 86400)}
    inline = {**query, "disposition": "inline"}
    for params, target in [
        (forged_sig, file_id),
        (later, file_id),
        (inline, file_id),
        (query, other_id),  # a genuine signature for another file
        ({"exp": query["exp"]}, file_id),
        ({"sig": query["sig"]}, file_id),
    ]:
        response = await client.get(f"/f/{target}?{urlencode(params)}")
        assert response.status_code == 403, params
    unsigned = await client.get(f"/f/{file_id}")
    assert unsigned.status_code == 403
    assert "signed link" in unsigned.json()["detail"]


async def test_expired_links_are_forbidden(
    client: AsyncClient, den_app: FastAPI, auth: dict[str, str]
) -> None:
    file_id = await _upload(client, auth)
    secret = den_app.state.settings.signing_secret
    past = int(time.time()) - 1
    old_link = signing.signed_path(uuid.UUID(file_id), past, "attachment", secret)
    expired = await client.get(old_link)
    assert expired.status_code == 403
    assert expired.json()["error"] == "LinkExpired"

    short = await _signed(client, auth, file_id, expires_in=1)
    assert (await client.get(_local(short))).status_code == 200
    await anyio.sleep(2.1)
    assert (await client.get(_local(short))).status_code == 403


async def test_expiry_is_capped_at_seven_days(client: AsyncClient, auth: dict[str, str]) -> None:
    file_id = await _upload(client, auth)
    too_long = await client.post(
        f"/api/v1/files/{file_id}/signed-url", headers=auth, json={"expires_in": 7 * 86400 + 1}
    )
    assert too_long.status_code == 422
    week = await client.post(
        f"/api/v1/files/{file_id}/signed-url", headers=auth, json={"expires_in": 7 * 86400}
    )
    assert week.status_code == 200


async def test_inline_links_carry_their_disposition(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    file_id = await _upload(client, auth)
    url = await _signed(client, auth, file_id, disposition="inline")
    response = await client.get(_local(url))
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("inline;")


async def test_public_files_need_no_signature_and_trash_hides_them(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    file_id = await _upload(client, auth)
    assert (await client.get(f"/f/{file_id}")).status_code == 403
    made_public = await client.patch(
        f"/api/v1/files/{file_id}", headers=auth, json={"is_public": True}
    )
    assert made_public.json()["public_url"] == f"http://files.test/f/{file_id}"
    public = await client.get(f"/f/{file_id}")
    assert public.status_code == 200
    assert public.content == b"secret plans"
    assert public.headers["x-content-type-options"] == "nosniff"

    signed = await _signed(client, auth, file_id)
    await client.delete(f"/api/v1/files/{file_id}", headers=auth)
    assert (await client.get(f"/f/{file_id}")).status_code == 404
    assert (await client.get(_local(signed))).status_code == 404
    assert (await client.get(f"/f/{uuid.uuid4()}")).status_code == 404


# -- CDN mode --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def cdn_app(den_settings: DenSettings) -> AsyncIterator[FastAPI]:
    settings = den_settings.model_copy(
        update={
            "cdn_base_url": "https://cdn.example.test/den",
            "cdn_token_key": SecretStr(CDN_KEY),
        }
    )
    app = create_app(settings)
    async with running(app):
        yield app


@pytest.fixture
async def cdn_client(cdn_app: FastAPI, db: AsyncSession) -> AsyncIterator[AsyncClient]:
    async with client_for(cdn_app, db) as http:
        yield http


def _bunny(path: str, expires: int) -> str:
    digest = hashlib.sha256(f"{CDN_KEY}{path}{expires}".encode()).digest()
    return base64.b64encode(digest).decode().replace("+", "-").replace("/", "_").replace("=", "")


async def test_cdn_mode_signs_bunny_tokens_for_the_cdn_base(
    cdn_client: AsyncClient, auth: dict[str, str]
) -> None:
    file_id = await _upload(cdn_client, auth)
    response = await cdn_client.post(
        f"/api/v1/files/{file_id}/signed-url", headers=auth, json={"expires_in": 300}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["cdn"] is True
    parts = urlsplit(body["url"])
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "cdn.example.test",
        f"/den/f/{file_id}",
    )
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    # Exactly what Bunny's edge computes: base64url(sha256(key + path + expires)), no padding.
    assert query["token"] == _bunny(parts.path, int(query["expires"]))
    assert int(query["expires"]) - time.time() == pytest.approx(300, abs=5)

    # The origin accepts the same token when the CDN pulls through.
    pulled = await cdn_client.get(f"/f/{file_id}?{parts.query}")
    assert pulled.status_code == 200
    assert pulled.content == b"secret plans"

    tampered = await cdn_client.get(
        f"/f/{file_id}?{urlencode({**query, 'expires': int(query['expires']) + 60})}"
    )
    assert tampered.status_code == 403
    stale_expiry = int(time.time()) - 5
    expired = await cdn_client.get(
        f"/f/{file_id}?{urlencode({'token': _bunny(parts.path, stale_expiry), 'expires': stale_expiry})}"
    )
    assert expired.status_code == 403
    assert expired.json()["error"] == "LinkExpired"


async def test_cdn_tokens_are_refused_when_cdn_mode_is_off(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    file_id = await _upload(client, auth)
    expires = int(time.time()) + 300
    response = await client.get(
        f"/f/{file_id}?{urlencode({'token': _bunny(f'/den/f/{file_id}', expires), 'expires': expires})}"
    )
    assert response.status_code == 403
