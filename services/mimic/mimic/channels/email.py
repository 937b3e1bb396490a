"""Email: addresses validated and lower-cased, a text part always present, providers per org."""

from __future__ import annotations

import html as html_lib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from mimic.channels.base import (
    Channel,
    Content,
    Delivery,
    InvalidContent,
    InvalidRecipient,
    Sender,
)
from mimic.providers import service as providers
from mimic.providers.base import EmailProvider, OutboundEmail, SendResult
from mimic.settings import MimicSettings

_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def html_to_text(markup: str) -> str:
    """A readable plain-text part for HTML-only emails (spam filters frown on HTML alone)."""
    text = _BLOCK_END.sub("\n", markup)
    text = _TAGS.sub("", text)
    text = html_lib.unescape(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def normalize_address(address: str) -> str:
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidRecipient(f"{address!r} is not a valid email address: {exc}") from exc


@dataclass(frozen=True)
class EmailSender(Sender):
    provider: EmailProvider | None = None


class EmailChannel(Channel):
    kind = "email"

    def normalize_recipients(self, recipients: Sequence[str], *, limit: int) -> list[str]:
        normalized: list[str] = []
        for recipient in recipients:
            address = normalize_address(recipient)
            if address not in normalized:
                normalized.append(address)
        if not normalized:
            raise InvalidRecipient("at least one recipient is needed")
        if len(normalized) > limit:
            raise InvalidRecipient(f"at most {limit} recipients per notification")
        return normalized

    def prepare_content(self, content: Content) -> Content:
        subject = " ".join(content.subject.split())
        if not subject:
            raise InvalidContent("an email needs a subject")
        if not (content.text or content.html):
            raise InvalidContent("an email needs a text body, an HTML body, or both")
        text = content.text if content.text else html_to_text(content.html or "")
        return Content(subject=subject[:998], text=text, html=content.html or None)

    async def sender_for(
        self, session: AsyncSession, organization_id: uuid.UUID, settings: MimicSettings
    ) -> Sender:
        resolved = await providers.resolve(session, organization_id, settings)
        return EmailSender(
            provider_name=resolved.name,
            provider_config_id=resolved.config_id,
            channel=self,
            provider=resolved.provider,
        )

    async def send(self, sender: Sender, delivery: Delivery) -> SendResult:
        assert isinstance(sender, EmailSender) and sender.provider is not None
        return await sender.provider.send(
            OutboundEmail(
                notification_id=delivery.notification_id,
                sender=sender.provider.default_sender,
                to=delivery.recipients,
                subject=delivery.content.subject,
                text=delivery.content.text,
                html=delivery.content.html,
                reply_to=delivery.reply_to,
            )
        )
