"""What every integration provider does: verify and read inbound requests, check credentials,
perform outbound actions. One small base class; each provider is a module; the registry names
them."""

from __future__ import annotations

import hashlib
import hmac
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from fluxkit.errors import FluxError
from fluxkit.http import (
    BlockedDestination,
    GuardedClient,
    GuardedResponse,
    OutboundError,
    ResponseTooLarge,
)
from mimic.settings import MimicSettings


class HookRejected(FluxError):
    """An inbound request that is unsigned, wrongly signed, stale or unreadable (401)."""

    status_code = 401


class MalformedHook(HookRejected):
    """A correctly signed request whose body is not what the provider sends (400)."""

    status_code = 400


class ActionFailed(Exception):
    """An outbound action that did not go through; ``transient`` ones are tried again."""

    def __init__(
        self,
        reason: str,
        *,
        transient: bool,
        retry_after: float | None = None,
        response: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after
        self.response = response or {}


class Credentials(BaseModel):
    """A provider's credentials and settings as written (every field optional: an update may
    change one; what is required is checked after merging with the stored values)."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class InboundRequest:
    body: bytes
    headers: Mapping[str, str]
    """Case-insensitive (Starlette's headers)."""
    received_at: datetime


@dataclass(frozen=True)
class EventDraft:
    """A verified event to store and relay."""

    type: str
    delivery_key: str
    data: dict[str, Any]
    reply: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InboundOutcome:
    """What to answer the provider, and the event to hand on (none for pings)."""

    status_code: int = 200
    body: Any = None
    """A JSON document, or ``None`` for an empty body."""
    event: EventDraft | None = None


@dataclass(frozen=True)
class IntegrationContext:
    id: str
    name: str
    config: Mapping[str, Any]
    secrets: Mapping[str, str]

    def value(self, name: str) -> str:
        return str(self.secrets.get(name) or self.config.get(name) or "")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str
    checked_remotely: bool
    response: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionResult:
    response: dict[str, Any]


class IntegrationProvider(ABC):
    name: ClassVar[str]
    credentials_model: ClassVar[type[Credentials]]
    config_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields stored in the clear (everything else is sealed)."""
    required: ClassVar[tuple[str, ...]] = ()
    actions: ClassVar[frozenset[str]] = frozenset()

    def validate(self, values: Mapping[str, Any]) -> None:
        """Raise ``ValueError`` when merged settings are incomplete or inconsistent."""
        missing = [name for name in self.required if not values.get(name)]
        if missing:
            raise ValueError(f"{self.name} needs {', '.join(missing)}")

    @abstractmethod
    def receive(self, request: InboundRequest, integration: IntegrationContext) -> InboundOutcome:
        """Verify the request on its raw body and say what it is (or raise a rejection)."""

    @abstractmethod
    async def check(
        self, http: GuardedClient, integration: IntegrationContext, settings: MimicSettings
    ) -> CheckResult:
        """Check the credentials against the provider where it can be asked."""

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
        """Perform ``action``; ``action_id`` identifies it to receivers that de-duplicate."""
        raise ActionFailed(f"{self.name} integrations cannot {action}", transient=False)


# -- helpers shared by the providers -------------------------------------------------------------


def hmac_sha256_hex(secret: str | bytes, message: bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def same(given: str, expected: str) -> bool:
    """Constant-time comparison of two signatures."""
    return hmac.compare_digest(given.encode(), expected.encode())


def check_timestamp(value: str, now: datetime, tolerance_seconds: int, what: str) -> int:
    try:
        stamp = int(value)
    except ValueError as exc:
        raise HookRejected(f"{what} is not a number") from exc
    if abs(now.timestamp() - stamp) > tolerance_seconds:
        raise HookRejected(f"{what} is outside the {tolerance_seconds}-second window (stale)")
    return stamp


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "webhook"


def type_part(text: str) -> str:
    """A piece of an event type from a provider's own naming, kept readable but never holding
    characters an event type may not have (letters, digits, ``_ . -``)."""
    return re.sub(r"[^A-Za-z0-9_.\-]+", "_", text).strip("_.") or "unknown"


def retry_after_seconds(response: GuardedResponse, now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds (number or HTTP date), or a JSON ``retry_after`` (Discord)."""
    header = response.headers.get("retry-after")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                moment = parsedate_to_datetime(header)
            except (TypeError, ValueError):
                return None
            return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
    return None


def _summary(response: GuardedResponse) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = response.text[:300]
    return {"status_code": response.status_code, "body": body}


async def call(
    http: GuardedClient,
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    json: Any = None,
    content: bytes | None = None,
) -> GuardedResponse:
    """One outbound request; 5xx and 429 are transient failures, other 4xx permanent ones."""
    try:
        response = await http.request(method, url, headers=headers, json=json, content=content)
    except (BlockedDestination, ResponseTooLarge) as exc:
        raise ActionFailed(exc.message, transient=False) from exc
    except OutboundError as exc:
        raise ActionFailed(exc.message, transient=True) from exc
    if response.is_success:
        return response
    summary = _summary(response)
    reason = f"{method} {url.split('?')[0]} answered {response.status_code}"
    detail = summary["body"]
    if isinstance(detail, dict):
        message = detail.get("message") or detail.get("error") or detail.get("detail")
        if message:
            reason += f": {message}"
    if response.status_code == 429 or response.status_code >= 500:
        retry_after = retry_after_seconds(response)
        if retry_after is None and isinstance(detail, dict) and "retry_after" in detail:
            try:
                retry_after = float(detail["retry_after"])
            except (TypeError, ValueError):
                retry_after = None
        raise ActionFailed(reason, transient=True, retry_after=retry_after, response=summary)
    raise ActionFailed(reason, transient=False, response=summary)


def json_body(request: InboundRequest) -> dict[str, Any]:
    import json

    try:
        document = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedHook("the body is not JSON") from exc
    if not isinstance(document, dict):
        raise MalformedHook("the body is not a JSON object")
    return document
