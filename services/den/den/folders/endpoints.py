"""Folders API: /api/v1/folders."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from den.auth import FileReader, FileWriter
from den.folders import service
from den.folders.schemas import Folder, FolderCreate, FolderUpdate
from fluxkit.app import flux_router
from fluxkit.db import SessionDep

router = flux_router("/api/v1/folders", tags=["folders"])


@router.post("", status_code=201, response_model=Folder)
async def create_folder(body: FolderCreate, session: SessionDep, principal: FileWriter) -> Folder:
    """Create a folder (and any missing parents)."""
    folder = await service.create_folder(session, principal.require_organization(), body.path)
    return Folder.model_validate(folder)


@router.get("", response_model=list[Folder])
async def list_folders(
    session: SessionDep,
    principal: FileReader,
    parent: Annotated[str, Query(description="Path whose subfolders to list")] = "/",
    recursive: bool = False,
) -> list[Folder]:
    """List the subfolders of a folder (all levels below it with ``recursive=true``)."""
    organization_id = principal.require_organization()
    path = service.normalize_path(parent)
    target = None
    if path != "/":
        target = await service.find_by_path(session, organization_id, path)
        if target is None:
            raise service.FolderNotFound()
    folders = await service.list_folders(
        session, organization_id, parent=target, recursive=recursive
    )
    return [Folder.model_validate(folder) for folder in folders]


@router.get("/{folder_id}", response_model=Folder)
async def get_folder(folder_id: uuid.UUID, session: SessionDep, principal: FileReader) -> Folder:
    """One folder."""
    folder = await service.get_folder(session, principal.require_organization(), folder_id)
    return Folder.model_validate(folder)


@router.patch("/{folder_id}", response_model=Folder)
async def update_folder(
    folder_id: uuid.UUID, body: FolderUpdate, session: SessionDep, principal: FileWriter
) -> Folder:
    """Rename or move a folder; everything inside it moves along."""
    folder = await service.move_folder(
        session,
        principal.require_organization(),
        folder_id,
        name=body.name,
        parent_path=body.parent,
    )
    return Folder.model_validate(folder)


@router.delete("/{folder_id}", status_code=204, response_class=Response)
async def delete_folder(
    folder_id: uuid.UUID, session: SessionDep, principal: FileWriter
) -> Response:
    """Delete an empty folder."""
    await service.delete_folder(session, principal.require_organization(), folder_id)
    return Response(status_code=204)
