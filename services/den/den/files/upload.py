"""Streaming multipart upload: the request body goes chunk by chunk to the storage backend.

Nothing is spooled: python-multipart's push parser cuts the stream into parts, the file part's
bytes are hashed, counted against the per-file limit and the organization's quota (reserved as
they arrive) and written on; the moment a limit would be passed the upload stops with 413 and
the partial object is dropped.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import anyio
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from den.files.content import SNIFF_BYTES, clean_filename, sniff_content_type
from den.quotas.service import FileTooLarge, Reservation
from den.storage import ObjectWriter, StorageBackend
from fluxkit.errors import BadRequest, FluxError

FIELD_LIMIT_BYTES = 64 * 1024
MAX_FIELDS = 64
# Boundaries, part headers and the small fields around the file.
FORM_OVERHEAD_BYTES = 1024 * 1024
ALLOWED_FIELDS = frozenset({"folder", "folder_id", "public", "tags", "name"})
ORGANIZATION_FIELDS = frozenset({"organization_id", "organization", "org_id", "org"})

_EXTENDED_FILENAME = re.compile(rb"filename\*\s*=\s*([^;]+)", re.IGNORECASE)


class UnsupportedUpload(FluxError):
    status_code = 415


class MalformedUpload(BadRequest):
    pass


@dataclass
class ReceivedFile:
    file_id: uuid.UUID
    storage_key: str
    filename: str
    size: int
    sha256: str
    content_type: str
    fields: dict[str, list[str]]


def _boundary(content_type: str | None) -> bytes:
    kind, params = parse_options_header(content_type or "")
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UnsupportedUpload("send the file as multipart/form-data with a 'file' part")
    return boundary


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _part_names(raw_disposition: bytes) -> tuple[str, str | None]:
    """(field name, file name or None) from a part's Content-Disposition."""
    kind, params = parse_options_header(raw_disposition)
    if kind != b"form-data" or b"name" not in params:
        raise MalformedUpload("every part needs 'Content-Disposition: form-data; name=...'")
    name = _decode(params[b"name"])
    filename: str | None = None
    extended = _EXTENDED_FILENAME.search(raw_disposition)
    if extended:
        charset, _, rest = extended.group(1).strip().decode("latin-1").partition("'")
        _, _, encoded = rest.partition("'")
        try:
            filename = unquote(encoded.strip('"'), encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            filename = None
    if filename is None and b"filename" in params:
        filename = _decode(params[b"filename"])
    return name, filename


class _Events:
    """Collects python-multipart's synchronous callbacks for the async consumer."""

    def __init__(self) -> None:
        self.queue: list[tuple[str, Any]] = []
        self._headers: dict[bytes, bytes] = {}
        self._field = bytearray()
        self._value = bytearray()

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": lambda: self.queue.append(("part", self._headers)),
            "on_part_data": lambda data, start, end: self.queue.append(("data", data[start:end])),
            "on_part_end": lambda: self.queue.append(("end", None)),
            "on_end": lambda: self.queue.append(("done", None)),
        }

    def _part_begin(self) -> None:
        self._headers = {}

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._field).lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def drain(self) -> list[tuple[str, Any]]:
        events, self.queue = self.queue, []
        return events


