"""GitHub webhooks (``X-Hub-Signature-256``) and the REST API (issues, comments)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from pydantic import SecretStr

from fluxkit.http import GuardedClient
from mimic.integrations.providers.base import (
    ActionFailed,
    ActionResult,
    CheckResult,
    Credentials,
    EventDraft,
    HookRejected,
    InboundOutcome,
    InboundRequest,
    IntegrationContext,
    IntegrationProvider,
    MalformedHook,
    call,
    hmac_sha256_hex,
    json_body,
    same,
    type_part,
)
from mimic.settings import MimicSettings


class GitHubCredentials(Credentials):
    webhook_secret: SecretStr | None = None
    token: SecretStr | None = None


def github_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac_sha256_hex(secret, body)


def verify_github(secret: str, headers: Mapping[str, str], body: bytes) -> None:
    given = headers.get("x-hub-signature-256", "")
    if not given:
        raise HookRejected("missing X-Hub-Signature-256 header")
    if not same(given, github_signature(secret, body)):
        raise HookRejected("X-Hub-Signature-256 does not match the body")


def _payload(request: InboundRequest) -> dict[str, Any]:
    """The JSON delivery, or its ``payload`` field when the hook sends form data."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return json_body(request)
    try:
        fields = parse_qs(request.body.decode(), keep_blank_values=True)
    except UnicodeDecodeError as exc:
        raise MalformedHook("the form body is not UTF-8") from exc
    document = (fields.get("payload") or [""])[0]
    return json_body(InboundRequest(document.encode(), request.headers, request.received_at))


def _headers(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
    }


class GitHubProvider(IntegrationProvider):
    name = "github"
    credentials_model = GitHubCredentials
    required = ("webhook_secret",)
    actions = frozenset({"github_issue", "github_comment"})

    def receive(self, request: InboundRequest, integration: IntegrationContext) -> InboundOutcome:
        verify_github(integration.value("webhook_secret"), request.headers, request.body)
        event = request.headers.get("x-github-event", "")
        delivery = request.headers.get("x-github-delivery", "")
        if not event or not delivery:
            raise HookRejected("missing X-GitHub-Event or X-GitHub-Delivery header")
        payload = _payload(request)
        if event == "ping":
            return InboundOutcome(200, {"status": "pong", "zen": payload.get("zen")})
        action = payload.get("action")
        kind = f"github.{type_part(event)}"
        if isinstance(action, str) and action:
            kind += f".{type_part(action)}"
        repository = payload.get("repository") or {}
        issue = payload.get("issue") or payload.get("pull_request") or {}
        reply: dict[str, Any] = {
            "github": {
                "repository": repository.get("full_name") if isinstance(repository, dict) else None,
                "issue_number": issue.get("number") if isinstance(issue, dict) else None,
            }
        }
        return InboundOutcome(202, None, EventDraft(kind, delivery, payload, reply))

    async def check(
        self, http: GuardedClient, integration: IntegrationContext, settings: MimicSettings
    ) -> CheckResult:
        token = integration.value("token")
        if not token:
            return CheckResult(True, "no API token stored; only inbound webhooks are set", False)
        try:
            response = await call(
                http, "GET", f"{settings.github_api_url.rstrip('/')}/user", headers=_headers(token)
            )
        except ActionFailed as exc:
            return CheckResult(False, exc.reason, True, exc.response)
        login = response.json().get("login", "")
        return CheckResult(True, f"the token works (as {login})", True, {"login": login})

    async def perform(
        self,
        http: GuardedClient,
        integration: IntegrationContext,
        action: str,
        params: Mapping[str, Any],
        settings: MimicSettings,
        *,
        action_id: str,
    ) -> ActionResult:
        token = integration.value("token")
        if not token:
            raise ActionFailed("this GitHub integration has no API token", transient=False)
        base = f"{settings.github_api_url.rstrip('/')}/repos/{params['repository']}/issues"
        if action == "github_issue":
            body = {"title": params["title"], "body": params.get("body") or ""}
            if params.get("labels"):
                body["labels"] = list(params["labels"])
            response = await call(http, "POST", base, headers=_headers(token), json=body)
        else:
            url = f"{base}/{int(params['issue_number'])}/comments"
            response = await call(
                http, "POST", url, headers=_headers(token), json={"body": params["body"]}
            )
        created = response.json()
        return ActionResult(
            {
                "status_code": response.status_code,
                "id": created.get("id"),
                "number": created.get("number"),
                "html_url": created.get("html_url"),
            }
        )
