"""Uploading: streamed to storage, checksummed, typed from the bytes, scoped to the caller's org."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from den_testkit import FakeInkPass
from fastapi import FastAPI
from httpx import AsyncClient, Response

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(200)


async def test_upload_records_checksum_size_and_sniffed_type_then_downloads_same_bytes(
    backend_client: AsyncClient, auth: dict[str, str]
) -> None:
    content = os.urandom(300_000)
    response = await backend_client.post(
        "/api/v1/files",
        headers=auth,
        files={"file": ("report.pdf", b"%PDF-1.7\n" + content, "text/html")},
        data={"folder": "/reports/2025", "tags": "finance, q3", "public": "false"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    expected = b"%PDF-1.7\n" + content
    assert body["size_bytes"] == len(expected)
    assert body["sha256"] == hashlib.sha256(expected).hexdigest()
    # The client claimed text/html; the bytes say PDF.
    assert body["content_type"] == "application/pdf"
    assert body["path"] == "/reports/2025/report.pdf"
    assert body["folder"] == "/reports/2025"
    assert body["tags"] == ["finance", "q3"]
    assert body["is_public"] is False

    download = await backend_client.get(body["download_url"], headers=auth)
    assert download.status_code == 200
    assert download.content == expected
    assert download.headers["etag"] == f'"{body["sha256"]}"'
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["accept-ranges"] == "bytes"
    assert download.headers["content-type"] == "application/pdf"


async def test_large_upload_crosses_multipart_parts_and_ranges_read_back(
    backend_client: AsyncClient, auth: dict[str, str]
) -> None:
    # 11 MiB: more than two 5 MiB parts on S3, many write batches on disk.
    content = os.urandom(11 * 1024 * 1024 + 17)
    response = await backend_client.post(
        "/api/v1/files", headers=auth, files={"file": ("blob.bin", content)}
    )
    assert response.status_code == 201, response.text
    file = response.json()
    assert file["sha256"] == hashlib.sha256(content).hexdigest()
    assert file["content_type"] == "application/octet-stream"

    start, end = 5 * 1024 * 1024 - 10, 10 * 1024 * 1024 + 10
    ranged = await backend_client.get(
        file["download_url"], headers={**auth, "Range": f"bytes={start}-{end}"}
    )
    assert ranged.status_code == 206
    assert ranged.content == content[start : end + 1]
    assert ranged.headers["content-range"] == f"bytes {start}-{end}/{len(content)}"

    whole = await backend_client.get(file["download_url"], headers=auth)
    assert hashlib.sha256(whole.content).hexdigest() == file["sha256"]


async def test_file_over_the_size_limit_is_refused_and_leaves_nothing_behind(
    client: AsyncClient, den_app: FastAPI, auth: dict[str, str], org: uuid.UUID
) -> None:
    limit = den_app.state.settings.max_file_bytes
    response = await client.post(
        "/api/v1/files", headers=auth, files={"file": ("big.bin", b"x" * (limit + 1))}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "FileTooLarge"
    assert "limit is 20.0 MiB per file" in response.json()["detail"]

    root = Path(den_app.state.settings.storage_dir)
    assert not list((root / "incoming").iterdir())
    assert not (root / "objects" / str(org)).exists() or not list(
        (root / "objects" / str(org)).iterdir()
    )
    listing = await client.get("/api/v1/files", headers=auth)
    assert listing.json()["total"] == 0


async def test_organization_comes_from_credentials_never_from_the_form(
    client: AsyncClient, inkpass: FakeInkPass, auth: dict[str, str], org: uuid.UUID
) -> None:
    other = uuid.uuid4()
    response = await client.post(
        "/api/v1/files",
        headers=auth,
        data={"organization_id": str(other)},
        files={"file": ("a.txt", b"hello")},
    )
    assert response.status_code == 400
    assert "credentials" in response.json()["detail"]
    # Nothing landed in the other organization either.
    listing = await client.get("/api/v1/files", headers=inkpass.headers(other))
    assert listing.json()["total"] == 0


async def test_agent_acting_for_a_user_stores_in_that_users_organization(
    client: AsyncClient, inkpass: FakeInkPass, org: uuid.UUID
) -> None:
    user = uuid.uuid4()
    inkpass.token(org, user_id=user)  # registers the membership
    agent = inkpass.service("tentacle")
    response = await client.post(
        "/api/v1/files",
        headers={
            "Authorization": f"Bearer {agent}",
            "X-Fluxos-On-Behalf-Of": f"{user}:{org}",
        },
        files={"file": ("notes.md", b"# plan\n- step one\n")},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["created_by_user_id"] == str(user)
    assert body["created_by_service"] == "tentacle"
    assert body["content_type"] == "text/markdown"
    mine = await client.get(f"/api/v1/files/{body['id']}", headers=inkpass.headers(org))
    assert mine.status_code == 200

    stranger = uuid.uuid4()
    refused = await client.post(
        "/api/v1/files",
        headers={
            "Authorization": f"Bearer {agent}",
            "X-Fluxos-On-Behalf-Of": f"{uuid.uuid4()}:{stranger}",
        },
        files={"file": ("x.txt", b"x")},
    )
    assert refused.status_code == 403


async def test_another_organizations_file_is_not_found(
    client: AsyncClient, inkpass: FakeInkPass, auth: dict[str, str]
) -> None:
    created = await client.post("/api/v1/files", headers=auth, files={"file": ("a.txt", b"hi")})
    file_id = created.json()["id"]
    outsider = inkpass.headers(uuid.uuid4(), roles=("owner",))
    for method, path in [
        ("GET", f"/api/v1/files/{file_id}"),
        ("GET", f"/api/v1/files/{file_id}/content"),
        ("PATCH", f"/api/v1/files/{file_id}"),
        ("DELETE", f"/api/v1/files/{file_id}"),
        ("POST", f"/api/v1/files/{file_id}/signed-url"),
        ("POST", f"/api/v1/files/{file_id}/duplicate"),
    ]:
        json_body = {} if method in {"PATCH", "POST"} else None
        response = await client.request(method, path, headers=outsider, json=json_body)
        assert response.status_code == 404, (method, path, response.text)
    still_there = await client.get(f"/api/v1/files/{file_id}", headers=auth)
    assert still_there.status_code == 200


async def test_upload_needs_a_multipart_body_with_one_file_part(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    raw = await client.post(
        "/api/v1/files", headers={**auth, "Content-Type": "application/json"}, content=b"{}"
    )
    assert raw.status_code == 415
    no_file = await client.post("/api/v1/files", headers=auth, data={"folder": "/x"}, files={})
    assert no_file.status_code in {400, 415}
    two = await client.post(
        "/api/v1/files",
        headers=auth,
        files=[("file", ("a.txt", b"a")), ("file", ("b.txt", b"b"))],
    )
    assert two.status_code == 400
    assert "one file" in two.json()["detail"]
    unknown = await client.post(
        "/api/v1/files", headers=auth, data={"colour": "red"}, files={"file": ("a.txt", b"a")}
    )
    assert unknown.status_code == 400
    truncated = await client.post(
        "/api/v1/files",
        headers={**auth, "Content-Type": "multipart/form-data; boundary=XYZ"},
        content=b'--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
    )
    assert truncated.status_code == 400
    listing = await client.get("/api/v1/files", headers=auth)
    assert listing.json()["total"] == 0


async def test_credentials_and_roles_are_enforced(
    client: AsyncClient, inkpass: FakeInkPass, org: uuid.UUID
) -> None:
    anonymous = await client.post("/api/v1/files", files={"file": ("a.txt", b"a")})
    assert anonymous.status_code == 401
    forged = await client.get("/api/v1/files", headers={"Authorization": "Bearer not-a-jwt"})
    assert forged.status_code == 401

    viewer = inkpass.headers(org, roles=("viewer",))
    refused = await client.post("/api/v1/files", headers=viewer, files={"file": ("a.txt", b"a")})
    assert refused.status_code == 403
    assert (await client.get("/api/v1/files", headers=viewer)).status_code == 200

    read_only_key = inkpass.api_key(org, ("files:read",))
    key_headers = {"Authorization": f"Bearer {read_only_key}"}
    assert (await client.get("/api/v1/files", headers=key_headers)).status_code == 200
    denied = await client.post("/api/v1/files", headers=key_headers, files={"file": ("a", b"a")})
    assert denied.status_code == 403
    writer_key = inkpass.api_key(org, ("files:*",))
    stored = await client.post(
        "/api/v1/files",
        headers={"Authorization": f"Bearer {writer_key}"},
        files={"file": ("a.txt", b"a")},
    )
    assert stored.status_code == 201


async def test_an_idempotency_key_makes_a_repeated_upload_return_the_first_file(
    client: AsyncClient, auth: dict[str, str], inkpass: FakeInkPass
) -> None:
    content = os.urandom(5_000)
    keyed = {**auth, "Idempotency-Key": "step-7f3a"}

    async def send(data: bytes, name: str = "notes.bin") -> Response:
        return await client.post(
            "/api/v1/files",
            headers=keyed,
            files={"file": (name, data, "application/octet-stream")},
            data={"folder": "/agents"},
        )

    first = await send(content)
    assert first.status_code == 201, first.text
    usage_after_first = (await client.get("/api/v1/files/usage", headers=auth)).json()

    again = await send(content)
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]

    other_bytes = await send(os.urandom(5_000))
    assert other_bytes.status_code == 409
    assert other_bytes.json()["error"] == "IdempotencyKeyReused"
    other_name = await send(content, "renamed.bin")
    assert other_name.status_code == 409

    listed = await client.get("/api/v1/files", headers=auth, params={"folder": "/agents"})
    assert [item["id"] for item in listed.json()["items"]] == [first.json()["id"]]
    assert (await client.get("/api/v1/files/usage", headers=auth)).json() == usage_after_first

    # Keys belong to an organization: another one may use the same key for its own upload.
    stranger = {**inkpass.headers(uuid.uuid4()), "Idempotency-Key": "step-7f3a"}
    theirs = await client.post(
        "/api/v1/files",
        headers=stranger,
        files={"file": ("notes.bin", os.urandom(10), "application/octet-stream")},
    )
    assert theirs.status_code == 201, theirs.text


async def test_a_malformed_idempotency_key_is_refused(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    response = await client.post(
        "/api/v1/files",
        headers={**auth, "Idempotency-Key": "x" * 300},
        files={"file": ("a.txt", b"hello", "text/plain")},
    )
    assert response.status_code == 422
    listed = await client.get("/api/v1/files", headers=auth)
    assert listed.json()["items"] == []
