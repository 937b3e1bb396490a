"""The request session commits before the response and after-commit hooks run only on success."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from sqlalchemy import String, select, text
from sqlalchemy.orm import Mapped, mapped_column

from fluxkit.app import create_service_app, flux_router
from fluxkit.db import RecordMixin, SessionDep, after_commit, make_base
from fluxkit.errors import Conflict
from fluxkit.settings import ServiceSettings
from fluxkit.testing import client_for, recreate_database, running, worker_number

Base = make_base()


class Note(RecordMixin, Base):
    __tablename__ = "notes"
    body: Mapped[str] = mapped_column(String(50))


events: list[str] = []
router = flux_router("/notes")


@router.post("")
async def create_note(body: str, session: SessionDep) -> dict[str, str]:
    note = Note(body=body)
    session.add(note)
    await session.flush()
    after_commit(session, lambda: events.append(f"created {body}"))
    if body == "conflict":
        raise Conflict("refused after writing")
    return {"id": str(note.id)}


@pytest.fixture(scope="module")
async def app(admin_database_url: str, redis_url: str) -> AsyncIterator[FastAPI]:
    url = await recreate_database(admin_database_url, f"test_kit_{worker_number()}")
    settings = ServiceSettings(database_url=url, redis_url=redis_url, log_json=False)
    application = create_service_app("kitdemo", settings, [router], title="demo")
    async with running(application):
        async with application.state.engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
        yield application


async def test_commit_before_response_then_hooks(app: FastAPI) -> None:
    events.clear()
    async with client_for(app) as client:
        response = await client.post("/notes", params={"body": "hello"})
    assert response.status_code == 200
    assert events == ["created hello"]
    async with app.state.session_factory() as session:
        stored = await session.scalar(select(Note.body).where(Note.body == "hello"))
    assert stored == "hello"


async def test_error_rolls_back_and_skips_hooks(app: FastAPI) -> None:
    events.clear()
    async with client_for(app) as client:
        response = await client.post("/notes", params={"body": "conflict"})
    assert response.status_code == 409
    assert response.json() == {"error": "Conflict", "detail": "refused after writing"}
    assert events == []
    async with app.state.session_factory() as session:
        count = await session.scalar(text("SELECT count(*) FROM notes WHERE body = 'conflict'"))
    assert count == 0


async def test_validation_errors_are_422_with_location(app: FastAPI) -> None:
    async with client_for(app) as client:
        response = await client.post("/notes")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "ValidationError"
    assert "body" in body["detail"]


async def test_request_id_is_echoed_and_metrics_exposed(app: FastAPI) -> None:
    async with client_for(app) as client:
        response = await client.get("/healthz", headers={"X-Request-ID": "abc123"})
        metrics = await client.get("/metrics")
    assert response.headers["x-request-id"] == "abc123"
    assert "fluxos_http_requests_total" in metrics.text
