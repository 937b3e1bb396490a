"""A local Resend API: ``POST /emails`` with a Bearer API key and ``Idempotency-Key``, Resend's
JSON shapes (``{"id"}``; errors as ``statusCode``/``name``/``message``), scripted failures."""

from __future__ import annotations

import json
import uuid

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .scripted import Failure, Script

SERVER_ERROR = Failure(
    500,
    {
        "statusCode": 500,
        "name": "internal_server_error",
        "message": "An unexpected error occurred.",
    },
)
RATE_LIMITED = Failure(
    429,
    {"statusCode": 429, "name": "rate_limit_exceeded", "message": "Too many requests."},
    {"retry-after": "0"},
)
VALIDATION_ERROR = Failure(
    422,
    {"statusCode": 422, "name": "validation_error", "message": "The `to` field is invalid."},
)


class FakeResend:
    def __init__(self, keys: set[str] | None = None) -> None:
        self.keys = keys if keys is not None else {"re_test_key"}
        self.script = Script()
        self._idempotent: dict[str, dict[str, str]] = {}
        self.app = Starlette(routes=[Route("/emails", self.send_email, methods=["POST"])])

    async def send_email(self, request: Request) -> JSONResponse:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not key or key == "None":
            return JSONResponse(
                {"statusCode": 401, "name": "missing_api_key", "message": "Missing API key."}, 401
            )
        if key not in self.keys:
            return JSONResponse(
                {"statusCode": 403, "name": "invalid_api_key", "message": "API key is invalid."},
                403,
            )
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse(VALIDATION_ERROR.body, status_code=422)
        idempotency_key = request.headers.get("idempotency-key")
        if idempotency_key and idempotency_key in self._idempotent:
            return JSONResponse(self._idempotent[idempotency_key])
        to = body.get("to")
        recipients = [to] if isinstance(to, str) else list(to or [])
        failure = self.script.next_failure(recipients)
        self.script.record(
            {
                "to": recipients,
                "key": key,
                "body": body,
                "idempotency_key": idempotency_key,
                "failed": bool(failure),
            }
        )
        if failure is not None:
            return JSONResponse(failure.body, status_code=failure.status, headers=failure.headers)
        if not body.get("from") or not recipients or not body.get("subject"):
            return JSONResponse(VALIDATION_ERROR.body, status_code=422)
        answer = {"id": str(uuid.uuid4())}
        if idempotency_key:
            self._idempotent[idempotency_key] = answer
        return JSONResponse(answer)
