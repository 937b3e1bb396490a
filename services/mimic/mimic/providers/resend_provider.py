"""Resend through its SDK (``resend``, synchronous: run in a worker thread).

The SDK reads its API key and base URL from module globals. Organizations bring their own keys
and sends run in parallel threads, so a scoped HTTP client swaps in each call's key and base URL
from a thread-local instead of touching those globals per call.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import anyio
import requests
import resend
from resend.exceptions import ResendError
from resend.http_client import HTTPClient

from mimic.providers.base import (
    EmailProvider,
    OutboundEmail,
    ProviderError,
    SendResult,
    transient_status,
)
from mimic.providers.registry import register
from mimic.settings import MimicSettings


class _Scope(threading.local):
    api_key: str | None = None
    api_url: str | None = None


_scope = _Scope()


class ScopedResendClient(HTTPClient):
    """Sends with the calling thread's key and base URL (see :func:`resend_scope`)."""

    def __init__(self, timeout: float = 15.0) -> None:
        self.timeout = timeout

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        json: dict[str, object] | list[object] | None = None,
        files: dict[str, Any] | None = None,
        data: dict[str, str] | None = None,
    ) -> tuple[bytes, int, Mapping[str, str]]:
        scoped_headers = dict(headers)
        if _scope.api_key is not None and _scope.api_url is not None:
            scoped_headers["Authorization"] = f"Bearer {_scope.api_key}"
            url = _scope.api_url.rstrip("/") + url.removeprefix(resend.api_url.rstrip("/"))
        try:
            response = requests.request(
                method,
                url,
                headers=scoped_headers,
                json=json if data is None else None,  # type: ignore[arg-type]
                data=data,
                files=files,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise RuntimeError(f"Request failed: {exc}") from exc
        return response.content, response.status_code, response.headers


_install_lock = threading.Lock()


def _install_client(timeout: float) -> None:
    with _install_lock:
        if not isinstance(resend.default_http_client, ScopedResendClient):
            resend.default_http_client = ScopedResendClient(timeout)


@contextmanager
def resend_scope(api_key: str, api_url: str) -> Iterator[None]:
    previous = (_scope.api_key, _scope.api_url)
    _scope.api_key, _scope.api_url = api_key, api_url
    try:
        yield
    finally:
        _scope.api_key, _scope.api_url = previous


@register
class ResendProvider(EmailProvider):
    name = "resend"

    def __init__(self, *, sender: str, api_key: str, api_url: str, timeout: float = 15.0) -> None:
        super().__init__(sender=sender)
        if not api_key:
            raise ProviderError("Resend needs an API key", transient=False)
        self.api_key = api_key
        self.api_url = api_url
        self.timeout = timeout
        _install_client(timeout)

    @classmethod
    def from_config(
        cls,
        *,
        options: Mapping[str, Any],
        secrets: Mapping[str, str],
        sender: str,
        settings: MimicSettings,
    ) -> ResendProvider:
        return cls(
            sender=sender,
            api_key=secrets.get("api_key", ""),
            api_url=settings.resend_api_url,
            timeout=settings.provider_timeout_seconds,
        )

    async def send(self, email: OutboundEmail) -> SendResult:
        return await anyio.to_thread.run_sync(self._send_blocking, email)

    def _send_blocking(self, email: OutboundEmail) -> SendResult:
        params: dict[str, Any] = {
            "from": self.default_sender,
            "to": list(email.to),
            "subject": email.subject,
            "tags": [{"name": "notification_id", "value": str(email.notification_id)}],
        }
        if email.html:
            params["html"] = email.html
        if email.text:
            params["text"] = email.text
        if email.reply_to:
            params["reply_to"] = email.reply_to
        if email.headers:
            params["headers"] = dict(email.headers)
        try:
            with resend_scope(self.api_key, self.api_url):
                response = resend.Emails.send(
                    params,  # type: ignore[arg-type]
                    {"idempotency_key": f"fluxos-{email.notification_id}"},
                )
        except ResendError as exc:
            status = _status_of(exc.code)
            transient = exc.error_type == "HttpClientError" or transient_status(status)
            retry_after = exc.headers.get("retry-after") or exc.headers.get("Retry-After")
            raise ProviderError(
                f"Resend rejected the email: {exc.message}",
                transient=transient,
                code=str(exc.error_type),
                retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
            ) from exc
        return SendResult(provider_message_id=str(response["id"]))


def _status_of(code: object) -> int:
    try:
        return int(str(code))
    except ValueError:
        return 500
