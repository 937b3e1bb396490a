"""Login attempt limits per account and per client address, in Redis.

Both windows are sliding windows like :class:`fluxkit.ratelimit.SlidingWindow` (same key
layout), checked and charged in one Lua script: an attempt reserves a slot in both windows
before the password is checked, so 100 parallel guesses get exactly the allowed number of
checks. A successful login gives its slot back and clears the account's failures, so only
failures count.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass

from redis.asyncio import Redis

from fluxkit.errors import RateLimited

# KEYS: account window, address window. ARGV: now_ms, window_ms, account limit, address limit,
# member. Returns {allowed, retry_after_ms}.
_RESERVE = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limits = {tonumber(ARGV[3]), tonumber(ARGV[4])}
local retry = 0
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
  if redis.call('ZCARD', key) >= limits[i] then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local wait = window
    if oldest[2] then wait = tonumber(oldest[2]) + window - now end
    if wait > retry then retry = wait end
  end
end
if retry > 0 then return {0, retry} end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[5])
  redis.call('PEXPIRE', key, window)
end
return {1, 0}
"""


class TooManyLoginAttempts(RateLimited):
    pass


@dataclass(frozen=True)
class Attempt:
    account_key: str
    address_key: str
    member: str


class LoginThrottle:
    def __init__(
        self,
        redis: Redis,
        *,
        per_account: int,
        per_address: int,
        window_seconds: float,
    ) -> None:
        self.redis = redis
        self.per_account = per_account
        self.per_address = per_address
        self.window_ms = int(window_seconds * 1000)
        self._script = redis.register_script(_RESERVE)

    @staticmethod
    def account_key(email: str) -> str:
        # Keyed by the address typed, known account or not: the limit reveals nothing.
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return f"fluxos:rl:login-account:{digest}"

    @staticmethod
    def address_key(address: str | None) -> str:
        return f"fluxos:rl:login-ip:{address or 'unknown'}"

    async def reserve(self, email: str, address: str | None) -> Attempt:
        """Count an attempt; raise :class:`TooManyLoginAttempts` (429) when either limit is hit."""
        attempt = Attempt(
            self.account_key(email),
            self.address_key(address),
            f"{time.time_ns()}-{uuid.uuid4().hex}",
        )
        allowed, retry_ms = await self._script(
            keys=[attempt.account_key, attempt.address_key],
            args=[
                int(time.time() * 1000),
                self.window_ms,
                self.per_account,
                self.per_address,
                attempt.member,
            ],
        )
        if not allowed:
            raise TooManyLoginAttempts(
                "too many sign-in attempts; try again later", int(retry_ms) / 1000
            )
        return attempt

    async def succeeded(self, attempt: Attempt) -> None:
        """A right password: give the slot back and forget the account's failures."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(attempt.account_key)
            pipe.zrem(attempt.address_key, attempt.member)
            await pipe.execute()
