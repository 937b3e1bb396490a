"""Error base and the one handler that renders ``{"error": "ClassName", "detail": "..."}``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class FluxError(Exception):
    status_code = 400
    headers: dict[str, str] | None = None

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code
        if headers is not None:
            self.headers = headers
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"error": type(self).__name__, "detail": self.message, **self.extra}


class BadRequest(FluxError):
    status_code = 400


class Unauthorized(FluxError):
    status_code = 401
    headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(FluxError):
    status_code = 403


class NotFound(FluxError):
    status_code = 404


class Conflict(FluxError):
    status_code = 409


class Gone(FluxError):
    status_code = 410


class PayloadTooLarge(FluxError):
    status_code = 413


class RateLimited(FluxError):
    status_code = 429

    def __init__(self, message: str, retry_after: float) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(
            message, headers={"Retry-After": str(seconds)}, extra={"retry_after": seconds}
        )


class ServiceUnavailable(FluxError):
    status_code = 503


async def _flux_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FluxError)
    return JSONResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)


async def _validation_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    return JSONResponse(
        {"error": "ValidationError", "detail": f"{where}: {first['msg']}", "errors": errors},
        status_code=422,
    )


async def _http_exception_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    names = {404: "NotFound", 405: "MethodNotAllowed", 401: "Unauthorized", 403: "Forbidden"}
    return JSONResponse(
        {"error": names.get(exc.status_code, "HTTPError"), "detail": str(exc.detail)},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(FluxError, _flux_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_exception_handler)
