"""Which services the launcher runs: their manifests, imported lazily.

A new service adds its ``<service>.manifest:MANIFEST`` path to :data:`SERVICE_MANIFESTS`.
``FLUXOS_SERVICES`` (comma-separated ``module:attribute`` paths) replaces the list, which tests
use to run the stack with small fake services.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from typing import Any

from fluxkit.manifest import ServiceManifest

SERVICE_MANIFESTS: tuple[str, ...] = (
    "inkpass.manifest:MANIFEST",
    "den.manifest:MANIFEST",
    "mimic.manifest:MANIFEST",
    "tentacle.manifest:MANIFEST",
)
"""In start order: the gateway enters service lifespans in this order and leaves in reverse."""

SERVICES_ENV = "FLUXOS_SERVICES"


class ManifestError(RuntimeError):
    """A service manifest or one of the callables it names cannot be loaded."""


def manifest_paths() -> tuple[str, ...]:
    override = os.environ.get(SERVICES_ENV, "").strip()
    if override:
        return tuple(path.strip() for path in override.split(",") if path.strip())
    return SERVICE_MANIFESTS


def import_object(path: str) -> Any:
    """Import ``module:attribute`` (the attribute may be dotted)."""
    module_name, sep, attribute = path.partition(":")
    if not sep or not module_name or not attribute:
        raise ManifestError(f"{path!r} is not of the form 'module:attribute'")
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise ManifestError(f"cannot import {module_name!r} (from {path!r}): {exc}") from exc
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError as exc:
            raise ManifestError(f"{module_name!r} has no attribute {attribute!r}") from exc
    return target


def load_manifests(paths: Sequence[str] | None = None) -> list[ServiceManifest]:
    manifests: list[ServiceManifest] = []
    for path in manifest_paths() if paths is None else paths:
        manifest = import_object(path)
        if not isinstance(manifest, ServiceManifest):
            raise ManifestError(f"{path} is a {type(manifest).__name__}, not a ServiceManifest")
        manifests.append(manifest)
    names = [manifest.name for manifest in manifests]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ManifestError(f"several manifests share the name(s) {sorted(duplicates)}")
    return manifests


def load_callable(path: str) -> Callable[..., Any]:
    target = import_object(path)
    if not callable(target):
        raise ManifestError(f"{path} is not callable")
    return target  # type: ignore[no-any-return]


def database_env_name(manifest: ServiceManifest) -> str:
    """``INKPASS_DATABASE_URL`` for the ``inkpass`` service."""
    return f"{manifest.env_prefix}DATABASE_URL"
