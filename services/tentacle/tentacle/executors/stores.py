"""Interfaces to the workspace and memory stores, which a later issue implements.

The primitives call these protocols; until a store is configured they fail the step with a
clear :class:`~tentacle.executors.base.PermanentStepError` ("workspace store not available").
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class WorkspaceStore(Protocol):
    async def query(
        self,
        *,
        organization_id: uuid.UUID,
        user_id: uuid.UUID,
        kind: str,
        filters: dict[str, Any],
        text: str | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Objects of ``kind`` the user may read that match the filters, newest first."""
        ...

    async def write(
        self,
        *,
        organization_id: uuid.UUID,
        user_id: uuid.UUID,
        kind: str,
        object_id: str | None,
        data: dict[str, Any],
        idempotency_key: str,
    ) -> tuple[str, bool]:
        """Create (``object_id`` None) or update an object; returns (id, created)."""
        ...


@runtime_checkable
class MemoryStore(Protocol):
    async def search(
        self, *, organization_id: uuid.UUID, user_id: uuid.UUID, query: str, limit: int
    ) -> list[dict[str, Any]]:
        """Memories most relevant to ``query``."""
        ...

    async def store(
        self,
        *,
        organization_id: uuid.UUID,
        user_id: uuid.UUID,
        content: str,
        tags: list[str],
        idempotency_key: str,
    ) -> str:
        """Remember ``content``; returns the memory id (the same id for the same key)."""
        ...
