"""Files: upload, listing, metadata changes, duplicate, trash and purge."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import anyio
from fastapi import Request
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from den.files.content import clean_filename
from den.files.models import StoredFile
from den.files.schemas import File, FileDuplicate, FileUpdate, clean_tags
from den.files.upload import ReceivedFile, receive_upload
from den.folders import service as folders
from den.folders.models import Folder
from den.quotas.service import Reservation
from den.settings import DenSettings
from den.storage import StorageBackend
from fluxkit.auth import Principal
from fluxkit.db import after_commit, utcnow
from fluxkit.errors import BadRequest, Conflict, NotFound

SORTS: dict[str, Any] = {
    "name": StoredFile.name.asc(),
    "-name": StoredFile.name.desc(),
    "created_at": StoredFile.created_at.asc(),
    "-created_at": StoredFile.created_at.desc(),
    "size": StoredFile.size_bytes.asc(),
    "-size": StoredFile.size_bytes.desc(),
}
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class FileNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("file not found")


class NotInTrash(Conflict):
    pass


class InvalidName(BadRequest):
    pass


@dataclass(frozen=True)
class Runtime:
    """What the file operations need from the app: settings, storage, a session factory."""

    settings: DenSettings
    storage: StorageBackend
    session_factory: async_sessionmaker[AsyncSession]

    @classmethod
    def of(cls, request: Request) -> Runtime:
        state = request.app.state
        return cls(state.settings, state.storage, state.session_factory)

    def reservation(self, organization_id: uuid.UUID) -> Reservation:
        return Reservation(
            self.session_factory,
            organization_id,
            default_quota=self.settings.default_quota_bytes,
        )


def to_schema(file: StoredFile, folder_path: str | None, settings: DenSettings) -> File:
    folder = folder_path or "/"
    return File(
        id=file.id,
        name=file.name,
        folder_id=file.folder_id,
        folder=folder,
        path=folders.join_path(folder, file.name),
        size_bytes=file.size_bytes,
        sha256=file.sha256,
        content_type=file.content_type,
        is_public=file.is_public,
        tags=list(file.tags),
        created_by_user_id=file.created_by_user_id,
        created_by_service=file.created_by_service,
        created_at=file.created_at,
        updated_at=file.updated_at,
        deleted_at=file.deleted_at,
        download_url=f"/api/v1/files/{file.id}/content",
        public_url=(
            f"{settings.public_base_url.rstrip('/')}/f/{file.id}" if file.is_public else None
        ),
    )


def rename_to(raw: str) -> str:
    if "/" in raw or "\\" in raw or any(ord(char) < 32 or ord(char) == 127 for char in raw):
        raise InvalidName("a file name may not contain slashes or control characters")
    name = clean_filename(raw)
    if name != raw.strip():
        raise InvalidName("that is not a usable file name")
    return name


def _flag(values: list[str] | None) -> bool:
    if not values:
        return False
    word = values[-1].strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadRequest("'public' must be true or false")


def _upload_options(fields: dict[str, list[str]]) -> dict[str, Any]:
    folder_id: uuid.UUID | None = None
    if fields.get("folder_id"):
        try:
            folder_id = uuid.UUID(fields["folder_id"][-1])
        except ValueError as exc:
            raise BadRequest("'folder_id' is not a valid id") from exc
    raw_tags = [tag for value in fields.get("tags", []) for tag in value.split(",")]
    try:
        tags = clean_tags(raw_tags)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    return {
        "folder_path": fields["folder"][-1] if fields.get("folder") else None,
        "folder_id": folder_id,
        "is_public": _flag(fields.get("public")),
        "tags": tags,
        "name": rename_to(fields["name"][-1]) if fields.get("name") else None,
    }


IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 255


class IdempotencyKeyReused(Conflict):
    """The key was used for a different upload (other bytes or another name)."""


def idempotency_key(request: Request) -> str | None:
    raw = request.headers.get(IDEMPOTENCY_HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise BadRequest(
            f"{IDEMPOTENCY_HEADER} must be 1 to {MAX_IDEMPOTENCY_KEY} printable characters"
        )
    return key


async def _earlier_upload(
    session: AsyncSession, organization_id: uuid.UUID, key: str, received: ReceivedFile
) -> tuple[StoredFile, str | None] | None:
    """The file an earlier upload with ``key`` stored, if it is the same upload again."""
    row = (
        await session.execute(
            select(StoredFile, Folder.path)
            .outerjoin(Folder, Folder.id == StoredFile.folder_id)
            .where(
                StoredFile.organization_id == organization_id,
                StoredFile.idempotency_key == key,
            )
        )
    ).first()
    if row is None:
        return None
    file: StoredFile = row[0]
    name = _upload_options(received.fields)["name"] or received.filename
    if file.sha256 != received.sha256 or file.name != name:
        raise IdempotencyKeyReused(
            f"{IDEMPOTENCY_HEADER} {key!r} was used for another upload ({file.name!r})"
        )
    if file.deleted_at is not None:
        raise IdempotencyKeyReused(
            f"the file uploaded with {IDEMPOTENCY_HEADER} {key!r} is in the trash"
        )
    return file, row[1]


async def _store_record(
    session: AsyncSession,
    principal: Principal,
    organization_id: uuid.UUID,
    received: ReceivedFile,
    runtime: Runtime,
    key: str | None = None,
) -> tuple[StoredFile, str | None]:
    options = _upload_options(received.fields)
    folder, _ = await folders.resolve_target(
        session,
        organization_id,
        folder_path=options["folder_path"],
        folder_id=options["folder_id"],
    )
    file = StoredFile(
        id=received.file_id,
        organization_id=organization_id,
        folder_id=folder.id if folder else None,
        name=options["name"] or received.filename,
        size_bytes=received.size,
        sha256=received.sha256,
        content_type=received.content_type,
        storage_backend=runtime.storage.name,
        storage_key=received.storage_key,
        is_public=options["is_public"],
        tags=options["tags"],
        created_by_user_id=principal.user_id,
        created_by_service=principal.service,
        idempotency_key=key,
    )
    session.add(file)
    await session.flush()
    return file, folder.path if folder else None


async def upload(
    request: Request, session: AsyncSession, principal: Principal, runtime: Runtime
) -> tuple[File, bool]:
    """Stream the request into storage and record the file, all against the caller's org.

    With an ``Idempotency-Key`` the same upload again returns the file stored the first time
    (``True`` as the second value: a replay) and stores nothing new; the same key for other
    bytes or another name is a conflict.
    """
    organization_id = principal.require_organization()
    key = idempotency_key(request)
    reservation = runtime.reservation(organization_id)
    received: ReceivedFile | None = None
    settled = False
    try:
        received = await receive_upload(
            request,
            organization_id=organization_id,
            storage=runtime.storage,
            reservation=reservation,
            max_file_bytes=runtime.settings.max_file_bytes,
        )
        earlier = await _earlier_upload(session, organization_id, key, received) if key else None
        if earlier is None:
            try:
                file, folder_path = await _store_record(
                    session, principal, organization_id, received, runtime, key
                )
            except IntegrityError:
                if key is None:
                    raise
                # A concurrent upload with the same key committed first.
                await session.rollback()
                earlier = await _earlier_upload(session, organization_id, key, received)
                if earlier is None:
                    raise
        if earlier is not None:
            await _discard(runtime, reservation, received)
            return to_schema(earlier[0], earlier[1], runtime.settings), True
        settled = True
        await reservation.settle(session)
        return to_schema(file, folder_path, runtime.settings), False
    except BaseException:
        with anyio.CancelScope(shield=True):
            if settled:
                # The reservation row is locked by this transaction; undo it before releasing.
                await session.rollback()
            if received is not None:
                await runtime.storage.delete(received.storage_key)
            await reservation.release()
        raise


async def _discard(runtime: Runtime, reservation: Reservation, received: ReceivedFile) -> None:
    with anyio.CancelScope(shield=True):
        await runtime.storage.delete(received.storage_key)
        await reservation.release()


def _live(query: Select[StoredFile, str], *, deleted: bool) -> Select[StoredFile, str]:
    if deleted:
        return query.where(StoredFile.deleted_at.is_not(None))
    return query.where(StoredFile.deleted_at.is_(None))


async def get_file(
    session: AsyncSession,
    organization_id: uuid.UUID,
    file_id: uuid.UUID,
    *,
    include_deleted: bool = False,
    for_update: bool = False,
) -> tuple[StoredFile, str | None]:
    query = (
        select(StoredFile, Folder.path)
        .outerjoin(Folder, Folder.id == StoredFile.folder_id)
        .where(StoredFile.id == file_id, StoredFile.organization_id == organization_id)
    )
    if not include_deleted:
        query = query.where(StoredFile.deleted_at.is_(None))
    if for_update:
        query = query.with_for_update(of=StoredFile)
    row = (await session.execute(query)).first()
    if row is None:
        raise FileNotFound()
    return row[0], row[1]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_files(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    folder: str | None,
    folder_id: uuid.UUID | None,
    recursive: bool,
    tag: str | None,
    search: str | None,
    deleted: bool,
    sort: str,
    limit: int,
    offset: int,
) -> tuple[Sequence[tuple[StoredFile, str | None]], int]:
    conditions: list[ColumnElement[bool]] = [StoredFile.organization_id == organization_id]
    target: Folder | None = None
    scoped = folder is not None or folder_id is not None
    if folder_id is not None:
        target = await folders.get_folder(session, organization_id, folder_id)
    elif folder is not None:
        path = folders.normalize_path(folder)
        if path != "/":
            target = await folders.find_by_path(session, organization_id, path)
            if target is None:
                raise folders.FolderNotFound()
    if scoped and not recursive:
        conditions.append(
            StoredFile.folder_id.is_(None) if target is None else StoredFile.folder_id == target.id
        )
    elif target is not None:
        conditions.append(
            or_(Folder.path == target.path, func.starts_with(Folder.path, target.path + "/"))
        )
    if tag:
        conditions.append(StoredFile.tags.contains([tag.strip()]))
    if search:
        conditions.append(StoredFile.name.ilike(f"%{_escape_like(search)}%", escape="\\"))
    base = _live(
        select(StoredFile, Folder.path).outerjoin(Folder, Folder.id == StoredFile.folder_id),
        deleted=deleted,
    ).where(*conditions)
    total = await session.scalar(select(func.count()).select_from(base.subquery()))
    rows = await session.execute(
        base.order_by(SORTS[sort], StoredFile.id).limit(limit).offset(offset)
    )
    return [(row[0], row[1]) for row in rows], int(total or 0)


async def update_file(
    session: AsyncSession, organization_id: uuid.UUID, file_id: uuid.UUID, changes: FileUpdate
) -> tuple[StoredFile, str | None]:
    file, folder_path = await get_file(session, organization_id, file_id, for_update=True)
    if changes.name is not None:
        file.name = rename_to(changes.name)
    if changes.folder is not None or changes.folder_id is not None:
        target, _ = await folders.resolve_target(
            session, organization_id, folder_path=changes.folder, folder_id=changes.folder_id
        )
        file.folder_id = target.id if target else None
        folder_path = target.path if target else None
    if changes.is_public is not None:
        file.is_public = changes.is_public
    if changes.tags is not None:
        file.tags = changes.tags
    file.updated_at = utcnow()
    await session.flush()
    return file, folder_path


def _copy_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return clean_filename(f"{name} (copy)")
    return clean_filename(f"{stem} (copy).{extension}")


async def duplicate_file(
    session: AsyncSession,
    principal: Principal,
    file_id: uuid.UUID,
    request: FileDuplicate,
    runtime: Runtime,
) -> tuple[StoredFile, str | None]:
    """Copy the bytes to a new object (counted against the quota) and record the copy."""
    organization_id = principal.require_organization()
    source, folder_path = await get_file(session, organization_id, file_id)
    if request.folder is not None or request.folder_id is not None:
        target, _ = await folders.resolve_target(
            session, organization_id, folder_path=request.folder, folder_id=request.folder_id
        )
        folder_id, folder_path = (target.id, target.path) if target else (None, None)
    else:
        folder_id = source.folder_id
    reservation = runtime.reservation(organization_id)
    copy_id = uuid.uuid4()
    copy_key = f"{organization_id}/{copy_id}"
    copied = settled = False
    try:
        await reservation.ensure(source.size_bytes)
        await runtime.storage.copy(source.storage_key, copy_key)
        copied = True
        copy = StoredFile(
            id=copy_id,
            organization_id=organization_id,
            folder_id=folder_id,
            name=rename_to(request.name) if request.name else _copy_name(source.name),
            size_bytes=source.size_bytes,
            sha256=source.sha256,
            content_type=source.content_type,
            storage_backend=runtime.storage.name,
            storage_key=copy_key,
            is_public=False,
            tags=list(source.tags),
            created_by_user_id=principal.user_id,
            created_by_service=principal.service,
        )
        session.add(copy)
        await session.flush()
        settled = True
        await reservation.settle(session)
        return copy, folder_path
    except BaseException:
        with anyio.CancelScope(shield=True):
            if settled:
                await session.rollback()
            if copied:
                await runtime.storage.delete(copy_key)
            await reservation.release()
        raise


async def trash_file(session: AsyncSession, organization_id: uuid.UUID, file_id: uuid.UUID) -> None:
    file, _ = await get_file(session, organization_id, file_id, for_update=True)
    file.deleted_at = utcnow()
    await session.flush()


async def restore_file(
    session: AsyncSession, organization_id: uuid.UUID, file_id: uuid.UUID
) -> tuple[StoredFile, str | None]:
    file, folder_path = await get_file(
        session, organization_id, file_id, include_deleted=True, for_update=True
    )
    if file.deleted_at is None:
        raise NotInTrash("the file is not in the trash")
    file.deleted_at = None
    await session.flush()
    return file, folder_path


async def purge_file(
    session: AsyncSession, organization_id: uuid.UUID, file_id: uuid.UUID, runtime: Runtime
) -> None:
    """Delete a trashed file for good: its row now, its bytes once that is committed."""
    file, _ = await get_file(
        session, organization_id, file_id, include_deleted=True, for_update=True
    )
    if file.deleted_at is None:
        raise NotInTrash("move the file to the trash before deleting it permanently")
    key = file.storage_key
    await session.delete(file)
    await session.flush()
    after_commit(session, lambda: runtime.storage.delete(key))
