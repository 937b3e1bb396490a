"""Async SQLAlchemy 2 helpers: declarative base, engine, one session per request, unit of work.

The request's session is committed by :class:`FluxRoute` after the endpoint returns and before
the response is sent; work registered with :func:`after_commit` (enqueue, publish) runs only once
that commit succeeded. Background code uses :func:`unit_of_work` for the same guarantees.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import DateTime, MetaData, Uuid, func
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

logger = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

AfterCommit = Callable[[], Awaitable[None] | None]
AFTER_COMMIT_KEY = "fluxos_after_commit"


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        nullable=False,
        default=utcnow,
        server_default=func.now(),
        onupdate=utcnow,
    )


class RecordMixin(IdMixin, TimestampMixin):
    """UUID primary key plus created/updated timestamps: what every table has."""


def make_base() -> type[DeclarativeBase]:
    """A fresh declarative base with the naming convention (for tests and scripts).

    Services declare ``class Base(DeclarativeBase): metadata = new_metadata()`` instead, so type
    checkers see a real class.
    """

    class Base(DeclarativeBase):
        metadata = new_metadata()

    return Base


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        echo=echo,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def after_commit(session: AsyncSession, hook: AfterCommit) -> None:
    """Run ``hook`` once the session's current work is committed (dropped on rollback)."""
    session.info.setdefault(AFTER_COMMIT_KEY, []).append(hook)


async def commit(session: AsyncSession) -> None:
    """Commit, then run the after-commit hooks; a failing hook is logged, never raised."""
    await session.commit()
    hooks: list[AfterCommit] = session.info.pop(AFTER_COMMIT_KEY, [])
    for hook in hooks:
        try:
            result = hook()
            if isinstance(result, Awaitable):
                await result
        except Exception:
            logger.exception("after-commit hook failed")


async def rollback(session: AsyncSession) -> None:
    session.info.pop(AFTER_COMMIT_KEY, None)
    await session.rollback()


@asynccontextmanager
async def unit_of_work(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """Session for background work: commits on success, rolls back on error."""
    async with factory() as session:
        try:
            yield session
        except BaseException:
            await rollback(session)
            raise
        await commit(session)


REQUEST_SESSION_KEY = "fluxos_db_session"


def session_factory_from(request: Request) -> async_sessionmaker[AsyncSession]:
    factory = getattr(request.app.state, "session_factory", None)
    if factory is None:
        raise RuntimeError("app.state.session_factory is not set; is the lifespan running?")
    return factory  # type: ignore[no-any-return]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    override = request.scope.get("fluxos_test_session")
    if isinstance(override, AsyncSession):
        # Tests hand in a session joined to an outer transaction (savepoint mode); undoing what
        # a failed request left uncommitted keeps them as faithful as a closed session would.
        request.scope[REQUEST_SESSION_KEY] = override
        try:
            yield override
        finally:
            request.scope.pop(REQUEST_SESSION_KEY, None)
            if override.in_transaction():
                await rollback(override)
        return
    async with session_factory_from(request)() as session:
        request.scope[REQUEST_SESSION_KEY] = session
        try:
            yield session
        finally:
            request.scope.pop(REQUEST_SESSION_KEY, None)
            session.info.pop(AFTER_COMMIT_KEY, None)


SessionDep = Annotated[AsyncSession, Depends(get_session)]


class FluxRoute(APIRoute):
    """Commits the request's session after the endpoint returns, before the response is sent."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def commit_then_respond(request: Request) -> Response:
            response = await handler(request)
            session = request.scope.get(REQUEST_SESSION_KEY)
            if isinstance(session, AsyncSession) and response.status_code < 400:
                await commit(session)
            return response

        return commit_then_respond
