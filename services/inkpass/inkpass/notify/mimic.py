"""Emails through Mimic: one notification per email, rendered there from a system template.

InkPass sends as itself (its own ``flxs_`` credential, acting for nobody), so the notifications
are platform mail that no organization member can list. Each send carries an Idempotency-Key
derived from the message: when an attempt's answer is lost and the send is tried again, Mimic
replays the first notification instead of queueing a second email.
"""

from __future__ import annotations

import logging
import random
import uuid
from typing import Any

import anyio

from fluxkit.http import (
    ServiceClient,
    ServiceConflict,
    ServiceRateLimited,
    ServiceUnavailableError,
)
from inkpass.settings import InkPassSettings

logger = logging.getLogger(__name__)

NOTIFICATIONS_PATH = "/api/v1/notifications"


class MimicNotifier:
    """POSTs each email to Mimic; transient failures (5xx, unreachable, 429) are tried again."""

    def __init__(
        self,
        base_url: str,
        service_token: str,
        *,
        attempts: int = 4,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        timeout_seconds: float = 10.0,
        rng: random.Random | None = None,
    ) -> None:
        self.client = ServiceClient(base_url, service_token, timeout=timeout_seconds)
        self.attempts = max(1, attempts)
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._random = rng or random.Random()

    @classmethod
    def from_settings(cls, settings: InkPassSettings) -> MimicNotifier:
        return cls(
            settings.mimic_url,
            settings.service_token.get_secret_value(),
            attempts=settings.mimic_attempts,
            timeout_seconds=settings.mimic_timeout_seconds,
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with jitter; a server's Retry-After wins when it is longer."""
        ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1))
        delay = self._random.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_backoff_seconds))
        return delay

    async def send_email(
        self,
        *,
        to: str,
        subject: str,
        text: str,
        html: str | None = None,
        template: str | None = None,
        variables: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        body: dict[str, Any] = {"to": [to]}
        if template:
            body |= {"template": template, "variables": dict(variables or {})}
        else:
            body |= {"subject": subject, "text": text}
            if html:
                body["html"] = html
        # Fixed before the first attempt: every retry below is the same request to Mimic.
        key = idempotency_key or f"inkpass:{uuid.uuid4().hex}"
        headers = {"Idempotency-Key": key}
        # Other refusals (a template refusing its variables, our credential refused) are a
        # defect or a deployment problem: they propagate to the caller, which logs them.
        for attempt in range(1, self.attempts + 1):
            try:
                response = await self.client.request(
                    "POST", NOTIFICATIONS_PATH, json=body, headers=headers
                )
            except ServiceConflict as exc:
                # A suppressed recipient (bounced, complained, unsubscribed) stays suppressed:
                # trying again cannot help, and it is no error of InkPass's.
                logger.warning(
                    "email not sent: Mimic refused it (%s): %s",
                    exc.error or "Conflict",
                    exc.message,
                    extra={"template": template, "idempotency_key": key},
                )
                return
            except (ServiceUnavailableError, ServiceRateLimited) as exc:
                if attempt == self.attempts:
                    raise
                delay = self._delay(attempt, exc.retry_after)
                logger.info(
                    "Mimic unavailable (%s); trying again in %.1f s",
                    exc.message,
                    delay,
                    extra={"template": template, "attempt": attempt},
                )
                await anyio.sleep(delay)
                continue
            accepted = response.json()
            logger.info(
                "email queued in Mimic",
                extra={
                    "template": template,
                    "notification_id": accepted.get("id"),
                    "replayed": response.headers.get("Idempotent-Replayed") == "true",
                },
            )
            return
