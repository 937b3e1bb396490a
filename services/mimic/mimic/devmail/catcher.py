"""A local SMTP catcher for development: every email the platform sends lands here, in memory,
so a person trying fluxos can read it at the dev mail page instead of needing a mail server."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class CaughtMessage:
    id: str
    received_at: datetime
    mail_from: str
    recipients: list[str]
    subject: str
    text: str | None
    html: str | None
    headers: dict[str, str]
    size: int
    raw: bytes = field(repr=False)

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "received_at": self.received_at.isoformat(),
            "from": self.headers.get("From", self.mail_from),
            "mail_from": self.mail_from,
            "to": self.recipients,
            "subject": self.subject,
            "size": self.size,
        }

    def detail(self) -> dict[str, Any]:
        return {**self.summary(), "text": self.text, "html": self.html, "headers": self.headers}


def _part(message: EmailMessage, subtype: str) -> str | None:
    body = message.get_body(preferencelist=(subtype,))
    if body is None:
        return None
    content = body.get_content()
    return content if isinstance(content, str) else None


def parse(raw: bytes, mail_from: str, recipients: list[str]) -> CaughtMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return CaughtMessage(
        id=uuid.uuid4().hex,
        received_at=datetime.now(UTC),
        mail_from=mail_from,
        recipients=recipients,
        subject=str(message.get("Subject", "")),
        text=_part(message, "plain"),
        html=_part(message, "html"),
        headers={key: str(value) for key, value in message.items()},
        size=len(raw),
        raw=raw,
    )


class _Handler:
    def __init__(self, catcher: MailCatcher) -> None:
        self.catcher = catcher

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.catcher.add(
            parse(raw, str(envelope.mail_from or ""), [str(to) for to in envelope.rcpt_tos])
        )
        return "250 Message accepted for delivery"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class MailCatcher:
    """An SMTP server on ``host:port`` keeping the last ``max_messages`` emails in memory."""

    def __init__(self, host: str = "127.0.0.1", port: int = 1025, max_messages: int = 500) -> None:
        self.host = host
        self.port = port
        self._messages: deque[CaughtMessage] = deque(maxlen=max_messages)
        self._lock = threading.Condition()
        self._received = 0
        self._controller: Controller | None = None

    def start(self) -> None:
        controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            data_size_limit=25 * 1024 * 1024,
            # Naming the server avoids a reverse DNS lookup on every connection.
            server_hostname="fluxos-devmail",
            ready_timeout=10,
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def add(self, message: CaughtMessage) -> None:
        with self._lock:
            self._messages.append(message)
            self._received += 1
            self._lock.notify_all()

    @property
    def received(self) -> int:
        """How many emails arrived since start (including ones no longer kept)."""
        return self._received

    def messages(self) -> list[CaughtMessage]:
        with self._lock:
            return list(reversed(self._messages))

    def get(self, message_id: str) -> CaughtMessage | None:
        with self._lock:
            return next((m for m in self._messages if m.id == message_id), None)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def wait_for_count(self, count: int, timeout: float) -> bool:
        """Block until ``received`` reaches ``count`` (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._received < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(remaining)
            return True

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> CaughtMessage:
        """The newest message matching ``predicate`` (polls; for tests and tools)."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages():
                if predicate(message):
                    return message
            if time.monotonic() > deadline:
                raise TimeoutError("no matching email arrived")
            await asyncio.sleep(0.05)
