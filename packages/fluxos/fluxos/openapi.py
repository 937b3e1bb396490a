"""Each service's OpenAPI document, straight from its app (no server, no database).

``fluxos openapi --out web/openapi`` writes ``<service>.json`` per manifest; the web app
generates its typed API client from them (``npm run generate:api``) and CI checks for drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fluxkit.manifest import ServiceManifest
from fluxos.services import load_callable


def openapi_document(manifest: ServiceManifest) -> dict[str, Any]:
    app = load_callable(manifest.app_factory)()
    document: dict[str, Any] = app.openapi()
    return document


def export_openapi(manifests: list[ServiceManifest], out: Path) -> list[Path]:
    """Write one JSON document per service into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for manifest in manifests:
        path = out / f"{manifest.name}.json"
        text = json.dumps(openapi_document(manifest), indent=2, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
