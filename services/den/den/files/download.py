"""Serving stored bytes: single byte ranges (206/416), ETag = SHA-256, safe headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request, Response
from fastapi.responses import StreamingResponse

from den.files.content import Disposition, serving_headers
from den.files.models import StoredFile
from den.storage import ObjectMissing, StorageBackend
from fluxkit.errors import FluxError


class RangeNotSatisfiable(FluxError):
    status_code = 416

    def __init__(self, size: int) -> None:
        super().__init__(
            f"the requested range is outside the file ({size} bytes)",
            headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"},
        )


class ContentMissing(FluxError):
    status_code = 500

    def __init__(self) -> None:
        super().__init__("the file's content is missing from storage")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """One ``bytes=`` range, or None to send everything (absent, malformed or several ranges).

    Raises RangeNotSatisfiable when the single range lies wholly outside the file.
    """
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash or not (first.isdigit() or last.isdigit()):
        return None
    if (first and not first.isdigit()) or (last and not last.isdigit()):
        return None
    if not first:
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(size)
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(size)
    return ByteRange(start, min(end, size - 1))


def _etag(file: StoredFile) -> str:
    return f'"{file.sha256}"'


def _matches(header: str, etag: str) -> bool:
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or etag in candidates


async def _stream(iterator: AsyncIterator[bytes], first: bytes) -> AsyncIterator[bytes]:
    try:
        if first:
            yield first
        async for chunk in iterator:
            yield chunk
    finally:
        await iterator.aclose()  # type: ignore[attr-defined]


async def file_response(
    request: Request,
    storage: StorageBackend,
    file: StoredFile,
    *,
    disposition: Disposition,
    cache_control: str,
) -> Response:
    etag = _etag(file)
    headers = serving_headers(file.content_type, file.name, disposition)
    headers |= {"Accept-Ranges": "bytes", "ETag": etag, "Cache-Control": cache_control}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    byte_range: ByteRange | None = None
    if_range = request.headers.get("if-range")
    if if_range is None or if_range.strip() == etag:
        byte_range = parse_range(request.headers.get("range"), file.size_bytes)
    status = 200
    offset, length = 0, file.size_bytes
    if byte_range is not None:
        status, offset, length = 206, byte_range.start, byte_range.length
        headers["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{file.size_bytes}"
    headers["Content-Length"] = str(length)
    if request.method == "HEAD" or length == 0:
        return Response(status_code=status, headers=headers)
    iterator = storage.read(file.storage_key, offset, length)
    try:
        first = await anext(iterator)
    except StopAsyncIteration:
        first = b""
    except ObjectMissing as exc:
        raise ContentMissing() from exc
    media_type = headers.pop("Content-Type")
    return StreamingResponse(
        _stream(iterator, first), status_code=status, headers=headers, media_type=media_type
    )
