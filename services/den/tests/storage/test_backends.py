"""Both storage backends keep the same promises, each tested for real (disk, s3rver)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from den.storage import LocalStorage, ObjectMissing, S3Options, S3Storage, StorageBackend

MIB = 1024 * 1024


@pytest.fixture(params=["local", "s3"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[StorageBackend]:
    backend: StorageBackend
    if request.param == "local":
        backend = LocalStorage(tmp_path / "den")
    else:
        backend = S3Storage(
            S3Options(
                bucket=f"den-contract-{uuid.uuid4().hex[:12]}",
                endpoint_url=request.getfixturevalue("s3_url"),
                access_key_id="S3RVER",
                secret_access_key="S3RVER",
                create_bucket=True,
                part_bytes=5 * MIB,
                prefix="tenant-files",
            )
        )
    await backend.start()
    try:
        yield backend
    finally:
        await backend.close()


async def _read(
    storage: StorageBackend, key: str, offset: int = 0, length: int | None = None
) -> bytes:
    return b"".join([chunk async for chunk in storage.read(key, offset, length)])


async def _write(storage: StorageBackend, key: str, data: bytes, chunk: int = 64 * 1024) -> None:
    writer = await storage.open_writer(key)
    for start in range(0, len(data), chunk):
        await writer.write(data[start : start + chunk])
    await writer.commit()


async def test_written_objects_read_back_whole_and_in_ranges(storage: StorageBackend) -> None:
    data = os.urandom(12 * MIB + 3)  # several S3 parts, a short last one
    await _write(storage, "org/a", data)
    assert await storage.exists("org/a")
    assert await _read(storage, "org/a") == data
    assert await _read(storage, "org/a", 5 * MIB - 1, 2) == data[5 * MIB - 1 : 5 * MIB + 1]
    assert await _read(storage, "org/a", len(data) - 10) == data[-10:]


async def test_nothing_is_visible_before_commit_and_abort_leaves_nothing(
    storage: StorageBackend,
) -> None:
    writer = await storage.open_writer("org/pending")
    await writer.write(os.urandom(6 * MIB))
    assert not await storage.exists("org/pending")
    await writer.abort()
    await writer.abort()  # twice is harmless
    assert not await storage.exists("org/pending")
    with pytest.raises(ObjectMissing):
        await _read(storage, "org/pending")


async def test_copy_and_delete(storage: StorageBackend) -> None:
    await _write(storage, "org/source", b"original bytes")
    await storage.copy("org/source", "org/copy")
    await storage.delete("org/source")
    await storage.delete("org/source")  # already gone: fine
    assert not await storage.exists("org/source")
    assert await _read(storage, "org/copy") == b"original bytes"


async def test_empty_object(storage: StorageBackend) -> None:
    await _write(storage, "org/empty", b"")
    assert await storage.exists("org/empty")
    assert await _read(storage, "org/empty") == b""


class RecordingS3Storage(S3Storage):
    """The real backend, noting which S3 operations it performs."""

    def __init__(self, options: S3Options) -> None:
        super().__init__(options)
        self.operations: list[str] = []

    async def call(self, operation: str, **kwargs: Any) -> Any:
        self.operations.append(operation)
        return await super().call(operation, **kwargs)


async def test_s3_streams_large_objects_as_multipart_under_the_prefix(s3_url: str) -> None:
    bucket = f"den-prefix-{uuid.uuid4().hex[:12]}"
    storage = RecordingS3Storage(
        S3Options(
            bucket=bucket,
            endpoint_url=s3_url,
            access_key_id="S3RVER",
            secret_access_key="S3RVER",
            create_bucket=True,
            part_bytes=5 * MIB,
            prefix="/files/",
        )
    )
    await storage.start()
    try:
        data = os.urandom(11 * MIB)
        await _write(storage, "org/big", data)
        await _write(storage, "org/small", b"tiny")
    finally:
        await storage.close()
    uploads = [op for op in storage.operations if op not in {"head_bucket", "create_bucket"}]
    assert uploads == [
        "create_multipart_upload",
        "upload_part",
        "upload_part",
        "upload_part",
        "complete_multipart_upload",
        "put_object",
    ]
    client = boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id="S3RVER",
        aws_secret_access_key="S3RVER",
        region_name="us-east-1",
    )
    stored = client.get_object(Bucket=bucket, Key="files/org/big")["Body"].read()
    assert stored == data


async def test_local_keys_cannot_escape_the_root(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "den")
    await storage.start()
    for key in ("../outside", "org/../../outside", ""):
        with pytest.raises(Exception, match="invalid object key"):
            await storage.open_writer(key)