@dataclass
class _Upload:
    organization_id: uuid.UUID
    storage: StorageBackend
    reservation: Reservation
    max_file_bytes: int
    file_id: uuid.UUID = field(default_factory=uuid.uuid4)
    writer: ObjectWriter | None = None
    committed: bool = False
    filename: str = ""
    size: int = 0
    head: bytearray = field(default_factory=bytearray)
    digest: Any = field(default_factory=hashlib.sha256)
    part: str | None = None
    field_name: str = ""
    field_value: bytearray = field(default_factory=bytearray)
    fields: dict[str, list[str]] = field(default_factory=dict)
    field_count: int = 0
    file_seen: bool = False
    complete: bool = False

    @property
    def storage_key(self) -> str:
        return f"{self.organization_id}/{self.file_id}"

    async def consume(self, events: list[tuple[str, Any]]) -> None:
        for kind, payload in events:
            if kind == "part":
                await self._begin_part(payload)
            elif kind == "data":
                await self._data(payload)
            elif kind == "end":
                self._end_part()
            elif kind == "done":
                self.complete = True

    async def _begin_part(self, headers: dict[bytes, bytes]) -> None:
        name, filename = _part_names(headers.get(b"content-disposition", b""))
        if filename is not None:
            if self.file_seen:
                raise MalformedUpload("send one file per upload")
            self.file_seen = True
            self.part = "file"
            self.filename = clean_filename(filename)
            self.writer = await self.storage.open_writer(self.storage_key)
            return
        if name in ORGANIZATION_FIELDS:
            raise BadRequest(
                "the organization is taken from your credentials; do not send "
                f"{name!r} with an upload"
            )
        if name not in ALLOWED_FIELDS:
            raise MalformedUpload(
                f"unknown form field {name!r}; expected a file part and optionally "
                + ", ".join(sorted(ALLOWED_FIELDS))
            )
        self.field_count += 1
        if self.field_count > MAX_FIELDS:
            raise MalformedUpload(f"at most {MAX_FIELDS} form fields")
        self.part, self.field_name = "field", name
        self.field_value.clear()

    async def _data(self, data: bytes) -> None:
        if self.part == "file":
            assert self.writer is not None
            self.size += len(data)
            if self.size > self.max_file_bytes:
                raise FileTooLarge(self.max_file_bytes)
            await self.reservation.ensure(self.size)
            self.digest.update(data)
            if len(self.head) < SNIFF_BYTES:
                self.head += data[: SNIFF_BYTES - len(self.head)]
            await self.writer.write(data)
        elif self.part == "field":
            self.field_value += data
            if len(self.field_value) > FIELD_LIMIT_BYTES:
                raise MalformedUpload(f"form field {self.field_name!r} is too long")

    def _end_part(self) -> None:
        if self.part == "field":
            try:
                value = self.field_value.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise MalformedUpload(f"form field {self.field_name!r} is not UTF-8") from exc
            self.fields.setdefault(self.field_name, []).append(value)
        self.part = None

    async def finish(self) -> ReceivedFile:
        if not self.complete:
            raise MalformedUpload("the upload ended before the closing multipart boundary")
        if self.writer is None:
            raise MalformedUpload("the form has no file part")
        await self.writer.commit()
        self.committed = True
        return ReceivedFile(
            file_id=self.file_id,
            storage_key=self.storage_key,
            filename=self.filename,
            size=self.size,
            sha256=self.digest.hexdigest(),
            content_type=sniff_content_type(
                bytes(self.head), self.filename, complete=self.size <= SNIFF_BYTES
            ),
            fields=self.fields,
        )

    async def discard(self) -> None:
        if self.writer is not None:
            await self.writer.abort()
        if self.committed:
            await self.storage.delete(self.storage_key)


async def receive_upload(
    request: Request,
    *,
    organization_id: uuid.UUID,
    storage: StorageBackend,
    reservation: Reservation,
    max_file_bytes: int,
) -> ReceivedFile:
    """Stream the request's multipart body into storage; the caller stores the record."""
    boundary = _boundary(request.headers.get("content-type"))
    declared = request.headers.get("content-length", "")
    if declared.isdigit():
        if int(declared) > max_file_bytes + FORM_OVERHEAD_BYTES:
            raise FileTooLarge(max_file_bytes)
        reservation.expect_at_most(int(declared))
    events = _Events()
    parser = MultipartParser(boundary, events.callbacks())
    upload = _Upload(organization_id, storage, reservation, max_file_bytes)
    try:
        async for chunk in request.stream():
            try:
                parser.write(chunk)
            except MultipartParseError as exc:
                raise MalformedUpload(f"malformed multipart body: {exc}") from exc
            await upload.consume(events.drain())
        parser.finalize()
        await upload.consume(events.drain())
        return await upload.finish()
    except BaseException:
        with anyio.CancelScope(shield=True):
            await upload.discard()
        raise
