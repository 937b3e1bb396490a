"""Rate limits on asking for and trying codes, per client address and per account.

Accounts are keyed by a digest of the normalised email (or the user id), never by whether the
account exists, so a limit answers the same for known and unknown addresses.
"""

from __future__ import annotations

import hashlib

from redis.asyncio import Redis

from fluxkit.ratelimit import SlidingWindow
from inkpass.settings import InkPassSettings


def account_subject(email_or_id: str) -> str:
    return hashlib.sha256(email_or_id.strip().lower().encode()).hexdigest()[:32]


class OtpLimits:
    def __init__(self, redis: Redis, settings: InkPassSettings) -> None:
        window = settings.otp_window_seconds
        self.requests_per_ip = SlidingWindow(
            redis, "otp-request-ip", settings.otp_requests_per_ip, window
        )
        self.requests_per_account = SlidingWindow(
            redis, "otp-request-account", settings.otp_requests_per_account, window
        )
        self.verifications_per_ip = SlidingWindow(
            redis, "otp-verify-ip", settings.otp_verifications_per_ip, window
        )
        self.verifications_per_account = SlidingWindow(
            redis, "otp-verify-account", settings.otp_verifications_per_account, window
        )

    async def allow_request(self, ip: str | None, account: str, purpose: str) -> bool:
        """429 past the address's limit; False (send nothing, answer as usual) past the account's.

        Staying silent for the account keeps a stranger from flooding someone's mailbox and
        from learning anything, while the address limit stops one client from cycling accounts.
        """
        await self.requests_per_ip.check(ip or "unknown", "too many code requests; try later")
        decision = await self.requests_per_account.hit(f"{purpose}:{account_subject(account)}")
        return bool(decision.allowed)

    async def check_user_request(self, ip: str | None, user_id: str, purpose: str) -> None:
        """For signed-in callers, who know their own account exists: a plain 429."""
        message = "too many code requests; try later"
        await self.requests_per_ip.check(ip or "unknown", message)
        await self.requests_per_account.check(f"{purpose}:{account_subject(user_id)}", message)

    async def check_verification(self, ip: str | None, account: str) -> None:
        """429 when this address or this account tried too many codes lately."""
        message = "too many code attempts; try later"
        await self.verifications_per_ip.check(ip or "unknown", message)
        await self.verifications_per_account.check(account_subject(account), message)
