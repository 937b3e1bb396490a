"""Postmark through its SDK (``postmarker``, synchronous: run in a worker thread)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
import requests
from postmarker.core import PostmarkClient
from postmarker.exceptions import ClientError

from mimic.providers.base import (
    EmailProvider,
    OutboundEmail,
    ProviderError,
    SendResult,
    transient_status,
)
from mimic.providers.registry import register
from mimic.settings import MimicSettings

# Postmark error codes that no retry can fix even when they come with a 5xx-ish status.
_PERMANENT_CODES = {10, 300, 400, 401, 402, 403, 405, 406, 409, 410, 411, 412, 413}


@register
class PostmarkProvider(EmailProvider):
    name = "postmark"

    def __init__(
        self,
        *,
        sender: str,
        server_token: str,
        api_url: str,
        message_stream: str = "outbound",
        timeout: float = 15.0,
    ) -> None:
        super().__init__(sender=sender)
        if not server_token:
            raise ProviderError("Postmark needs a server token", transient=False)
        self.server_token = server_token
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.message_stream = message_stream
        self.timeout = timeout

    @classmethod
    def from_config(
        cls,
        *,
        options: Mapping[str, Any],
        secrets: Mapping[str, str],
        sender: str,
        settings: MimicSettings,
    ) -> PostmarkProvider:
        return cls(
            sender=sender,
            server_token=secrets.get("server_token", ""),
            api_url=settings.postmark_api_url,
            message_stream=str(options.get("message_stream") or "outbound"),
            timeout=settings.provider_timeout_seconds,
        )

    async def send(self, email: OutboundEmail) -> SendResult:
        return await anyio.to_thread.run_sync(self._send_blocking, email)

    def _send_blocking(self, email: OutboundEmail) -> SendResult:
        client = PostmarkClient(
            server_token=self.server_token, root_api_url=self.api_url, timeout=self.timeout
        )
        try:
            response = client.emails.send(
                From=self.default_sender,
                To=list(email.to),
                Subject=email.subject,
                TextBody=email.text,
                HtmlBody=email.html,
                ReplyTo=email.reply_to,
                Headers=dict(email.headers),
                Metadata={"notification_id": str(email.notification_id)},
                MessageStream=self.message_stream,
            )
        except ClientError as exc:
            cause = exc.__cause__
            response = cause.response if isinstance(cause, requests.HTTPError) else None
            status = response.status_code if response is not None else 422
            permanent = exc.error_code in _PERMANENT_CODES or not transient_status(status)
            raise ProviderError(
                f"Postmark rejected the email: {exc}",
                transient=not permanent,
                code=str(exc.error_code),
                retry_after=_retry_after(cause),
            ) from exc
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 500
            raise ProviderError(
                f"Postmark answered HTTP {status}",
                transient=transient_status(status),
                code=str(status),
                retry_after=_retry_after(exc),
            ) from exc
        except requests.RequestException as exc:
            raise ProviderError(f"cannot reach Postmark: {exc}", transient=True) from exc
        finally:
            client.session.close()
        return SendResult(
            provider_message_id=str(response.get("MessageID") or "") or None,
            details={"submitted_at": response.get("SubmittedAt")},
        )


def _retry_after(error: BaseException | None) -> float | None:
    response = getattr(error, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None
