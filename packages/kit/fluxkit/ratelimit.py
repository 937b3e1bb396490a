"""Redis rate limits that stay correct under concurrency (atomic Lua scripts).

``SlidingWindow`` counts hits in a window; ``hit()`` increments and tells whether the caller
is still within the limit in one round trip, so 100 parallel attempts get exactly ``limit``.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from fluxkit.errors import RateLimited

# KEYS[1]=zset, ARGV: now_ms, window_ms, limit, member. Returns {allowed, count, retry_after_ms}.
_SLIDING_WINDOW = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
local count = redis.call('ZCARD', key)
if count >= limit then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  local retry = window
  if oldest[2] then retry = tonumber(oldest[2]) + window - now end
  return {0, count, retry}
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, window)
return {1, count + 1, 0}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after: float


class SlidingWindow:
    def __init__(self, redis: Redis, namespace: str, limit: int, window_seconds: float) -> None:
        self.redis = redis
        self.namespace = namespace
        self.limit = limit
        self.window_ms = int(window_seconds * 1000)
        self._script = redis.register_script(_SLIDING_WINDOW)

    def key(self, subject: str) -> str:
        return f"fluxos:rl:{self.namespace}:{subject}"

    async def hit(self, subject: str) -> Decision:
        now_ms = int(time.time() * 1000)
        allowed, count, retry_ms = await self._script(
            keys=[self.key(subject)],
            args=[now_ms, self.window_ms, self.limit, f"{now_ms}-{uuid.uuid4().hex}"],
        )
        return Decision(bool(allowed), int(count), int(retry_ms) / 1000)

    async def check(self, subject: str, message: str = "too many requests") -> None:
        """Count a hit; raise :class:`RateLimited` (429 with Retry-After) past the limit."""
        decision = await self.hit(subject)
        if not decision.allowed:
            raise RateLimited(message, decision.retry_after)

    async def peek(self, subject: str) -> int:
        now_ms = int(time.time() * 1000)
        return int(await self.redis.zcount(self.key(subject), now_ms - self.window_ms, "+inf"))

    async def reset(self, subject: str) -> None:
        await self.redis.delete(self.key(subject))
