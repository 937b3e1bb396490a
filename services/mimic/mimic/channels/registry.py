"""Channels by kind."""

from __future__ import annotations

from mimic.channels.base import Channel
from mimic.channels.email import EmailChannel

CHANNELS: dict[str, Channel] = {EmailChannel.kind: EmailChannel()}


def channel(kind: str) -> Channel:
    try:
        return CHANNELS[kind]
    except KeyError:
        raise LookupError(f"unknown channel {kind!r}") from None
