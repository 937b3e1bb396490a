"""Folders: unique paths per organization; moving or renaming one carries its files along."""

from __future__ import annotations

import uuid

from den_testkit import FakeInkPass
from httpx import AsyncClient


async def _folder(client: AsyncClient, auth: dict[str, str], path: str) -> dict:
    response = await client.post("/api/v1/folders", headers=auth, json={"path": path})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _file(client: AsyncClient, auth: dict[str, str], folder: str, name: str) -> dict:
    response = await client.post(
        "/api/v1/files", headers=auth, data={"folder": folder}, files={"file": (name, b"x")}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_create_nested_folder_makes_parents_and_paths_are_unique(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    created = await _folder(client, auth, " projects//apollo/specs/ ")
    assert created["path"] == "/projects/apollo/specs"
    assert created["name"] == "specs"
    top = await client.get("/api/v1/folders", headers=auth)
    assert [folder["path"] for folder in top.json()] == ["/projects"]
    everything = await client.get(
        "/api/v1/folders", params={"parent": "/projects", "recursive": "true"}, headers=auth
    )
    assert [folder["path"] for folder in everything.json()] == [
        "/projects/apollo",
        "/projects/apollo/specs",
    ]
    again = await client.post("/api/v1/folders", headers=auth, json={"path": "/projects/apollo"})
    assert again.status_code == 409
    for bad in ("/a/../b", "/", "/a/\x01b"):
        response = await client.post("/api/v1/folders", headers=auth, json={"path": bad})
        assert response.status_code == 400, bad


async def test_same_path_in_two_organizations_is_fine_and_isolated(
    client: AsyncClient, inkpass: FakeInkPass, auth: dict[str, str]
) -> None:
    mine = await _folder(client, auth, "/shared")
    other_auth = inkpass.headers(uuid.uuid4())
    await _folder(client, other_auth, "/shared")
    assert (
        await client.get(f"/api/v1/folders/{mine['id']}", headers=other_auth)
    ).status_code == 404
    moved = await client.patch(
        f"/api/v1/folders/{mine['id']}", headers=other_auth, json={"name": "stolen"}
    )
    assert moved.status_code == 404


async def test_moving_a_folder_moves_its_subfolders_and_files(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    reports = await _folder(client, auth, "/reports")
    await _folder(client, auth, "/reports/2025/q3")
    annual = await _file(client, auth, "/reports", "annual.pdf")
    quarterly = await _file(client, auth, "/reports/2025/q3", "q3.xlsx")
    elsewhere = await _file(client, auth, "/reports-old", "keep.txt")

    moved = await client.patch(
        f"/api/v1/folders/{reports['id']}",
        headers=auth,
        json={"parent": "/archive", "name": "finance"},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["path"] == "/archive/finance"

    async def path_of(file: dict) -> str:
        response = await client.get(f"/api/v1/files/{file['id']}", headers=auth)
        return str(response.json()["path"])

    assert await path_of(annual) == "/archive/finance/annual.pdf"
    assert await path_of(quarterly) == "/archive/finance/2025/q3/q3.xlsx"
    # A sibling whose name merely starts the same way stays put.
    assert await path_of(elsewhere) == "/reports-old/keep.txt"

    listing = await client.get(
        "/api/v1/files", params={"folder": "/archive", "recursive": "true"}, headers=auth
    )
    assert sorted(item["path"] for item in listing.json()["items"]) == [
        "/archive/finance/2025/q3/q3.xlsx",
        "/archive/finance/annual.pdf",
    ]
    old = await client.get("/api/v1/files", params={"folder": "/reports"}, headers=auth)
    assert old.status_code == 404


async def test_folder_moves_that_cannot_work_are_refused(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    outer = await _folder(client, auth, "/outer")
    await _folder(client, auth, "/outer/inner")
    await _folder(client, auth, "/taken")
    into_itself = await client.patch(
        f"/api/v1/folders/{outer['id']}", headers=auth, json={"parent": "/outer/inner"}
    )
    assert into_itself.status_code == 409
    onto_existing = await client.patch(
        f"/api/v1/folders/{outer['id']}", headers=auth, json={"name": "taken"}
    )
    assert onto_existing.status_code == 409
    nested_name = await client.patch(
        f"/api/v1/folders/{outer['id']}", headers=auth, json={"name": "a/b"}
    )
    assert nested_name.status_code == 400


async def test_only_empty_folders_can_be_deleted(client: AsyncClient, auth: dict[str, str]) -> None:
    folder = await _folder(client, auth, "/tmp")
    file = await _file(client, auth, "/tmp", "scratch.txt")
    refused = await client.delete(f"/api/v1/folders/{folder['id']}", headers=auth)
    assert refused.status_code == 409
    await client.delete(f"/api/v1/files/{file['id']}", headers=auth)
    deleted = await client.delete(f"/api/v1/folders/{folder['id']}", headers=auth)
    assert deleted.status_code == 204
    # A trashed file of a deleted folder comes back at the root.
    restored = await client.post(f"/api/v1/files/{file['id']}/restore", headers=auth)
    assert restored.status_code == 200
    assert restored.json()["path"] == "/scratch.txt"
