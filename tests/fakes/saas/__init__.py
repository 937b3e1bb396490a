"""Local servers speaking SaaS protocols (Discord, Slack, GitHub, a generic webhook receiver),
shared by every suite: ``start()``/``stop()``, ``url``, recorded ``requests``, scripted
failures (``fail``) and delays (``slow``), and helpers that sign what each provider sends."""

from .base import FakeSaaS, Recorded, free_port
from .discord import FakeDiscord
from .github import FakeGitHub
from .slack import FakeSlack
from .webhook import FakeWebhookReceiver, fluxos_signature

__all__ = [
    "FakeDiscord",
    "FakeGitHub",
    "FakeSaaS",
    "FakeSlack",
    "FakeWebhookReceiver",
    "Recorded",
    "fluxos_signature",
    "free_port",
]
