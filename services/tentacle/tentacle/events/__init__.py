"""Task events: an outbox written in the caller's transaction, relayed to Redis after commit."""

from tentacle.events.outbox import emit

__all__ = ["emit"]
