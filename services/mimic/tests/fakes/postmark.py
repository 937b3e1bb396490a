"""A local Postmark API: ``POST /email`` with ``X-Postmark-Server-Token``, Postmark's JSON shapes
for success (MessageID) and errors (ErrorCode + Message), and scripted failures."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .scripted import Failure, Script

SERVER_ERROR = Failure(500, {"ErrorCode": 500, "Message": "Internal server error"})
RATE_LIMITED = Failure(
    429, {"ErrorCode": 429, "Message": "Rate limit exceeded"}, {"Retry-After": "0"}
)
INVALID_REQUEST = Failure(422, {"ErrorCode": 300, "Message": "Invalid 'To' address: 'nope'."})
INACTIVE_RECIPIENT = Failure(
    422,
    {
        "ErrorCode": 406,
        "Message": "You tried to send to recipient(s) that have been marked as inactive.",
    },
)


class FakePostmark:
    def __init__(self, tokens: set[str] | None = None) -> None:
        self.tokens = tokens if tokens is not None else {"pm-server-token"}
        self.script = Script()
        self.app = Starlette(routes=[Route("/email", self.send_email, methods=["POST"])])

    async def send_email(self, request: Request) -> JSONResponse:
        token = request.headers.get("x-postmark-server-token")
        if not token:
            return JSONResponse(
                {"ErrorCode": 10, "Message": "No Account or Server API tokens were supplied."},
                status_code=401,
            )
        if token not in self.tokens:
            return JSONResponse(
                {"ErrorCode": 10, "Message": "The Server API token is not valid."}, status_code=401
            )
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse({"ErrorCode": 402, "Message": "Received invalid JSON input."}, 422)
        recipients = [part.strip() for part in str(body.get("To") or "").split(",") if part.strip()]
        failure = self.script.next_failure(recipients)
        self.script.record(
            {"to": recipients, "token": token, "body": body, "failed": bool(failure)}
        )
        if failure is not None:
            return JSONResponse(failure.body, status_code=failure.status, headers=failure.headers)
        if not body.get("From") or not recipients:
            return JSONResponse(INVALID_REQUEST.body, status_code=422)
        return JSONResponse(
            {
                "To": body["To"],
                "SubmittedAt": datetime.now(UTC).isoformat(),
                "MessageID": str(uuid.uuid4()),
                "ErrorCode": 0,
                "Message": "OK",
            }
        )
