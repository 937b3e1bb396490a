"""What a file is and how it may be shown: type sniffed from its bytes, safe names, safe headers.

The client's declared type is never trusted: a browser shown attacker-chosen HTML or SVG from
our origin would run it. Active types are always served as an attachment under a CSP sandbox.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Literal
from urllib.parse import quote

SNIFF_BYTES = 4096
OCTET_STREAM = "application/octet-stream"
MAX_NAME_CHARS = 255

Disposition = Literal["attachment", "inline"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"\x1f\x8b", "application/gzip"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"BM", "image/bmp"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
)

_TEXT_BY_EXTENSION = {
    "csv": "text/csv",
    "md": "text/markdown",
    "markdown": "text/markdown",
    "tsv": "text/tab-separated-values",
    "json": "application/json",
    "yaml": "application/yaml",
    "yml": "application/yaml",
}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")

# Types a browser would execute or render as a document from our origin.
ACTIVE_TYPES = frozenset(
    {
        "text/html",
        "image/svg+xml",
        "application/xhtml+xml",
        "application/xml",
        "text/xml",
        "text/javascript",
        "application/javascript",
    }
)
# Types safe to show inline (rendered by the browser without running our-origin script).
INLINE_SAFE_PREFIXES = ("image/", "audio/", "video/", "text/plain", "application/pdf")


def _extension(filename: str) -> str:
    _, dot, extension = filename.rpartition(".")
    return extension.lower() if dot else ""


def _looks_like_text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sniffed window is still text.
        if exc.start < len(head) - 3:
            return None
        text = head[: exc.start].decode("utf-8")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\x1b")
    if text and controls / len(text) > 0.01:
        return None
    return text


def sniff_content_type(head: bytes, filename: str = "", *, complete: bool = False) -> str:
    """The type of a file from its first bytes (``complete`` when ``head`` is the whole file)."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            if content_type == "application/zip" and _extension(filename) in {
                "docx",
                "xlsx",
                "pptx",
            }:
                return _office_type(_extension(filename))
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"M4A ":
            return "audio/mp4"
        return "video/quicktime" if brand.startswith(b"qt") else "video/mp4"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "audio/mpeg"
    text = _looks_like_text(head)
    if text is None:
        return OCTET_STREAM
    stripped = text.lstrip("\ufeff \t\r\n").lower().encode()
    if any(stripped.startswith(marker) for marker in _HTML_MARKERS):
        return "text/html"
    if stripped.startswith(b"<svg") or (stripped.startswith(b"<?xml") and b"<svg" in stripped):
        return "image/svg+xml"
    if stripped.startswith(b"<?xml"):
        return "application/xml"
    if stripped[:1] in (b"{", b"["):
        if complete:
            try:
                json.loads(text)
            except ValueError:
                return "text/plain"
            return "application/json"
        if _extension(filename) == "json":
            return "application/json"
    declared = _TEXT_BY_EXTENSION.get(_extension(filename))
    if declared is not None and declared != "application/json":
        return declared
    return "text/plain"


def _office_type(extension: str) -> str:
    return {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }[extension]


_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")


def clean_filename(raw: str | None) -> str:
    """A storable file name: last path segment, no control characters, at most 255 chars."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = _UNSAFE_NAME_CHARS.sub("", name).strip()
    if name in {"", ".", ".."}:
        return "file"
    if len(name) > MAX_NAME_CHARS:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 16:
            name = stem[: MAX_NAME_CHARS - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_NAME_CHARS]
    return name


def _ascii_fallback(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(
        char if 32 <= ord(char) < 127 and char not in '"\\;%' else "_"
        for char in decomposed
        if not unicodedata.combining(char)
    )
    return ascii_name.strip() or "file"


def content_disposition(name: str, disposition: Disposition) -> str:
    """RFC 6266 header value: a quoted ASCII fallback plus the exact UTF-8 name."""
    encoded = quote(name, safe="")
    return f"{disposition}; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{encoded}"


def is_active(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in ACTIVE_TYPES


def serving_headers(content_type: str, name: str, requested: Disposition) -> dict[str, str]:
    """Content-Type, Content-Disposition and hardening headers for serving a stored file."""
    headers = {"X-Content-Type-Options": "nosniff"}
    if is_active(content_type):
        headers["Content-Type"] = OCTET_STREAM
        headers["Content-Disposition"] = content_disposition(name, "attachment")
        headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return headers
    inline_ok = content_type.startswith(INLINE_SAFE_PREFIXES)
    disposition: Disposition = "inline" if requested == "inline" and inline_ok else "attachment"
    served_type = content_type
    if served_type.startswith("text/") and "charset" not in served_type:
        served_type += "; charset=utf-8"
    headers["Content-Type"] = served_type
    headers["Content-Disposition"] = content_disposition(name, disposition)
    return headers
