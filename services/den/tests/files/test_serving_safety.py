"""Whatever is uploaded, serving it cannot run script in our origin or break headers."""

from __future__ import annotations

from urllib.parse import unquote

from httpx import AsyncClient

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


async def _upload(client: AsyncClient, auth: dict[str, str], name: str, data: bytes) -> dict:
    response = await client.post(
        "/api/v1/files", headers=auth, files={"file": (name, data, "image/png")}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_html_and_svg_are_never_rendered_inline(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    for name, data, sniffed in [
        ("page.png", b"<!DOCTYPE html><script>alert(1)</script>", "text/html"),
        ("logo.svg", b'<?xml version="1.0"?><svg onload="alert(1)"></svg>', "image/svg+xml"),
    ]:
        file = await _upload(client, auth, name, data)
        assert file["content_type"] == sniffed
        response = await client.get(
            file["download_url"], params={"disposition": "inline"}, headers=auth
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/octet-stream"
        assert response.headers["content-disposition"].startswith("attachment;")
        assert "sandbox" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_safe_types_may_be_shown_inline(client: AsyncClient, auth: dict[str, str]) -> None:
    file = await _upload(client, auth, "photo.bin", PNG)
    assert file["content_type"] == "image/png"
    inline = await client.get(file["download_url"], params={"disposition": "inline"}, headers=auth)
    assert inline.headers["content-type"] == "image/png"
    assert inline.headers["content-disposition"].startswith("inline;")
    default = await client.get(file["download_url"], headers=auth)
    assert default.headers["content-disposition"].startswith("attachment;")


async def test_any_file_name_gives_a_safe_content_disposition(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    file = await _upload(client, auth, "Résumé ✓.txt", b"plain words")
    assert file["name"] == "Résumé ✓.txt"
    injected = await client.patch(
        f"/api/v1/files/{file['id']}", headers=auth, json={"name": "a\r\nX-Injected: 1.txt"}
    )
    assert injected.status_code == 400
    name = 'Résumé "final"; filename=evil.html; v2 ✓.txt'
    renamed = await client.patch(f"/api/v1/files/{file['id']}", headers=auth, json={"name": name})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == name

    response = await client.get(file["download_url"], headers=auth)
    header = response.headers["content-disposition"]
    assert header.startswith('attachment; filename="')
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.isascii() and ";" not in fallback
    assert header.count('"') == 2
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert ";" not in encoded and '"' not in encoded and " " not in encoded
    assert unquote(encoded) == name


async def test_path_components_are_stripped_from_uploaded_names(
    client: AsyncClient, auth: dict[str, str]
) -> None:
    file = await _upload(client, auth, "../../etc/passwd", b"root:x:0:0")
    assert file["name"] == "passwd"
    assert file["path"] == "/passwd"
