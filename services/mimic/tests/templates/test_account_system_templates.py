"""The account emails InkPass sends through Mimic: each system template renders its declared
variables, escapes them in HTML, and refuses what it does not declare."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from httpx import AsyncClient
from mimic_test_fakes.inkpass import FakeInkPass

from mimic.templates.rendering import TemplateVariablesInvalid, render
from mimic.templates.system import SYSTEM_TEMPLATES

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
# An address may carry characters that mean something in HTML, too.
HOSTILE_EMAIL = "o'hara&co@example.com"
ESCAPED_EMAIL = "o&#39;hara&amp;co@example.com"

# Per template: variables as InkPass sends them, and what a reader must find in the text body.
CASES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "login-code": ({"code": "120934", "ttl_minutes": 10}, ["    120934\n", "10 minutes"]),
    "email-change-code": (
        {"code": "774001", "ttl_minutes": 15},
        ["new email address", "    774001\n", "15 minutes"],
    ),
    "registration-attempt": (
        {"email": "ada@example.com", "sign_in_url": "https://fluxos.example/login"},
        ["ada@example.com", "already exists", "Sign in: https://fluxos.example/login"],
    ),
    "email-in-use": ({"email": "ada@example.com"}, ["ada@example.com", "nothing was changed"]),
    "password-changed": (
        {"occurred_at": "2025-03-01 09:30 UTC", "ip": "203.0.113.7"},
        ["password", "When: 2025-03-01 09:30 UTC", "From: 203.0.113.7"],
    ),
    "email-changed": ({"new_email": "new@example.com"}, ["changed to new@example.com"]),
    "invitation": (
        {
            "organization": "Acme",
            "inviter": "Grace",
            "role": "admin",
            "token": "inv_tok-123",
            "accept_url": "https://fluxos.example/invitations/accept?token=inv_tok-123",
            "expires_in_days": 7,
        },
        [
            'Grace invited you to join the organisation "Acme"',
            "as admin",
            "token=inv_tok-123",
            "    inv_tok-123\n",
            "expires in 7 days",
        ],
    ),
    "member-added": (
        {"organization": "Acme", "inviter": "Grace", "role": "viewer"},
        ['Grace added you to the organisation "Acme"', "as viewer"],
    ),
    "two-factor-enabled": ({"ip": "198.51.100.2"}, ["turned on", "From: 198.51.100.2"]),
    "two-factor-disabled": ({"occurred_at": "today"}, ["turned off", "When: today"]),
    "login-alert": (
        {"ip": "198.51.100.9", "user_agent": "Firefox on Linux", "occurred_at": "now"},
        ["from Firefox on Linux", "From: 198.51.100.9"],
    ),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_account_templates_render_what_inkpass_sends(key: str) -> None:
    variables, expected = CASES[key]
    rendered = render(SYSTEM_TEMPLATES[key].source, variables)
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.text_body is not None and rendered.html_body is not None
    for fragment in expected:
        assert fragment in rendered.text_body, (key, fragment, rendered.text_body)
    assert "Sent by fluxos." in rendered.html_body


@pytest.mark.parametrize("key", sorted(CASES))
def test_account_templates_escape_every_string_in_html(key: str) -> None:
    source = SYSTEM_TEMPLATES[key].source
    hostile = {"string": HOSTILE, "email": HOSTILE_EMAIL}
    variables = {
        name: hostile.get(source.variables[name].type, value)
        for name, value in CASES[key][0].items()
    }
    sent = {value for value in variables.values() if value in (HOSTILE, HOSTILE_EMAIL)}
    assert sent, f"{key} has no text variable to check"
    rendered = render(source, variables)
    assert rendered.html_body is not None and rendered.text_body is not None
    for raw, escaped in ((HOSTILE, ESCAPED), (HOSTILE_EMAIL, ESCAPED_EMAIL)):
        if raw in sent:
            assert raw not in rendered.html_body
            assert escaped in rendered.html_body
            # The text body is plain text: it shows what was sent, unaltered.
            assert raw in rendered.text_body


def test_account_templates_refuse_undeclared_or_mistyped_variables() -> None:
    with pytest.raises(TemplateVariablesInvalid, match="unknown variables: purpose"):
        render(SYSTEM_TEMPLATES["login-code"].source, {"code": "1", "purpose": "login"})
    with pytest.raises(TemplateVariablesInvalid, match="new_email must be an email address"):
        render(SYSTEM_TEMPLATES["email-changed"].source, {"new_email": "not-an-address"})
    with pytest.raises(TemplateVariablesInvalid, match="accept_url must be an http"):
        variables = {**CASES["invitation"][0], "accept_url": "javascript:alert(1)"}
        render(SYSTEM_TEMPLATES["invitation"].source, variables)
    with pytest.raises(TemplateVariablesInvalid, match="token is required"):
        variables = {k: v for k, v in CASES["invitation"][0].items() if k != "token"}
        render(SYSTEM_TEMPLATES["invitation"].source, variables)


async def test_a_platform_service_sends_an_invitation_by_template(
    client: AsyncClient, fake_inkpass: FakeInkPass
) -> None:
    token = "flxs_inkpass-" + uuid.uuid4().hex
    fake_inkpass.service_tokens[token] = "inkpass"
    response = await client.post(
        "/api/v1/notifications",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "to": ["invitee@example.com"],
            "template": "invitation",
            "variables": {**CASES["invitation"][0], "organization": "Acme\r\nBcc: x@evil.test"},
        },
    )
    assert response.status_code == 202, response.text
    created = response.json()
    assert created["template"] == "invitation"
    # A line break in an organisation name cannot add a header through the subject.
    assert created["subject"] == "You are invited to Acme Bcc: x@evil.test on fluxos"
    assert "token=inv_tok-123" in created["text"]
