"""The web app as the gateway's fallback: static files from the build, SPA fallback to index.html."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fluxos</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}
code{background:#f2f2f2;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>fluxos is running</h1>
<p>The APIs answer under <code>/api/v1/</code>, but the web app is not built yet.</p>
<p>Build it with <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then reload this page.</p>
</body></html>
"""

# Vite fingerprints everything under assets/, so those files never change under one name.
IMMUTABLE_PREFIX = "assets/"


class WebApp:
    def __init__(self, dist: Path | None) -> None:
        self.dist = dist.resolve() if dist is not None else None

    @property
    def built(self) -> bool:
        return self.dist is not None and (self.dist / "index.html").is_file()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            return
        response = self.respond(scope["path"], scope["method"])
        await response(scope, receive, send)

    def respond(self, path: str, method: str) -> Response:
        if path == "/api" or path.startswith("/api/"):
            return JSONResponse(
                {"error": "NotFound", "detail": f"no service serves {path}"}, status_code=404
            )
        if method not in ("GET", "HEAD"):
            return JSONResponse(
                {"error": "MethodNotAllowed", "detail": "the web app only answers GET"},
                status_code=405,
                headers={"Allow": "GET, HEAD"},
            )
        if not self.built or self.dist is None:
            return HTMLResponse(NOT_BUILT_PAGE)
        relative = path.lstrip("/")
        file = self._file_for(relative)
        if file is not None:
            cache = (
                "public, max-age=31536000, immutable"
                if relative.startswith(IMMUTABLE_PREFIX)
                else "no-cache"
            )
            return FileResponse(file, headers={"Cache-Control": cache})
        if "." in PurePosixPath(relative).name:
            # A missing script or image must not come back as HTML with status 200.
            return Response("not found", status_code=404, media_type="text/plain")
        return FileResponse(self.dist / "index.html", headers={"Cache-Control": "no-cache"})

    def _file_for(self, relative: str) -> Path | None:
        assert self.dist is not None
        candidate = (self.dist / relative).resolve()
        if not candidate.is_relative_to(self.dist):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None
