"""SMTP, the self-hosted default: stdlib ``smtplib`` run in a worker thread."""

from __future__ import annotations

import functools
import ipaddress
import smtplib
import socket
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any

import anyio

from mimic.providers.base import EmailProvider, OutboundEmail, ProviderError, SendResult
from mimic.providers.registry import register
from mimic.settings import MimicSettings

NOTIFICATION_HEADER = "X-Fluxos-Notification-Id"


def build_message(email: OutboundEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    name, address = parseaddr(sender)
    domain = address.rpartition("@")[2] or "fluxos.local"
    message["From"] = formataddr((name, address)) if name else address
    message["To"] = ", ".join(email.to)
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(domain=domain)
    message[NOTIFICATION_HEADER] = str(email.notification_id)
    if email.reply_to:
        message["Reply-To"] = email.reply_to
    for header, value in email.headers.items():
        message[header] = value
    message.set_content(email.text or "")
    if email.html:
        message.add_alternative(email.html, subtype="html")
    return message


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA store costs milliseconds; one shared context serves every connection.
    return ssl.create_default_context()


@functools.cache
def _helo_name() -> str:
    # getfqdn may wait on reverse DNS; once per process is enough.
    return socket.getfqdn()


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not ip.is_global or ip.is_multicast


def _resolve_public(host: str, port: int) -> str:
    """The first address of ``host``, refusing private, loopback and link-local ones."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ProviderError(f"cannot resolve SMTP host {host!r}: {exc}", transient=True) from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses or any(_private(address) for address in addresses):
        raise ProviderError(
            f"SMTP host {host!r} resolves to a private or local address, which is not allowed",
            transient=False,
            code="private_host",
        )
    return addresses[0]


def _refusal_error(refused: Mapping[str, tuple[int, bytes]]) -> ProviderError:
    codes = [code for code, _ in refused.values()]
    reasons = "; ".join(
        f"{address}: {code} {reply.decode(errors='replace')}"
        for address, (code, reply) in refused.items()
    )
    transient = all(400 <= code < 500 for code in codes)
    return ProviderError(
        f"recipients refused: {reasons}", transient=transient, code=str(codes[0] if codes else "")
    )


@register
class SmtpProvider(EmailProvider):
    name = "smtp"

    def __init__(
        self,
        *,
        sender: str,
        host: str,
        port: int,
        username: str = "",
        password: str = "",
        security: str = "none",
        timeout: float = 15.0,
        allow_private_hosts: bool = True,
    ) -> None:
        super().__init__(sender=sender)
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
        self.timeout = timeout
        self.allow_private_hosts = allow_private_hosts

    @classmethod
    def from_config(
        cls,
        *,
        options: Mapping[str, Any],
        secrets: Mapping[str, str],
        sender: str,
        settings: MimicSettings,
    ) -> SmtpProvider:
        return cls(
            sender=sender,
            host=str(options["host"]),
            port=int(options.get("port", 587)),
            username=str(options.get("username") or ""),
            password=secrets.get("password", ""),
            security=str(options.get("security", "starttls")),
            timeout=settings.provider_timeout_seconds,
            allow_private_hosts=settings.private_smtp_hosts_allowed,
        )

    async def send(self, email: OutboundEmail) -> SendResult:
        return await anyio.to_thread.run_sync(self._send_blocking, email)

    def _connect(self) -> smtplib.SMTP:
        target = self.host if self.allow_private_hosts else _resolve_public(self.host, self.port)
        smtp: smtplib.SMTP
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(
                local_hostname=_helo_name(), timeout=self.timeout, context=_tls_context()
            )
        else:
            smtp = smtplib.SMTP(local_hostname=_helo_name(), timeout=self.timeout)
        # Connect to the checked address while TLS still verifies the configured host name.
        smtp._host = self.host  # type: ignore[attr-defined]
        smtp.connect(target, self.port)
        if self.security == "starttls":
            smtp.ehlo()
            smtp.starttls(context=_tls_context())
            smtp.ehlo()
        return smtp

    def _send_blocking(self, email: OutboundEmail) -> SendResult:
        message = build_message(email, self.default_sender)
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password)
                refused = smtp.send_message(message)
        except ProviderError:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refusal_error(exc.recipients) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise ProviderError(
                f"SMTP authentication failed: {exc.smtp_code} {exc.smtp_error!r}",
                transient=False,
                code=str(exc.smtp_code),
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise ProviderError(f"SMTP server: {exc}", transient=False) from exc
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else exc.smtp_error
            )
            transient = not 500 <= exc.smtp_code < 600
            raise ProviderError(
                f"SMTP server answered {exc.smtp_code} {text}",
                transient=transient,
                code=str(exc.smtp_code),
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ProviderError(
                f"SMTP connection to {self.host}:{self.port} failed: {exc}", transient=True
            ) from exc
        details: dict[str, object] = {}
        if refused:
            details["refused"] = {address: code for address, (code, _) in refused.items()}
        return SendResult(provider_message_id=str(message["Message-ID"]), details=details)
