"""The contract between InkPass and Mimic: every email InkPass builds names a Mimic system
template that accepts exactly its variables and renders what the reader needs.

A mismatch would otherwise show only in production, as a 422 logged by InkPass's background
delivery and an email that never arrives.
"""

from __future__ import annotations

import pytest

from inkpass.notify import Email, messages
from mimic.templates.rendering import render
from mimic.templates.system import SYSTEM_TEMPLATES

# Each email InkPass sends, with what its reader must find in the text Mimic renders.
EMAILS: dict[str, tuple[Email, list[str]]] = {
    **{
        f"code-{purpose}": (messages.code_email(purpose, "036512", 10), ["036512", "10 minutes"])
        for purpose in messages.CODE_TEMPLATES
    },
    "registration-attempt": (messages.registration_attempt("ada@example.com"), ["ada@example.com"]),
    "email-in-use": (messages.email_in_use("ada@example.com"), ["ada@example.com"]),
    "password-changed": (messages.password_changed(ip="203.0.113.5"), ["203.0.113.5"]),
    "email-changed": (messages.email_changed("new@example.com"), ["new@example.com"]),
    "invitation": (
        messages.invitation(
            organization="Acme",
            inviter="grace@example.com",
            role="member",
            token="tok en/1",
            base_url="https://fluxos.example/",
            days=7,
        ),
        [
            "https://fluxos.example/invitations/accept?token=tok%20en/1",
            "tok en/1",
            "grace@example.com",
            "7 days",
        ],
    ),
    "member-added": (
        messages.member_added(organization="Acme", inviter="grace@example.com", role="viewer"),
        ["Acme", "viewer"],
    ),
    "two-factor-on": (
        messages.two_factor_changed(enabled=True, ip="198.51.100.1"),
        ["turned on", "198.51.100.1"],
    ),
    "two-factor-off": (messages.two_factor_changed(enabled=False), ["turned off"]),
    "login-alert": (
        messages.login_alert(ip="198.51.100.7", user_agent="Firefox/130"),
        ["198.51.100.7", "Firefox/130"],
    ),
}


@pytest.mark.parametrize("name", sorted(EMAILS))
def test_mimic_renders_every_inkpass_email(name: str) -> None:
    email, facts = EMAILS[name]
    assert email.template in SYSTEM_TEMPLATES, f"Mimic has no system template {email.template!r}"
    rendered = render(SYSTEM_TEMPLATES[email.template].source, email.variables)
    assert rendered.text_body is not None and rendered.html_body is not None
    for fact in facts:
        assert fact in rendered.text_body, (name, fact, rendered.text_body)
        # InkPass's own rendering (the SMTP fallback) tells the reader the same.
        assert fact in email.text, (name, fact, email.text)


def test_the_templates_inkpass_uses_are_all_covered() -> None:
    covered = {email.template for email, _ in EMAILS.values()}
    assert covered >= {
        "email-verification",
        "password-reset",
        "two-factor-enabled",
        "two-factor-disabled",
        "login-alert",
    }
