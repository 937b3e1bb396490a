"""What InkPass needs from a notifier: send one email (SMTP directly, or Mimic by template)."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol


class Notifier(Protocol):
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
    ) -> None: ...


@dataclass(frozen=True)
class Email:
    """A rendered message plus the Mimic system template and variables that render it there.

    ``subject``/``text`` are InkPass's own rendering (the SMTP fallback); ``template`` is a key
    of Mimic's system templates and ``variables`` exactly the ones it declares.
    """

    subject: str
    text: str
    template: str
    variables: dict[str, Any] = field(default_factory=dict)
    html: str | None = None
    # One per message built: two password-change notices are two emails, a retry is not.
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def idempotency_key(self, to: str) -> str:
        """The same for every attempt to deliver this message to ``to``, different otherwise."""
        canonical = json.dumps(
            [self.id, to.lower(), self.template, self.variables],
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )
        return f"inkpass:{self.template}:{hashlib.sha256(canonical.encode()).hexdigest()[:32]}"
