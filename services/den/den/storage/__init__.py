"""Storage backends behind one interface, chosen by ``DEN_STORAGE_BACKEND``."""

from __future__ import annotations

from collections.abc import Callable

from den.settings import DenSettings
from den.storage.base import ObjectMissing, ObjectWriter, StorageBackend, StorageError
from den.storage.local import LocalStorage
from den.storage.s3 import S3Options, S3Storage


def _local(settings: DenSettings) -> StorageBackend:
    assert settings.storage_dir is not None
    return LocalStorage(settings.storage_dir)


def _s3(settings: DenSettings) -> StorageBackend:
    return S3Storage(
        S3Options(
            bucket=settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url or None,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id or None,
            secret_access_key=settings.s3_secret_access_key.get_secret_value() or None,
            prefix=settings.s3_prefix,
            addressing_style=settings.s3_addressing_style,
            create_bucket=settings.s3_create_bucket,
            part_bytes=settings.s3_part_bytes,
        )
    )


BACKENDS: dict[str, Callable[[DenSettings], StorageBackend]] = {"local": _local, "s3": _s3}


def build_storage(settings: DenSettings) -> StorageBackend:
    return BACKENDS[settings.storage_backend](settings)


__all__ = [
    "BACKENDS",
    "LocalStorage",
    "ObjectMissing",
    "ObjectWriter",
    "S3Options",
    "S3Storage",
    "StorageBackend",
    "StorageError",
    "build_storage",
]
