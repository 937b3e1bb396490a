"""The emails InkPass sends.

Each names the Mimic system template that renders it (``template``, with exactly the variables
the template declares) and carries InkPass's own plain-text rendering, which the SMTP notifier
sends when the deployment has no Mimic.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from fluxkit.db import utcnow
from inkpass.notify.base import Email

PRODUCT = "fluxos"

# One-time code purposes -> Mimic system templates.
CODE_TEMPLATES = {
    "verify_email": "email-verification",
    "reset_password": "password-reset",
    "change_email": "email-change-code",
    "login": "login-code",
}

_CODE_SUBJECTS = {
    "verify_email": "Your fluxos verification code",
    "reset_password": "Your fluxos password reset code",
    "change_email": "Confirm your new fluxos email address",
    "login": "Your fluxos sign-in code",
}

_CODE_REASONS = {
    "verify_email": "to verify your email address",
    "reset_password": "to reset your password",
    "change_email": "to confirm this as your new email address",
    "login": "to sign in",
}


def _when(moment: datetime | None = None) -> str:
    return f"{(moment or utcnow()):%Y-%m-%d %H:%M} UTC"


def _security_lines(variables: dict[str, str]) -> str:
    lines = f"When: {variables['occurred_at']}\n"
    if variables.get("ip"):
        lines += f"From: {variables['ip']}\n"
    return lines


def _security_variables(ip: str | None, occurred_at: datetime | None) -> dict[str, str]:
    variables = {"occurred_at": _when(occurred_at)}
    if ip:
        variables["ip"] = ip
    return variables


def code_email(purpose: str, code: str, ttl_minutes: int) -> Email:
    text = (
        f"Your {PRODUCT} code {_CODE_REASONS[purpose]} is:\n\n    {code}\n\n"
        f"It expires in {ttl_minutes} minutes and works once.\n"
        "If you did not ask for it, ignore this email; nothing changes without the code.\n"
    )
    return Email(
        subject=_CODE_SUBJECTS[purpose],
        text=text,
        template=CODE_TEMPLATES[purpose],
        variables={"code": code, "ttl_minutes": ttl_minutes},
    )


def registration_attempt(email: str) -> Email:
    text = (
        f"Someone tried to create a {PRODUCT} account with {email}, "
        "but an account with this address already exists.\n\n"
        "If it was you, sign in instead, or use 'Forgot password' to choose a new password.\n"
        "If it was not you, you can ignore this email: your account is unchanged.\n"
    )
    return Email(
        subject=f"Someone tried to register with your {PRODUCT} address",
        text=text,
        template="registration-attempt",
        variables={"email": email},
    )


def email_in_use(email: str) -> Email:
    text = (
        f"Someone asked to move their {PRODUCT} account to {email}, "
        "but this address already belongs to an account, so nothing was changed.\n"
    )
    return Email(
        subject=f"Your {PRODUCT} address was requested by another account",
        text=text,
        template="email-in-use",
        variables={"email": email},
    )


def password_changed(*, ip: str | None = None, occurred_at: datetime | None = None) -> Email:
    variables = _security_variables(ip, occurred_at)
    text = (
        f"The password of your {PRODUCT} account was just changed, and other sessions were "
        f"signed out.\n{_security_lines(variables)}"
        "\nIf this was not you, reset your password now with 'Forgot password'.\n"
    )
    return Email(
        subject=f"Your {PRODUCT} password was changed",
        text=text,
        template="password-changed",
        variables=variables,
    )


def email_changed(new_email: str) -> Email:
    text = (
        f"The email address of your {PRODUCT} account was changed to {new_email}.\n"
        "If this was not you, contact your organisation's administrator at once.\n"
    )
    return Email(
        subject=f"Your {PRODUCT} email address was changed",
        text=text,
        template="email-changed",
        variables={"new_email": new_email},
    )


def invitation(
    *, organization: str, inviter: str, role: str, token: str, base_url: str, days: int
) -> Email:
    link = f"{base_url.rstrip('/')}/invitations/accept?token={quote(token)}"
    text = (
        f"{inviter} invited you to join the organisation {organization!r} on {PRODUCT} "
        f"as {role}.\n\nAccept: {link}\n\nOr enter this invitation token after signing up:\n\n"
        f"    {token}\n\nThe invitation expires in {days} days.\n"
    )
    return Email(
        subject=f"You are invited to {organization} on {PRODUCT}",
        text=text,
        template="invitation",
        variables={
            "organization": organization,
            "inviter": inviter,
            "role": role,
            "token": token,
            "accept_url": link,
            "expires_in_days": days,
        },
    )


def member_added(*, organization: str, inviter: str, role: str) -> Email:
    text = f"{inviter} added you to the organisation {organization!r} on {PRODUCT} as {role}.\n"
    return Email(
        subject=f"You were added to {organization} on {PRODUCT}",
        text=text,
        template="member-added",
        variables={"organization": organization, "inviter": inviter, "role": role},
    )


def two_factor_changed(
    *, enabled: bool, ip: str | None = None, occurred_at: datetime | None = None
) -> Email:
    state = "turned on" if enabled else "turned off"
    variables = _security_variables(ip, occurred_at)
    text = (
        f"Two-factor authentication was {state} for your {PRODUCT} account.\n"
        f"{_security_lines(variables)}"
        "\nIf this was not you, change your password and review your security settings now.\n"
    )
    return Email(
        subject="Two-factor authentication is on"
        if enabled
        else "Two-factor authentication was turned off",
        text=text,
        template="two-factor-enabled" if enabled else "two-factor-disabled",
        variables=variables,
    )


def login_alert(
    *, ip: str | None, user_agent: str | None, occurred_at: datetime | None = None
) -> Email:
    variables = _security_variables(ip, occurred_at)
    if user_agent:
        variables["user_agent"] = user_agent
    device = f" from {user_agent}" if user_agent else ""
    text = (
        f"Your {PRODUCT} account was just signed in to{device}.\n{_security_lines(variables)}"
        "\nIf this was not you, change your password and review your security settings now.\n"
    )
    return Email(
        subject=f"New sign-in to your {PRODUCT} account",
        text=text,
        template="login-alert",
        variables=variables,
    )
