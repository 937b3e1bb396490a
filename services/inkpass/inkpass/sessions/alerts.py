"""Sign-in alerts: the owner hears of a sign-in from an address and browser not seen before."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.notify import messages, notifier_from, send_after_commit
from inkpass.sessions.models import LoginSession
from inkpass.users.models import User


async def is_new_device(
    session: AsyncSession, user: User, *, ip: str | None, user_agent: str | None
) -> bool:
    """True when the user signed in before, but never from this IP with this user agent.

    The first sign-in of an account (registration) has nothing to compare with: no alert.
    """
    earlier = LoginSession.user_id == user.id
    same_device = (
        earlier
        & LoginSession.ip.is_not_distinct_from(ip)
        & LoginSession.user_agent.is_not_distinct_from(user_agent)
    )
    signed_in_before, seen_here = (
        await session.execute(select(exists().where(earlier), exists().where(same_device)))
    ).one()
    return bool(signed_in_before) and not seen_here


async def alert_on_new_device(
    session: AsyncSession,
    request: Request,
    user: User,
    *,
    ip: str | None,
    user_agent: str | None,
) -> None:
    """Email a sign-in alert after commit when this sign-in comes from a new device."""
    if await is_new_device(session, user, ip=ip, user_agent=user_agent):
        email = messages.login_alert(ip=ip, user_agent=user_agent)
        send_after_commit(session, notifier_from(request), user.email, email)
