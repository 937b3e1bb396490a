"""Files API: /api/v1/files."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal

from fastapi import Header, Query, Request, Response

from den.auth import FileReader, FileWriter
from den.files import service, signing
from den.files.download import file_response
from den.files.schemas import (
    File,
    FileDuplicate,
    FileUpdate,
    Page,
    SignedUrl,
    SignedUrlCreate,
    StorageUsage,
)
from den.quotas import service as quotas
from fluxkit.app import flux_router
from fluxkit.db import SessionDep

router = flux_router("/api/v1/files", tags=["files"])

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "folder": {"type": "string", "description": "Folder path, created if new"},
                        "folder_id": {"type": "string", "format": "uuid"},
                        "name": {"type": "string", "description": "Name instead of the file's"},
                        "public": {"type": "boolean"},
                        "tags": {"type": "string", "description": "Comma-separated; repeatable"},
                    },
                }
            }
        },
    }
}


@router.post("", status_code=201, response_model=File, openapi_extra=UPLOAD_BODY)
async def upload_file(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: FileWriter,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=255,
            description="The same upload again returns the first one's file (200)",
        ),
    ] = None,
) -> File:
    """Upload one file (multipart/form-data, streamed to storage) into the caller's organization."""
    file, replayed = await service.upload(request, session, principal, service.Runtime.of(request))
    if replayed:
        response.status_code = 200
    return file


@router.get("", response_model=Page[File])
async def list_files(
    request: Request,
    session: SessionDep,
    principal: FileReader,
    folder: Annotated[str | None, Query(description="Folder path; '/' is the root")] = None,
    folder_id: uuid.UUID | None = None,
    recursive: bool = False,
    tag: str | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name")] = None,
    deleted: Annotated[bool, Query(description="List the trash instead")] = False,
    sort: Literal["name", "-name", "created_at", "-created_at", "size", "-size"] = "-created_at",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[File]:
    """List the organization's files, by folder, tag or name, newest first by default."""
    rows, total = await service.list_files(
        session,
        principal.require_organization(),
        folder=folder,
        folder_id=folder_id,
        recursive=recursive,
        tag=tag,
        search=q,
        deleted=deleted,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    settings = request.app.state.settings
    return Page[File](
        items=[service.to_schema(file, path, settings) for file, path in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/usage", response_model=StorageUsage)
async def storage_usage(
    request: Request, session: SessionDep, principal: FileReader
) -> StorageUsage:
    """The organization's storage quota and what uses it."""
    settings = request.app.state.settings
    usage = await quotas.usage(
        session, principal.require_organization(), settings.default_quota_bytes
    )
    return StorageUsage(
        quota_bytes=usage.quota_bytes,
        used_bytes=usage.used_bytes,
        trashed_bytes=usage.trashed_bytes,
        reserved_bytes=usage.reserved_bytes,
        available_bytes=max(0, usage.quota_bytes - usage.used_bytes - usage.reserved_bytes),
        file_count=usage.file_count,
        max_file_bytes=settings.max_file_bytes,
    )


@router.get("/{file_id}", response_model=File)
async def get_file(
    file_id: uuid.UUID, request: Request, session: SessionDep, principal: FileReader
) -> File:
    """A file's metadata (also while it is in the trash)."""
    file, path = await service.get_file(
        session, principal.require_organization(), file_id, include_deleted=True
    )
    return service.to_schema(file, path, request.app.state.settings)


@router.get("/{file_id}/content", response_class=Response)
@router.head("/{file_id}/content", response_class=Response, include_in_schema=False)
async def download_file(
    file_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: FileReader,
    disposition: Literal["attachment", "inline"] = "attachment",
) -> Response:
    """Download the file's bytes; supports a single HTTP Range."""
    file, _ = await service.get_file(session, principal.require_organization(), file_id)
    return await file_response(
        request,
        request.app.state.storage,
        file,
        disposition=disposition,
        cache_control="private, no-cache",
    )


@router.patch("/{file_id}", response_model=File)
async def update_file(
    file_id: uuid.UUID,
    changes: FileUpdate,
    request: Request,
    session: SessionDep,
    principal: FileWriter,
) -> File:
    """Rename, move, retag or change who can see a file."""
    file, path = await service.update_file(
        session, principal.require_organization(), file_id, changes
    )
    return service.to_schema(file, path, request.app.state.settings)


@router.post("/{file_id}/duplicate", status_code=201, response_model=File)
async def duplicate_file(
    file_id: uuid.UUID,
    body: FileDuplicate,
    request: Request,
    session: SessionDep,
    principal: FileWriter,
) -> File:
    """Copy a file (bytes included); the copy counts against the quota."""
    runtime = service.Runtime.of(request)
    file, path = await service.duplicate_file(session, principal, file_id, body, runtime)
    return service.to_schema(file, path, runtime.settings)


@router.delete("/{file_id}", status_code=204, response_class=Response)
async def delete_file(
    file_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: FileWriter,
    permanent: Annotated[bool, Query(description="Purge a file already in the trash")] = False,
) -> Response:
    """Move a file to the trash, or purge it from the trash with ``permanent=true``."""
    organization_id = principal.require_organization()
    if permanent:
        await service.purge_file(session, organization_id, file_id, service.Runtime.of(request))
    else:
        await service.trash_file(session, organization_id, file_id)
    return Response(status_code=204)


@router.post("/{file_id}/restore", response_model=File)
async def restore_file(
    file_id: uuid.UUID, request: Request, session: SessionDep, principal: FileWriter
) -> File:
    """Bring a file back from the trash."""
    file, path = await service.restore_file(session, principal.require_organization(), file_id)
    return service.to_schema(file, path, request.app.state.settings)


@router.post("/{file_id}/signed-url", response_model=SignedUrl)
async def create_signed_url(
    file_id: uuid.UUID,
    body: SignedUrlCreate,
    request: Request,
    session: SessionDep,
    principal: FileReader,
) -> SignedUrl:
    """A link anyone can download the file with until it expires (at most 7 days)."""
    settings = request.app.state.settings
    file, _ = await service.get_file(session, principal.require_organization(), file_id)
    expires = int(time.time()) + min(body.expires_in, settings.signed_url_max_seconds)
    if settings.cdn_enabled:
        url = signing.cdn_url(settings, file.id, expires)
    else:
        path = signing.signed_path(file.id, expires, body.disposition, settings.signing_secret)
        url = settings.public_base_url.rstrip("/") + path
    return SignedUrl(url=url, expires_at=signing.expiry_datetime(expires), cdn=settings.cdn_enabled)
