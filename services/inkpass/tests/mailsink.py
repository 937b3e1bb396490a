"""A real SMTP server (aiosmtpd) for tests: it keeps every message InkPass sends."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import anyio
from aiosmtpd.controller import Controller


@dataclass
class Received:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    @property
    def code(self) -> str:
        found = re.search(r"^\s+(\d{6})\s*$", self.text, re.MULTILINE)
        assert found, f"no code in: {self.text!r}"
        return found.group(1)

    def token(self) -> str:
        found = re.search(r"token=([\w%-]+)", self.text)
        assert found, f"no token in: {self.text!r}"
        return found.group(1)


class MailSink:
    """The SMTP handler: records messages; an optional delay makes it a slow server."""

    def __init__(self, delay_seconds: float = 0.0) -> None:
        self.received: list[Received] = []
        self.delay_seconds = delay_seconds

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay_seconds:
            await anyio.sleep(self.delay_seconds)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received([str(r).lower() for r in envelope.rcpt_tos], message))
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        return [item for item in self.received if address.lower() in item.recipients]

    async def wait_for(
        self, address: str, *, subject: str = "", count: int = 1, timeout: float = 10.0
    ) -> Received:
        """The ``count``-th message to ``address`` whose subject contains ``subject``."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [
                item for item in self.to(address) if subject.lower() in item.subject.lower()
            ]
            if len(matching) >= count:
                return matching[count - 1]
            if time.monotonic() > deadline:
                subjects = [item.subject for item in self.to(address)]
                raise AssertionError(f"no email {subject!r} to {address} (got {subjects})")
            await anyio.sleep(0.02)

    async def settle(self, seconds: float = 0.3) -> None:
        """Give background deliveries time to arrive before asserting that none did."""
        await anyio.sleep(seconds)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_sink(delay_seconds: float = 0.0) -> tuple[MailSink, Controller, int]:
    sink = MailSink(delay_seconds)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return sink, controller, port
