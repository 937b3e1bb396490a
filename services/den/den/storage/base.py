"""One small interface for every storage backend: streamed writes, ranged reads, copy, delete."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from typing import ClassVar

READ_CHUNK_BYTES = 256 * 1024


class StorageError(RuntimeError):
    """The backend failed (I/O error, unreachable store)."""


class ObjectMissing(StorageError):
    """The object is not in the store."""


class ObjectWriter(ABC):
    """Receives an object chunk by chunk; nothing is visible under its key before ``commit``."""

    @abstractmethod
    async def write(self, chunk: bytes) -> None: ...

    @abstractmethod
    async def commit(self) -> None: ...

    @abstractmethod
    async def abort(self) -> None:
        """Drop whatever was written; safe to call more than once."""


class StorageBackend(ABC):
    name: ClassVar[str]

    async def start(self) -> None:
        """Prepare the store (directories, bucket); called by the app's lifespan."""
        return None

    async def close(self) -> None:
        """Release clients and pools."""
        return None

    @abstractmethod
    async def open_writer(self, key: str) -> ObjectWriter: ...

    @abstractmethod
    def read(self, key: str, offset: int = 0, length: int | None = None) -> AsyncIterator[bytes]:
        """Stream ``length`` bytes (all when None) from ``offset``; raises ObjectMissing."""

    @abstractmethod
    async def copy(self, source_key: str, target_key: str) -> None: ...

    @abstractmethod
    async def delete(self, key: str) -> None:
        """Remove the object; a missing object is not an error."""

    @abstractmethod
    async def exists(self, key: str) -> bool: ...
