"""Emails from InkPass: a notifier protocol, Mimic and SMTP implementations, send-after-commit."""

from inkpass.notify.base import Email, Notifier
from inkpass.notify.mimic import MimicNotifier
from inkpass.notify.runtime import (
    close_notifier,
    dispatch,
    drain,
    notifier_for,
    notifier_from,
    send_after_commit,
)
from inkpass.notify.smtp import LogNotifier, SmtpNotifier

__all__ = [
    "Email",
    "LogNotifier",
    "MimicNotifier",
    "Notifier",
    "SmtpNotifier",
    "close_notifier",
    "dispatch",
    "drain",
    "notifier_for",
    "notifier_from",
    "send_after_commit",
]
