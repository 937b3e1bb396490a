"""Local-disk backend: objects under ``<root>/objects``; writes land in ``<root>/incoming``
and are renamed into place once complete, so a reader never sees half a file."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

import anyio

from den.storage.base import (
    READ_CHUNK_BYTES,
    ObjectMissing,
    ObjectWriter,
    StorageBackend,
    StorageError,
)

# Chunks arriving from the network are small; writing them in ~1 MiB batches keeps the number
# of thread hops low without holding much memory.
WRITE_BATCH_BYTES = 1024 * 1024


def _replace_durably(temporary: Path, target: Path, handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(temporary, target)


class LocalWriter(ObjectWriter):
    def __init__(self, target: Path, incoming: Path) -> None:
        self._target = target
        self._temporary = incoming / f"{uuid.uuid4().hex}.part"
        self._handle: BinaryIO | None = None
        self._buffer = bytearray()
        self._finished = False

    async def _open(self) -> BinaryIO:
        if self._handle is None:
            self._handle = await anyio.to_thread.run_sync(self._temporary.open, "xb")
        return self._handle

    async def _flush(self) -> None:
        handle = await self._open()
        batch, self._buffer = self._buffer, bytearray()
        if batch:
            await anyio.to_thread.run_sync(handle.write, batch)

    async def write(self, chunk: bytes) -> None:
        self._buffer += chunk
        if len(self._buffer) >= WRITE_BATCH_BYTES:
            await self._flush()

    async def commit(self) -> None:
        await self._flush()
        assert self._handle is not None
        try:
            await anyio.to_thread.run_sync(
                _replace_durably, self._temporary, self._target, self._handle
            )
        except OSError as exc:
            await self.abort()
            raise StorageError(f"could not store the object: {exc}") from exc
        self._finished = True

    async def abort(self) -> None:
        if self._finished:
            return
        self._finished = True
        self._buffer = bytearray()
        handle, self._handle = self._handle, None

        def discard() -> None:
            if handle is not None:
                handle.close()
            self._temporary.unlink(missing_ok=True)

        await anyio.to_thread.run_sync(discard)


class LocalStorage(StorageBackend):
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.objects = self.root / "objects"
        self.incoming = self.root / "incoming"

    async def start(self) -> None:
        def prepare() -> None:
            self.objects.mkdir(parents=True, exist_ok=True)
            self.incoming.mkdir(parents=True, exist_ok=True)

        await anyio.to_thread.run_sync(prepare)

    def path_for(self, key: str) -> Path:
        path = (self.objects / key).resolve()
        if not key or self.objects not in path.parents:
            raise StorageError(f"invalid object key {key!r}")
        return path

    async def open_writer(self, key: str) -> ObjectWriter:
        return LocalWriter(self.path_for(key), self.incoming)

    async def read(
        self, key: str, offset: int = 0, length: int | None = None
    ) -> AsyncIterator[bytes]:
        path = self.path_for(key)
        try:
            handle = await anyio.open_file(path, "rb")
        except FileNotFoundError as exc:
            raise ObjectMissing(key) from exc
        async with handle:
            if offset:
                await handle.seek(offset)
            remaining = length
            while remaining is None or remaining > 0:
                size = READ_CHUNK_BYTES if remaining is None else min(READ_CHUNK_BYTES, remaining)
                data = await handle.read(size)
                if not data:
                    break
                if remaining is not None:
                    remaining -= len(data)
                yield data

    async def copy(self, source_key: str, target_key: str) -> None:
        source = self.path_for(source_key)
        target = self.path_for(target_key)
        temporary = self.incoming / f"{uuid.uuid4().hex}.part"

        def duplicate() -> None:
            try:
                shutil.copyfile(source, temporary)
            except FileNotFoundError as exc:
                raise ObjectMissing(source_key) from exc
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, target)

        try:
            await anyio.to_thread.run_sync(duplicate)
        finally:
            temporary.unlink(missing_ok=True)

    async def delete(self, key: str) -> None:
        path = self.path_for(key)
        await anyio.to_thread.run_sync(lambda: path.unlink(missing_ok=True))

    async def exists(self, key: str) -> bool:
        path = self.path_for(key)
        return await anyio.to_thread.run_sync(path.is_file)
