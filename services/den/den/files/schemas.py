"""Request and response shapes of the files API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from den.settings import SEVEN_DAYS

T = TypeVar("T")

MAX_TAGS = 32
MAX_TAG_CHARS = 64


def clean_tags(raw: list[str]) -> list[str]:
    """Trimmed, de-duplicated (first spelling wins), at most 32 tags of 64 characters."""
    tags: list[str] = []
    for tag in raw:
        tag = tag.strip()
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise ValueError(f"tags are at most {MAX_TAG_CHARS} characters")
        if any(ord(char) < 32 for char in tag):
            raise ValueError("tags may not contain control characters")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"a file has at most {MAX_TAGS} tags")
    return tags


class File(BaseModel):
    id: uuid.UUID
    name: str
    folder_id: uuid.UUID | None
    folder: str = Field(description="Path of the folder holding the file ('/' for the root).")
    path: str = Field(description="Folder path and name, e.g. '/reports/q3.pdf'.")
    size_bytes: int
    sha256: str
    content_type: str = Field(description="Sniffed from the bytes, not taken from the client.")
    is_public: bool
    tags: list[str]
    created_by_user_id: uuid.UUID | None
    created_by_service: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    download_url: str
    public_url: str | None = Field(description="Unsigned link, present while the file is public.")


class FileUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=255)
    folder: str | None = Field(default=None, description="Move to this folder path ('/' = root).")
    folder_id: uuid.UUID | None = None
    is_public: bool | None = None
    tags: list[str] | None = None

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else clean_tags(value)


class FileDuplicate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=255)
    folder: str | None = None
    folder_id: uuid.UUID | None = None


class SignedUrlCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expires_in: int = Field(
        default=3600, ge=1, le=SEVEN_DAYS, description="Seconds until the link stops working."
    )
    disposition: Literal["attachment", "inline"] = "attachment"


class SignedUrl(BaseModel):
    url: str
    expires_at: datetime
    cdn: bool = Field(description="True when the link points at the configured CDN.")


class StorageUsage(BaseModel):
    quota_bytes: int
    used_bytes: int = Field(description="Stored bytes, trash included until it is purged.")
    trashed_bytes: int
    reserved_bytes: int = Field(description="Held by uploads in progress.")
    available_bytes: int
    file_count: int
    max_file_bytes: int


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
