"""SMTP delivery with the standard library, run in a worker thread (smtplib blocks)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

import anyio

from inkpass.settings import InkPassSettings

logger = logging.getLogger(__name__)


def _header(value: str) -> str:
    # Never let user-supplied text (an organisation name in a subject) start a new header.
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


class SmtpNotifier:
    def __init__(self, settings: InkPassSettings) -> None:
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.username = settings.smtp_username
        self.password = settings.smtp_password.get_secret_value()
        self.starttls = settings.smtp_starttls
        self.timeout = settings.smtp_timeout_seconds
        self.mail_from = settings.mail_from

    def build_message(
        self, *, to: str, subject: str, text: str, html: str | None, template: str | None
    ) -> EmailMessage:
        message = EmailMessage()
        message["From"] = _header(self.mail_from)
        message["To"] = _header(to)
        message["Subject"] = _header(subject)
        message["Date"] = formatdate(localtime=False)
        domain = parseaddr(self.mail_from)[1].partition("@")[2] or "fluxos.local"
        message["Message-ID"] = make_msgid(domain=domain)
        if template:
            message["X-Fluxos-Template"] = _header(template)
        message.set_content(text)
        if html:
            message.add_alternative(html, subtype="html")
        return message

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
        message = self.build_message(
            to=to, subject=subject, text=text, html=html, template=template
        )
        await anyio.to_thread.run_sync(self._deliver, message)
        logger.info("email sent", extra={"template": template, "smtp_host": self.host})

    def _deliver(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.ehlo()
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


class LogNotifier:
    """Development notifier: writes emails to the log instead of sending them."""

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
        logger.warning("email (not sent, log notifier) to=%s subject=%s\n%s", to, subject, text)
