"""Public downloads at /f/{file_id}: public files as they are, private ones with a signed link."""

from __future__ import annotations

import time
import uuid
from typing import Literal

from fastapi import Request, Response
from sqlalchemy import select

from den.files import signing
from den.files.download import file_response
from den.files.models import StoredFile
from den.files.service import FileNotFound
from fluxkit.app import flux_router
from fluxkit.db import SessionDep
from fluxkit.errors import Forbidden

router = flux_router("/f", tags=["public downloads"])


class SignatureRequired(Forbidden):
    def __init__(self) -> None:
        super().__init__("this file is private: it needs a signed link")


@router.get("/{file_id}", response_class=Response)
@router.head("/{file_id}", response_class=Response, include_in_schema=False)
async def public_download(
    file_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    exp: str | None = None,
    sig: str | None = None,
    disposition: Literal["attachment", "inline"] | None = None,
    token: str | None = None,
    expires: str | None = None,
) -> Response:
    """Download a public file, or a private one through an unexpired signed link."""
    settings = request.app.state.settings
    signed = exp is not None or sig is not None
    cdn_signed = token is not None or expires is not None
    expiry: int | None = None
    # The signature is checked before the database is asked, so probing costs nothing.
    if signed:
        signing.verify(
            settings.signing_secret,
            file_id,
            expires=exp,
            signature=sig,
            disposition=disposition or "attachment",
        )
        expiry = int(exp or 0)
    elif cdn_signed:
        signing.verify_cdn_token(settings, file_id, token=token, expires=expires)
        expiry = int(expires or 0)
    file = await session.scalar(
        select(StoredFile).where(StoredFile.id == file_id, StoredFile.deleted_at.is_(None))
    )
    if file is None:
        raise FileNotFound()
    if expiry is None:
        if not file.is_public:
            raise SignatureRequired()
        cache_control = "public, max-age=300"
    else:
        cache_control = f"private, max-age={max(0, min(3600, expiry - int(time.time())))}"
    return await file_response(
        request,
        request.app.state.storage,
        file,
        disposition=disposition or ("inline" if expiry is None else "attachment"),
        cache_control=cache_control,
    )
