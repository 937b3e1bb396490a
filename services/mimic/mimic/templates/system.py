"""Templates every organization has: the platform's own emails (accounts, security, tasks).

They are read-only and addressed by key; an organization can override one by creating its own
template with the same key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mimic.templates.rendering import TemplateSource, VariableSpec

SYSTEM_NAMESPACE = uuid.UUID("3f4c1f3e-6c55-4b7e-9a8e-6d1f0c2b7a10")


def _html(heading: str, body: str) -> str:
    return (
        '<!doctype html><html><body style="margin:0;padding:24px;background:#f5f5f7;'
        'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d1d1f">'
        '<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:12px;'
        'padding:28px">'
        f'<h1 style="font-size:20px;margin:0 0 16px">{heading}</h1>{body}'
        '<p style="color:#86868b;font-size:12px;margin-top:28px">Sent by fluxos.</p>'
        "</div></body></html>"
    )


def _button(url_variable: str, label: str, color: str = "#0a66ff") -> str:
    return (
        f'<a href="{{{{ {url_variable} }}}}" style="display:inline-block;padding:10px 18px;'
        f"margin:4px 8px 4px 0;border-radius:8px;background:{color};color:#fff;"
        f'text-decoration:none">{label}</a>'
    )


def _code_block() -> str:
    return (
        '<p style="font-size:28px;letter-spacing:6px;font-weight:600;margin:16px 0">{{ code }}</p>'
    )


_S = VariableSpec
_OPTIONAL = {"required": False}


@dataclass(frozen=True)
class SystemTemplate:
    key: str
    name: str
    description: str
    source: TemplateSource

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(SYSTEM_NAMESPACE, self.key)


def _template(
    key: str,
    name: str,
    description: str,
    *,
    subject: str,
    text: str,
    html: str,
    variables: dict[str, VariableSpec],
) -> SystemTemplate:
    return SystemTemplate(key, name, description, TemplateSource(subject, text, html, variables))


def _code_template(
    key: str, name: str, description: str, *, subject: str, heading: str, reason: str
) -> SystemTemplate:
    """A one-time code email (sign-in, address change): the code and how long it lasts."""
    return _template(
        key,
        name,
        description,
        subject=subject,
        text=(
            f"Your fluxos code {reason} is:\n\n    {{{{ code }}}}\n\n"
            "{% if ttl_minutes %}It expires in {{ ttl_minutes }} minutes and works once.\n"
            "{% endif %}If you did not ask for it, ignore this email; nothing changes without "
            "the code.\n"
        ),
        html=_html(
            heading,
            f"<p>Your code {reason} is:</p>"
            + _code_block()
            + "{% if ttl_minutes %}<p>It expires in {{ ttl_minutes }} minutes and works "
            "once.</p>{% endif %}<p>If you did not ask for it, ignore this email; nothing "
            "changes without the code.</p>",
        ),
        variables={
            "code": _S(description="The one-time code."),
            "ttl_minutes": _S(type="integer", **_OPTIONAL),
        },
    )


_SECURITY_FOOTER_TEXT = (
    "{% if occurred_at %}When: {{ occurred_at }}\n{% endif %}"
    "{% if ip %}From: {{ ip }}\n{% endif %}"
    "\nIf this was not you, change your password and review your security settings now.\n"
)
_SECURITY_FOOTER_HTML = (
    "{% if occurred_at %}<p>When: {{ occurred_at }}</p>{% endif %}"
    "{% if ip %}<p>From: {{ ip }}</p>{% endif %}"
    "<p>If this was not you, change your password and review your security settings now.</p>"
)

SYSTEM_TEMPLATES: dict[str, SystemTemplate] = {
    template.key: template
    for template in (
        _template(
            "email-verification",
            "Email verification",
            "A code (and optionally a link) that confirms an email address.",
            subject="Your fluxos verification code",
            text=(
                "Your fluxos verification code is:\n\n    {{ code }}\n\n"
                "{% if verify_url %}Or open {{ verify_url }}\n\n{% endif %}"
                "{% if ttl_minutes %}It expires in {{ ttl_minutes }} minutes and works once.\n"
                "{% endif %}If you did not ask for it, ignore this email.\n"
            ),
            html=_html(
                "Verify your email address",
                "<p>Your verification code is:</p>"
                + _code_block()
                + "{% if verify_url %}<p>"
                + _button("verify_url", "Verify my address")
                + "</p>{% endif %}"
                "{% if ttl_minutes %}<p>It expires in {{ ttl_minutes }} minutes and works "
                "once.</p>{% endif %}<p>If you did not ask for it, ignore this email.</p>",
            ),
            variables={
                "code": _S(description="The one-time code."),
                "verify_url": _S(type="url", **_OPTIONAL),
                "ttl_minutes": _S(type="integer", **_OPTIONAL),
            },
        ),
        _template(
            "password-reset",
            "Password reset",
            "A code (and optionally a link) to choose a new password.",
            subject="Reset your fluxos password",
            text=(
                "Someone asked to reset the password of your fluxos account. Your code is:\n\n"
                "    {{ code }}\n\n{% if reset_url %}Or open {{ reset_url }}\n\n{% endif %}"
                "{% if ttl_minutes %}It expires in {{ ttl_minutes }} minutes.\n{% endif %}"
                "If you did not ask for it, ignore this email: your password stays the same.\n"
            ),
            html=_html(
                "Reset your password",
                "<p>Someone asked to reset the password of your fluxos account. Your code "
                "is:</p>"
                + _code_block()
                + "{% if reset_url %}<p>"
                + _button("reset_url", "Choose a new password")
                + "</p>{% endif %}"
                "{% if ttl_minutes %}<p>It expires in {{ ttl_minutes }} minutes.</p>{% endif %}"
                "<p>If you did not ask for it, ignore this email: your password stays the "
                "same.</p>",
            ),
            variables={
                "code": _S(),
                "reset_url": _S(type="url", **_OPTIONAL),
                "ttl_minutes": _S(type="integer", **_OPTIONAL),
            },
        ),
        _template(
            "two-factor-enabled",
            "Two-factor authentication enabled",
            "Tells a person that 2FA was turned on for their account.",
            subject="Two-factor authentication is on",
            text="Two-factor authentication was turned on for your fluxos account.\n"
            + _SECURITY_FOOTER_TEXT,
            html=_html(
                "Two-factor authentication is on",
                "<p>Two-factor authentication was turned on for your fluxos account.</p>"
                + _SECURITY_FOOTER_HTML,
            ),
            variables={"occurred_at": _S(**_OPTIONAL), "ip": _S(**_OPTIONAL)},
        ),
        _template(
            "two-factor-disabled",
            "Two-factor authentication disabled",
            "Tells a person that 2FA was turned off for their account.",
            subject="Two-factor authentication was turned off",
            text="Two-factor authentication was turned off for your fluxos account.\n"
            + _SECURITY_FOOTER_TEXT,
            html=_html(
                "Two-factor authentication was turned off",
                "<p>Two-factor authentication was turned off for your fluxos account.</p>"
                + _SECURITY_FOOTER_HTML,
            ),
            variables={"occurred_at": _S(**_OPTIONAL), "ip": _S(**_OPTIONAL)},
        ),
        _template(
            "login-alert",
            "Sign-in alert",
            "A sign-in from a new device or place.",
            subject="New sign-in to your fluxos account",
            text=(
                "Your fluxos account was just signed in to"
                "{% if user_agent %} from {{ user_agent }}{% endif %}.\n"
                + _SECURITY_FOOTER_TEXT
                + "{% if security_url %}Review: {{ security_url }}\n{% endif %}"
            ),
            html=_html(
                "New sign-in",
                "<p>Your fluxos account was just signed in to"
                "{% if user_agent %} from {{ user_agent }}{% endif %}.</p>"
                + _SECURITY_FOOTER_HTML
                + "{% if security_url %}<p>"
                + _button("security_url", "Review security settings")
                + "</p>{% endif %}",
            ),
            variables={
                "ip": _S(**_OPTIONAL),
                "user_agent": _S(**_OPTIONAL),
                "occurred_at": _S(**_OPTIONAL),
                "security_url": _S(type="url", **_OPTIONAL),
            },
        ),
        _code_template(
            "login-code",
            "Sign-in code",
            "A one-time code to sign in without a password.",
            subject="Your fluxos sign-in code",
            heading="Your sign-in code",
            reason="to sign in",
        ),
        _code_template(
            "email-change-code",
            "Email change code",
            "A code, sent to the new address, that confirms an email address change.",
            subject="Confirm your new fluxos email address",
            heading="Confirm your new email address",
            reason="to confirm this as your new email address",
        ),
        _template(
            "registration-attempt",
            "Registration with an existing address",
            "Someone tried to create an account with an address that already has one.",
            subject="Someone tried to register with your fluxos address",
            text=(
                "Someone tried to create a fluxos account with {{ email }}, but an account with "
                "this address already exists.\n\nIf it was you, sign in instead, or use "
                "'Forgot password' to choose a new password."
                "{% if sign_in_url %}\nSign in: {{ sign_in_url }}{% endif %}\n"
                "If it was not you, you can ignore this email: your account is unchanged.\n"
            ),
            html=_html(
                "Someone tried to register with your address",
                "<p>Someone tried to create a fluxos account with <strong>{{ email }}</strong>, "
                "but an account with this address already exists.</p><p>If it was you, sign in "
                "instead, or use 'Forgot password' to choose a new password.</p>"
                "{% if sign_in_url %}<p>" + _button("sign_in_url", "Sign in") + "</p>{% endif %}"
                "<p>If it was not you, you can ignore this email: your account is unchanged.</p>",
            ),
            variables={
                "email": _S(type="email", description="The address that was used."),
                "sign_in_url": _S(type="url", **_OPTIONAL),
            },
        ),
        _template(
            "email-in-use",
            "Address requested by another account",
            "Another account asked to move to an address that already belongs to an account.",
            subject="Your fluxos address was requested by another account",
            text=(
                "Someone asked to move their fluxos account to {{ email }}, but this address "
                "already belongs to an account, so nothing was changed.\n"
            ),
            html=_html(
                "Your address was requested by another account",
                "<p>Someone asked to move their fluxos account to <strong>{{ email }}</strong>, "
                "but this address already belongs to an account, so nothing was changed.</p>",
            ),
            variables={"email": _S(type="email")},
        ),
        _template(
            "password-changed",
            "Password changed",
            "Tells a person that their password was changed and other sessions signed out.",
            subject="Your fluxos password was changed",
            text=(
                "The password of your fluxos account was just changed, and other sessions were "
                "signed out.\n{% if occurred_at %}When: {{ occurred_at }}\n{% endif %}"
                "{% if ip %}From: {{ ip }}\n{% endif %}"
                "\nIf this was not you, reset your password now with 'Forgot password'.\n"
            ),
            html=_html(
                "Your password was changed",
                "<p>The password of your fluxos account was just changed, and other sessions "
                "were signed out.</p>{% if occurred_at %}<p>When: {{ occurred_at }}</p>"
                "{% endif %}{% if ip %}<p>From: {{ ip }}</p>{% endif %}"
                "<p>If this was not you, reset your password now with 'Forgot password'.</p>",
            ),
            variables={"occurred_at": _S(**_OPTIONAL), "ip": _S(**_OPTIONAL)},
        ),
        _template(
            "email-changed",
            "Email address changed",
            "Sent to the old address once an account moved to a new one.",
            subject="Your fluxos email address was changed",
            text=(
                "The email address of your fluxos account was changed to {{ new_email }}.\n"
                "If this was not you, contact your organisation's administrator at once.\n"
            ),
            html=_html(
                "Your email address was changed",
                "<p>The email address of your fluxos account was changed to "
                "<strong>{{ new_email }}</strong>.</p><p>If this was not you, contact your "
                "organisation's administrator at once.</p>",
            ),
            variables={"new_email": _S(type="email")},
        ),
        _template(
            "invitation",
            "Invitation to an organization",
            "Invites a person to join an organization, with a link and a token.",
            subject="You are invited to {{ organization }} on fluxos",
            text=(
                '{{ inviter }} invited you to join the organisation "{{ organization }}" on '
                "fluxos as {{ role }}.\n\nAccept: {{ accept_url }}\n\nOr enter this "
                "invitation token after signing up:\n\n    {{ token }}\n"
                "{% if expires_in_days %}\nThe invitation expires in {{ expires_in_days }} "
                "days.\n{% endif %}"
            ),
            html=_html(
                "You are invited to {{ organization }}",
                "<p>{{ inviter }} invited you to join the organisation <strong>{{ organization }}"
                "</strong> on fluxos as {{ role }}.</p><p>"
                + _button("accept_url", "Accept the invitation")
                + "</p><p>Or enter this invitation token after signing up:</p>"
                '<p style="font-family:monospace;word-break:break-all">{{ token }}</p>'
                "{% if expires_in_days %}<p>The invitation expires in {{ expires_in_days }} "
                "days.</p>{% endif %}",
            ),
            variables={
                "organization": _S(description="The organization's name."),
                "inviter": _S(description="Who invited (a name or an address)."),
                "role": _S(),
                "token": _S(description="The invitation token."),
                "accept_url": _S(type="url"),
                "expires_in_days": _S(type="integer", **_OPTIONAL),
            },
        ),
        _template(
            "member-added",
            "Added to an organization",
            "Tells a person with an account that they were added to an organization.",
            subject="You were added to {{ organization }} on fluxos",
            text=(
                '{{ inviter }} added you to the organisation "{{ organization }}" on fluxos '
                "as {{ role }}.\n{% if organization_url %}\nOpen it: {{ organization_url }}\n"
                "{% endif %}"
            ),
            html=_html(
                "You were added to {{ organization }}",
                "<p>{{ inviter }} added you to the organisation <strong>{{ organization }}"
                "</strong> on fluxos as {{ role }}.</p>{% if organization_url %}<p>"
                + _button("organization_url", "Open fluxos")
                + "</p>{% endif %}",
            ),
            variables={
                "organization": _S(),
                "inviter": _S(),
                "role": _S(),
                "organization_url": _S(type="url", **_OPTIONAL),
            },
        ),
        _template(
            "checkpoint-awaiting-approval",
            "Checkpoint awaiting approval",
            "A task paused before a risky step; approve or reject it from the email.",
            subject="Approval needed: {{ task_title }}",
            text=(
                'The task "{{ task_title }}" is waiting for your approval before it goes on.\n\n'
                "{{ summary }}\n\nApprove: {{ approve_url }}\nReject: {{ reject_url }}\n"
                "{% if expires_at %}\nIf nobody answers by {{ expires_at }}, the step will not "
                "run.\n{% endif %}"
            ),
            html=_html(
                "Approval needed",
                "<p>The task <strong>{{ task_title }}</strong> is waiting for your approval "
                "before it goes on.</p><p>{{ summary }}</p><p>"
                + _button("approve_url", "Approve", "#1a7f37")
                + _button("reject_url", "Reject", "#cf222e")
                + "</p>{% if expires_at %}<p>If nobody answers by {{ expires_at }}, the step "
                "will not run.</p>{% endif %}",
            ),
            variables={
                "task_title": _S(),
                "summary": _S(description="What the step is about to do."),
                "approve_url": _S(type="url"),
                "reject_url": _S(type="url"),
                "expires_at": _S(**_OPTIONAL),
            },
        ),
        _template(
            "task-completed",
            "Task completed",
            "A task finished.",
            subject="Done: {{ task_title }}",
            text=(
                'The task "{{ task_title }}" is complete.\n'
                "{% if summary %}\n{{ summary }}\n{% endif %}"
                "{% if task_url %}\nSee it: {{ task_url }}\n{% endif %}"
            ),
            html=_html(
                "Task complete",
                "<p>The task <strong>{{ task_title }}</strong> is complete.</p>"
                "{% if summary %}<p>{{ summary }}</p>{% endif %}"
                "{% if task_url %}<p>" + _button("task_url", "Open the task") + "</p>{% endif %}",
            ),
            variables={
                "task_title": _S(),
                "summary": _S(**_OPTIONAL),
                "task_url": _S(type="url", **_OPTIONAL),
            },
        ),
        _template(
            "task-failed",
            "Task failed",
            "A task stopped with an error.",
            subject="Failed: {{ task_title }}",
            text=(
                'The task "{{ task_title }}" failed.\n\nReason: {{ error }}\n'
                "{% if task_url %}\nSee it: {{ task_url }}\n{% endif %}"
            ),
            html=_html(
                "Task failed",
                "<p>The task <strong>{{ task_title }}</strong> failed.</p>"
                "<p>Reason: {{ error }}</p>"
                "{% if task_url %}<p>" + _button("task_url", "Open the task") + "</p>{% endif %}",
            ),
            variables={
                "task_title": _S(),
                "error": _S(),
                "task_url": _S(type="url", **_OPTIONAL),
            },
        ),
    )
}

SYSTEM_BY_ID = {template.id: template for template in SYSTEM_TEMPLATES.values()}
