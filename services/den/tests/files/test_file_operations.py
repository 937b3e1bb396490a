"""Listing, renaming, moving, tagging, duplicating, trash and restore."""

from __future__ import annotations

import hashlib
import os
import uuid

from fastapi import FastAPI
from httpx import AsyncClient


async def _file(
    client: AsyncClient, auth: dict[str, str], name: str, data: bytes = b"x", **fields: str
) -> dict:
    response = await client.post(
        "/api/v1/files", headers=auth, data=fields, files={"file": (name, data)}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_listing_pages_filters_by_folder_tag_and_name(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    for index in range(5):
        await _file(client, auth, f"note-{index}.txt", folder="/notes", tags="work")
    await _file(client, auth, "holiday.jpg", folder="/photos", tags="personal,2025")
    await _file(client, auth, "100%_done.txt")

    first = await client.get(
        "/api/v1/files",
        params={"folder": "/notes", "limit": 2, "sort": "name"},
        headers=auth,
    )
    body = first.json()
    assert body["total"] == 5
    assert [item["name"] for item in body["items"]] == ["note-0.txt", "note-1.txt"]
    third_page = await client.get(
        "/api/v1/files",
        params={"folder": "/notes", "limit": 2, "offset": 4, "sort": "name"},
        headers=auth,
    )
    assert [item["name"] for item in third_page.json()["items"]] == ["note-4.txt"]

    tagged = await client.get("/api/v1/files", params={"tag": "2025"}, headers=auth)
    assert [item["path"] for item in tagged.json()["items"]] == ["/photos/holiday.jpg"]
    root_only = await client.get("/api/v1/files", params={"folder": "/"}, headers=auth)
    assert [item["name"] for item in root_only.json()["items"]] == ["100%_done.txt"]
    everything = await client.get("/api/v1/files", headers=auth)
    assert everything.json()["total"] == 7
    # LIKE wildcards in a search are literal.
    search = await client.get("/api/v1/files", params={"q": "%_"}, headers=auth)
    assert [item["name"] for item in search.json()["items"]] == ["100%_done.txt"]


async def test_rename_move_retag_and_visibility(client: AsyncClient, auth: dict[str, str]) -> None:
    file = await _file(client, auth, "draft.txt", folder="/drafts")
    response = await client.patch(
        f"/api/v1/files/{file['id']}",
        headers=auth,
        json={"name": "final.txt", "folder": "/published/2025", "tags": ["done", " done ", "x"]},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["path"] == "/published/2025/final.txt"
    assert body["tags"] == ["done", "x"]
    to_root = await client.patch(f"/api/v1/files/{file['id']}", headers=auth, json={"folder": "/"})
    assert to_root.json()["path"] == "/final.txt"
    extra = await client.patch(
        f"/api/v1/files/{file['id']}", headers=auth, json={"organization_id": "x"}
    )
    assert extra.status_code == 422


async def test_duplicate_copies_bytes_to_a_new_file(
    backend_client: AsyncClient, auth: dict[str, str]
) -> None:
    data = os.urandom(50_000)
    source = await _file(backend_client, auth, "model.bin", data, folder="/models", tags="v1")
    response = await backend_client.post(
        f"/api/v1/files/{source['id']}/duplicate", headers=auth, json={}
    )
    assert response.status_code == 201, response.text
    copy = response.json()
    assert copy["id"] != source["id"]
    assert copy["path"] == "/models/model (copy).bin"
    assert copy["sha256"] == hashlib.sha256(data).hexdigest()
    assert copy["tags"] == ["v1"]
    # The copy has its own bytes: trashing and purging the source leaves it intact.
    await backend_client.delete(f"/api/v1/files/{source['id']}", headers=auth)
    purge = await backend_client.delete(
        f"/api/v1/files/{source['id']}", params={"permanent": "true"}, headers=auth
    )
    assert purge.status_code == 204
    download = await backend_client.get(copy["download_url"], headers=auth)
    assert download.content == data

    named = await backend_client.post(
        f"/api/v1/files/{copy['id']}/duplicate",
        headers=auth,
        json={"name": "model-v2.bin", "folder": "/models/next"},
    )
    assert named.json()["path"] == "/models/next/model-v2.bin"


async def test_soft_delete_hides_keeps_bytes_and_restore_brings_back(
    backend_client: AsyncClient, backend_app: FastAPI, auth: dict[str, str], org: uuid.UUID
) -> None:
    file = await _file(backend_client, auth, "keep.txt", b"precious")
    deleted = await backend_client.delete(f"/api/v1/files/{file['id']}", headers=auth)
    assert deleted.status_code == 204
    assert (await backend_client.get("/api/v1/files", headers=auth)).json()["total"] == 0
    trash = await backend_client.get("/api/v1/files", params={"deleted": "true"}, headers=auth)
    assert [item["id"] for item in trash.json()["items"]] == [file["id"]]
    assert trash.json()["items"][0]["deleted_at"] is not None
    gone = await backend_client.get(file["download_url"], headers=auth)
    assert gone.status_code == 404
    key = f"{org}/{file['id']}"
    assert await backend_app.state.storage.exists(key)

    restored = await backend_client.post(f"/api/v1/files/{file['id']}/restore", headers=auth)
    assert restored.status_code == 200
    assert restored.json()["deleted_at"] is None
    download = await backend_client.get(file["download_url"], headers=auth)
    assert download.content == b"precious"
    again = await backend_client.post(f"/api/v1/files/{file['id']}/restore", headers=auth)
    assert again.status_code == 409

    not_trashed = await backend_client.delete(
        f"/api/v1/files/{file['id']}", params={"permanent": "true"}, headers=auth
    )
    assert not_trashed.status_code == 409
    await backend_client.delete(f"/api/v1/files/{file['id']}", headers=auth)
    purged = await backend_client.delete(
        f"/api/v1/files/{file['id']}", params={"permanent": "true"}, headers=auth
    )
    assert purged.status_code == 204
    assert not await backend_app.state.storage.exists(key)
    assert (
        await backend_client.get(f"/api/v1/files/{file['id']}", headers=auth)
    ).status_code == 404
