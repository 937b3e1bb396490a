"""GitHub: the REST API (issues, comments, /user; token auth) and webhook signing
(``X-Hub-Signature-256``), to send signed deliveries as GitHub does."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import uuid
from collections import defaultdict
from typing import Any

from starlette.responses import Response

from .base import FakeSaaS, Recorded, json_response

ISSUES = re.compile(r"^/repos/([^/]+)/([^/]+)/issues$")
COMMENTS = re.compile(r"^/repos/([^/]+)/([^/]+)/issues/(\d+)/comments$")


class FakeGitHub(FakeSaaS):
    name = "github"

    def __init__(self) -> None:
        super().__init__()
        self.token = "ghp_" + secrets.token_hex(18)
        self.webhook_secret = secrets.token_hex(16)
        self.issues: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.comments: list[dict[str, Any]] = []
        self._ids = itertools.count(1_000_001)

    # -- what GitHub sends to a webhook ----------------------------------------------------------

    def sign(
        self,
        body: bytes,
        event: str,
        *,
        delivery: str | None = None,
        secret: str | None = None,
    ) -> dict[str, str]:
        digest = hmac.new((secret or self.webhook_secret).encode(), body, hashlib.sha256)
        return {
            "X-GitHub-Event": event,
            "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
            "X-GitHub-Hook-ID": "292430182",
            "X-Hub-Signature-256": "sha256=" + digest.hexdigest(),
            "User-Agent": "GitHub-Hookshot/abc1234",
            "Content-Type": "application/json",
        }

    @staticmethod
    def issue_opened(repository: str = "octo-org/hello-world", number: int = 1347) -> bytes:
        owner = repository.split("/")[0]
        return json.dumps(
            {
                "action": "opened",
                "issue": {
                    "number": number,
                    "title": "Found a bug",
                    "body": "I'm having a problem with this.",
                    "user": {"login": "octocat"},
                    "html_url": f"https://github.com/{repository}/issues/{number}",
                },
                "repository": {"full_name": repository, "owner": {"login": owner}},
                "sender": {"login": "octocat"},
            }
        ).encode()

    # -- the REST API ------------------------------------------------------------------------------

    def handle(self, request: Recorded) -> Response | None:
        if request.headers.get("authorization") not in (
            f"Bearer {self.token}",
            f"token {self.token}",
        ):
            return json_response(
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
                401,
            )
        if request.path == "/user" and request.method == "GET":
            return json_response({"login": "fluxos-bot", "id": 424242, "type": "Bot"})
        issues = ISSUES.match(request.path)
        if issues and request.method == "POST":
            repository = f"{issues.group(1)}/{issues.group(2)}"
            payload = request.json() or {}
            if not payload.get("title"):
                return json_response(
                    {"message": "Validation Failed", "errors": [{"field": "title"}]}, 422
                )
            number = len(self.issues[repository]) + 1
            issue = {
                "id": next(self._ids),
                "number": number,
                "title": payload["title"],
                "body": payload.get("body"),
                "labels": [{"name": name} for name in payload.get("labels", [])],
                "html_url": f"https://github.com/{repository}/issues/{number}",
            }
            self.issues[repository].append(issue)
            return json_response(issue, 201)
        comments = COMMENTS.match(request.path)
        if comments and request.method == "POST":
            repository = f"{comments.group(1)}/{comments.group(2)}"
            number = int(comments.group(3))
            payload = request.json() or {}
            comment = {
                "id": next(self._ids),
                "body": payload.get("body"),
                "repository": repository,
                "issue_number": number,
                "html_url": f"https://github.com/{repository}/issues/{number}#issuecomment-1",
            }
            self.comments.append(comment)
            return json_response(comment, 201)
        return None
