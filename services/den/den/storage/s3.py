"""S3-compatible backend (AWS, MinIO, Ceph, R2, ...) through boto3.

boto3 blocks, so every call runs in a worker thread. Uploads are multipart once they pass one
part (8 MiB by default), so a stream of any size holds at most about one part in memory.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import anyio
import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from den.storage.base import (
    READ_CHUNK_BYTES,
    ObjectMissing,
    ObjectWriter,
    StorageBackend,
    StorageError,
)

logger = logging.getLogger(__name__)

MISSING_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


@dataclass(frozen=True)
class S3Options:
    bucket: str
    endpoint_url: str | None = None
    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: str | None = None
    prefix: str = ""
    addressing_style: str = "path"
    create_bucket: bool = False
    part_bytes: int = 8 * 1024 * 1024


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Writer(ObjectWriter):
    def __init__(self, storage: S3Storage, key: str) -> None:
        self._storage = storage
        self._key = key
        self._buffer = bytearray()
        self._upload_id: str | None = None
        self._parts: list[dict[str, Any]] = []
        self._finished = False

    async def _call(self, operation: str, **kwargs: Any) -> Any:
        return await self._storage.call(
            operation, Bucket=self._storage.bucket, Key=self._key, **kwargs
        )

    async def _upload_part(self, data: bytearray) -> None:
        if self._upload_id is None:
            created = await self._call("create_multipart_upload")
            self._upload_id = str(created["UploadId"])
        number = len(self._parts) + 1
        answer = await self._call(
            "upload_part", UploadId=self._upload_id, PartNumber=number, Body=data
        )
        self._parts.append({"ETag": answer["ETag"], "PartNumber": number})

    async def write(self, chunk: bytes) -> None:
        self._buffer += chunk
        part_bytes = self._storage.options.part_bytes
        while len(self._buffer) >= part_bytes:
            part, self._buffer = self._buffer, bytearray(self._buffer[part_bytes:])
            del part[part_bytes:]
            await self._upload_part(part)

    async def commit(self) -> None:
        try:
            if self._upload_id is None:
                await self._call("put_object", Body=self._buffer)
            else:
                if self._buffer:
                    await self._upload_part(self._buffer)
                await self._call(
                    "complete_multipart_upload",
                    UploadId=self._upload_id,
                    MultipartUpload={"Parts": self._parts},
                )
        except StorageError:
            await self.abort()
            raise
        self._buffer = bytearray()
        self._finished = True

    async def abort(self) -> None:
        if self._finished:
            return
        self._finished = True
        self._buffer = bytearray()
        if self._upload_id is not None:
            try:
                await self._call("abort_multipart_upload", UploadId=self._upload_id)
            except StorageError:
                # Some S3-compatible stores lack abort; a bucket lifecycle rule for incomplete
                # multipart uploads cleans up what is left.
                logger.warning("could not abort multipart upload of %s", self._key)


class S3Storage(StorageBackend):
    name = "s3"

    def __init__(self, options: S3Options) -> None:
        self.options = options
        self.bucket = options.bucket
        self._client: Any = None

    def _make_client(self) -> Any:
        session = boto3.session.Session()
        return session.client(
            "s3",
            endpoint_url=self.options.endpoint_url or None,
            region_name=self.options.region,
            aws_access_key_id=self.options.access_key_id or None,
            aws_secret_access_key=self.options.secret_access_key or None,
            config=Config(
                s3={"addressing_style": self.options.addressing_style},
                # Only checksums the API requires: S3-compatible stores vary in what they accept.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                retries={"max_attempts": 4, "mode": "standard"},
                max_pool_connections=32,
                connect_timeout=10,
                read_timeout=60,
            ),
        )

    @property
    def client(self) -> Any:
        if self._client is None:
            raise StorageError("the S3 backend is not started")
        return self._client

    async def call(self, operation: str, **kwargs: Any) -> Any:
        method = getattr(self.client, operation)
        try:
            return await anyio.to_thread.run_sync(lambda: method(**kwargs))
        except ClientError as exc:
            if _error_code(exc) in MISSING_CODES:
                raise ObjectMissing(str(kwargs.get("Key", ""))) from exc
            raise StorageError(f"S3 {operation} failed: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"S3 {operation} failed: {exc}") from exc

    async def start(self) -> None:
        self._client = await anyio.to_thread.run_sync(self._make_client)
        if not self.options.create_bucket:
            return
        try:
            await self.call("head_bucket", Bucket=self.bucket)
        except ObjectMissing:
            arguments: dict[str, Any] = {"Bucket": self.bucket}
            if self.options.region != "us-east-1":
                arguments["CreateBucketConfiguration"] = {"LocationConstraint": self.options.region}
            await self.call("create_bucket", **arguments)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await anyio.to_thread.run_sync(client.close)

    def object_key(self, key: str) -> str:
        return f"{self.options.prefix.strip('/')}/{key}" if self.options.prefix.strip("/") else key

    async def open_writer(self, key: str) -> ObjectWriter:
        return S3Writer(self, self.object_key(key))

    async def read(
        self, key: str, offset: int = 0, length: int | None = None
    ) -> AsyncIterator[bytes]:
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Key": self.object_key(key)}
        if offset or length is not None:
            end = "" if length is None else str(offset + length - 1)
            arguments["Range"] = f"bytes={offset}-{end}"
        answer = await self.call("get_object", **arguments)
        body = answer["Body"]
        try:
            while True:
                data = await anyio.to_thread.run_sync(body.read, READ_CHUNK_BYTES)
                if not data:
                    break
                yield data
        finally:
            body.close()

    async def copy(self, source_key: str, target_key: str) -> None:
        await self.call(
            "copy",
            CopySource={"Bucket": self.bucket, "Key": self.object_key(source_key)},
            Bucket=self.bucket,
            Key=self.object_key(target_key),
        )

    async def delete(self, key: str) -> None:
        await self.call("delete_object", Bucket=self.bucket, Key=self.object_key(key))

    async def exists(self, key: str) -> bool:
        try:
            await self.call("head_object", Bucket=self.bucket, Key=self.object_key(key))
        except ObjectMissing:
            return False
        return True
