"""Folder paths: normalised, unique per organization; moving a folder moves everything below it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from den.files.models import StoredFile
from den.folders.models import Folder
from fluxkit.db import utcnow
from fluxkit.errors import BadRequest, Conflict, NotFound

MAX_DEPTH = 32
MAX_SEGMENT_CHARS = 255


class InvalidPath(BadRequest):
    pass


class FolderNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("folder not found")


class FolderExists(Conflict):
    def __init__(self, path: str) -> None:
        super().__init__(f"a folder already exists at {path}")


class FolderNotEmpty(Conflict):
    pass


def path_segments(raw: str) -> list[str]:
    """``' /a//b/ '`` -> ``['a', 'b']``; rejects ``.``/``..`` and control characters."""
    segments = [segment.strip() for segment in raw.replace("\\", "/").split("/")]
    segments = [segment for segment in segments if segment]
    for segment in segments:
        if segment in {".", ".."}:
            raise InvalidPath(f"folder paths may not contain {segment!r}")
        if any(ord(char) < 32 or ord(char) == 127 for char in segment):
            raise InvalidPath("folder names may not contain control characters")
        if len(segment) > MAX_SEGMENT_CHARS:
            raise InvalidPath(f"folder names are at most {MAX_SEGMENT_CHARS} characters")
    if len(segments) > MAX_DEPTH:
        raise InvalidPath(f"folders nest at most {MAX_DEPTH} levels deep")
    return segments


def normalize_path(raw: str) -> str:
    return "/" + "/".join(path_segments(raw))


def join_path(folder_path: str | None, name: str) -> str:
    base = (folder_path or "/").rstrip("/")
    return f"{base}/{name}"


def _under(path: str) -> ColumnElement[bool]:
    """SQL: the folder at ``path`` and every folder below it."""
    return or_(Folder.path == path, func.starts_with(Folder.path, path + "/"))


async def get_folder(
    session: AsyncSession, organization_id: uuid.UUID, folder_id: uuid.UUID
) -> Folder:
    folder: Folder | None = await session.scalar(
        select(Folder).where(Folder.id == folder_id, Folder.organization_id == organization_id)
    )
    if folder is None:
        raise FolderNotFound()
    return folder


async def find_by_path(
    session: AsyncSession, organization_id: uuid.UUID, path: str
) -> Folder | None:
    return await session.scalar(
        select(Folder).where(Folder.organization_id == organization_id, Folder.path == path)
    )


async def ensure_path(
    session: AsyncSession, organization_id: uuid.UUID, raw_path: str
) -> Folder | None:
    """The folder at ``raw_path``, created with its missing parents; None for the root."""
    parent: Folder | None = None
    current = ""
    for segment in path_segments(raw_path):
        current = f"{current}/{segment}"
        # ON CONFLICT makes concurrent creators of the same path agree on one row.
        await session.execute(
            insert(Folder)
            .values(
                id=uuid.uuid4(),
                organization_id=organization_id,
                parent_id=parent.id if parent else None,
                name=segment,
                path=current,
            )
            .on_conflict_do_nothing(index_elements=[Folder.organization_id, Folder.path])
        )
        parent = await find_by_path(session, organization_id, current)
        assert parent is not None
    return parent


async def resolve_target(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    folder_path: str | None,
    folder_id: uuid.UUID | None,
) -> tuple[Folder | None, bool]:
    """Where a file should go: (folder or None for root, whether anything was named)."""
    if folder_id is not None:
        if folder_path is not None:
            raise BadRequest("give either a folder path or a folder id, not both")
        return await get_folder(session, organization_id, folder_id), True
    if folder_path is not None:
        return await ensure_path(session, organization_id, folder_path), True
    return None, False


async def create_folder(session: AsyncSession, organization_id: uuid.UUID, raw_path: str) -> Folder:
    path = normalize_path(raw_path)
    if path == "/":
        raise InvalidPath("the root folder always exists")
    if await find_by_path(session, organization_id, path) is not None:
        raise FolderExists(path)
    folder = await ensure_path(session, organization_id, path)
    assert folder is not None
    return folder


async def list_folders(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    parent: Folder | None,
    recursive: bool,
) -> Sequence[Folder]:
    query = select(Folder).where(Folder.organization_id == organization_id)
    if recursive:
        if parent is not None:
            query = query.where(func.starts_with(Folder.path, parent.path + "/"))
    elif parent is None:
        query = query.where(Folder.parent_id.is_(None))
    else:
        query = query.where(Folder.parent_id == parent.id)
    return (await session.scalars(query.order_by(Folder.path))).all()


async def move_folder(
    session: AsyncSession,
    organization_id: uuid.UUID,
    folder_id: uuid.UUID,
    *,
    name: str | None,
    parent_path: str | None,
) -> Folder:
    """Rename and/or move a folder; its subfolders (and so the files in them) follow."""
    folder = await get_folder(session, organization_id, folder_id)
    old_path = folder.path
    if name is not None:
        segments = path_segments(name)
        if len(segments) != 1:
            raise InvalidPath("a folder name is one path segment")
        new_name = segments[0]
    else:
        new_name = folder.name
    if parent_path is not None:
        parent_base = normalize_path(parent_path)
    else:
        parent_base = old_path.rsplit("/", 1)[0] or "/"
    new_path = f"{parent_base.rstrip('/')}/{new_name}"
    if new_path == old_path:
        return folder
    if new_path.startswith(old_path + "/"):
        raise Conflict("a folder cannot be moved inside itself")
    if await find_by_path(session, organization_id, new_path) is not None:
        raise FolderExists(new_path)
    parent = await ensure_path(session, organization_id, parent_base)
    await session.execute(
        update(Folder)
        .where(Folder.organization_id == organization_id, _under(old_path))
        .values(
            path=new_path + func.substr(Folder.path, len(old_path) + 1),
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Folder)
        .where(Folder.id == folder.id)
        .values(name=new_name, parent_id=parent.id if parent else None)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(folder)
    return folder


async def delete_folder(
    session: AsyncSession, organization_id: uuid.UUID, folder_id: uuid.UUID
) -> None:
    """Delete an empty folder; files in its trash fall back to the root if restored."""
    folder = await get_folder(session, organization_id, folder_id)
    has_children = await session.scalar(
        select(func.count()).select_from(Folder).where(Folder.parent_id == folder.id)
    )
    live_files = await session.scalar(
        select(func.count())
        .select_from(StoredFile)
        .where(StoredFile.folder_id == folder.id, StoredFile.deleted_at.is_(None))
    )
    if has_children or live_files:
        raise FolderNotEmpty("the folder is not empty: move or delete what it holds first")
    await session.execute(
        update(StoredFile)
        .where(StoredFile.folder_id == folder.id)
        .values(folder_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.delete(folder)
    await session.flush()
