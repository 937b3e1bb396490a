"""Quota per organization: clear 413s, correct under concurrent uploads, trash counts until purged.

These tests commit for real (no shared rolled-back session), as concurrent requests need their
own transactions; every test uses a fresh organization, so nothing leaks between tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from den_testkit import FakeInkPass
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, update
from starlette.requests import ClientDisconnect

from den.files.models import StoredFile
from den.files.scheduled import purge_trash
from den.quotas.service import set_quota
from fluxkit.db import unit_of_work, utcnow
from fluxkit.testing import client_for

KIB = 1024


@pytest.fixture
async def committed(den_app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with client_for(den_app) as http:
        yield http


async def _quota(app: FastAPI, organization_id: uuid.UUID, quota: int) -> None:
    async with unit_of_work(app.state.session_factory) as session:
        await set_quota(session, organization_id, quota)


async def _usage(client: AsyncClient, auth: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/api/v1/files/usage", headers=auth)
    assert response.status_code == 200
    return dict(response.json())


def _objects(app: FastAPI, organization_id: uuid.UUID) -> list[Path]:
    folder = Path(app.state.settings.storage_dir) / "objects" / str(organization_id)
    return list(folder.iterdir()) if folder.exists() else []


async def _upload(client: AsyncClient, auth: dict[str, str], size: int) -> Any:
    return await client.post(
        "/api/v1/files", headers=auth, files={"file": ("blob.bin", os.urandom(size))}
    )


async def test_upload_past_the_quota_is_413_with_a_clear_message(
    committed: AsyncClient, den_app: FastAPI, auth: dict[str, str], org: uuid.UUID
) -> None:
    await _quota(den_app, org, 100 * KIB)
    assert (await _upload(committed, auth, 60 * KIB)).status_code == 201
    refused = await _upload(committed, auth, 60 * KIB)
    assert refused.status_code == 413
    body = refused.json()
    assert body["error"] == "QuotaExceeded"
    assert body["detail"].startswith("storage quota exceeded")
    assert "100.0 KiB" in body["detail"]
    assert body["quota_bytes"] == 100 * KIB

    usage = await _usage(committed, auth)
    assert usage["used_bytes"] == 60 * KIB
    assert usage["reserved_bytes"] == 0
    assert usage["available_bytes"] == 40 * KIB
    assert usage["file_count"] == 1
    assert len(_objects(den_app, org)) == 1


async def test_concurrent_uploads_never_exceed_the_quota(
    committed: AsyncClient, den_app: FastAPI, auth: dict[str, str], org: uuid.UUID
) -> None:
    await _quota(den_app, org, 1000 * KIB)
    results = await asyncio.gather(*(_upload(committed, auth, 300 * KIB) for _ in range(8)))
    statuses = sorted(response.status_code for response in results)
    assert statuses == [201] * 3 + [413] * 5
    usage = await _usage(committed, auth)
    assert usage["used_bytes"] == 900 * KIB
    assert usage["reserved_bytes"] == 0
    assert len(_objects(den_app, org)) == 3


async def test_trash_counts_until_purged(
    committed: AsyncClient, den_app: FastAPI, auth: dict[str, str], org: uuid.UUID
) -> None:
    await _quota(den_app, org, 100 * KIB)
    first = (await _upload(committed, auth, 60 * KIB)).json()
    assert (await committed.delete(f"/api/v1/files/{first['id']}", headers=auth)).status_code == 204
    usage = await _usage(committed, auth)
    assert (usage["used_bytes"], usage["trashed_bytes"], usage["file_count"]) == (
        60 * KIB,
        60 * KIB,
        0,
    )
    assert (await _upload(committed, auth, 60 * KIB)).status_code == 413

    purge = await committed.delete(
        f"/api/v1/files/{first['id']}", params={"permanent": "true"}, headers=auth
    )
    assert purge.status_code == 204
    assert _objects(den_app, org) == []
    assert (await _upload(committed, auth, 60 * KIB)).status_code == 201


async def test_duplicates_count_against_the_quota(
    committed: AsyncClient, den_app: FastAPI, auth: dict[str, str], org: uuid.UUID
) -> None:
    await _quota(den_app, org, 100 * KIB)
    file = (await _upload(committed, auth, 60 * KIB)).json()
    copy = await committed.post(f"/api/v1/files/{file['id']}/duplicate", headers=auth, json={})
    assert copy.status_code == 413
    assert len(_objects(den_app, org)) == 1
    assert (await _usage(committed, auth))["reserved_bytes"] == 0


async def test_an_interrupted_upload_gives_its_reservation_back(
    den_app: FastAPI, committed: AsyncClient, auth: dict[str, str], org: uuid.UUID
) -> None:
    await _quota(den_app, org, 10 * 1024 * KIB)
    boundary = "----den-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n'
    ).encode()
    chunks = [head + os.urandom(300 * KIB), os.urandom(300 * KIB)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if chunks:
            return {"type": "http.request", "body": chunks.pop(0), "more_body": True}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/files",
        "raw_path": b"/api/v1/files",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", auth["Authorization"].encode()),
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
            (b"content-length", str(5 * 1024 * KIB).encode()),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    # The client went away: the app gives up on the request (what it sends back goes nowhere).
    with contextlib.suppress(ClientDisconnect):
        await den_app(scope, receive, send)
    usage = await _usage(committed, auth)
    assert usage["reserved_bytes"] == 0
    assert usage["used_bytes"] == 0
    assert _objects(den_app, org) == []
    assert not list((Path(den_app.state.settings.storage_dir) / "incoming").glob("*.part"))


async def test_purge_trash_deletes_old_trash_rows_and_bytes(
    committed: AsyncClient, den_app: FastAPI, inkpass: FakeInkPass
) -> None:
    org = uuid.uuid4()
    auth = inkpass.headers(org)
    old = (await _upload(committed, auth, 10 * KIB)).json()
    recent = (await _upload(committed, auth, 10 * KIB)).json()
    for file in (old, recent):
        await committed.delete(f"/api/v1/files/{file['id']}", headers=auth)
    async with unit_of_work(den_app.state.session_factory) as session:
        await session.execute(
            update(StoredFile)
            .where(StoredFile.id == uuid.UUID(old["id"]))
            .values(deleted_at=utcnow() - timedelta(days=31))
        )

    purged = await purge_trash(
        den_app.state.session_factory, den_app.state.storage, older_than=timedelta(days=30)
    )
    assert purged >= 1
    async with unit_of_work(den_app.state.session_factory) as session:
        remaining = (
            await session.scalars(select(StoredFile.id).where(StoredFile.organization_id == org))
        ).all()
    assert remaining == [uuid.UUID(recent["id"])]
    assert [path.name for path in _objects(den_app, org)] == [recent["id"]]
    usage = await _usage(committed, auth)
    assert usage["used_bytes"] == 10 * KIB
