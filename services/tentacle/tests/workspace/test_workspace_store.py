"""The executors' workspace store on real Postgres: the workspace_write and workspace_query
agents write idempotently, read back what they wrote, and stay inside their organisation."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parents[1] / "executors"))

from executor_kit import context

from tentacle.executors import ExecutorResources, get_executor
from tentacle.workspace.store import SqlWorkspaceStore


async def test_agents_write_and_query_through_the_store(
    tentacle_app: FastAPI, tmp_path: Path
) -> None:
    store = SqlWorkspaceStore(tentacle_app.state.session_factory)
    resources = ExecutorResources(workspace=store)
    org, user = uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)

    write = context(
        "workspace_write",
        {"kind": "event", "data": {"title": "Tea with Ada", "start": now.isoformat()}},
        tmp_path,
        resources=resources,
        organization_id=org,
        user_id=user,
    )
    written = await get_executor(write.agent).run(write)
    assert written.outputs["created"] is True
    again = await get_executor(write.agent).run(write)  # a retried step writes nothing new
    assert again.outputs == {"object_id": written.outputs["object_id"], "created": False}
    later = {"title": "Board meeting", "start": (now + timedelta(days=40)).isoformat()}
    await store.write(
        organization_id=org,
        user_id=user,
        kind="event",
        object_id=None,
        data=later,
        idempotency_key="other",
    )

    period = {
        "from": (now - timedelta(days=1)).isoformat(),
        "to": (now + timedelta(days=1)).isoformat(),
    }
    query = context(
        "workspace_query",
        {"kind": "event", "filters": {"period": period}},
        tmp_path,
        resources=resources,
        organization_id=org,
        user_id=user,
    )
    found = await get_executor(query.agent).run(query)
    assert found.outputs["count"] == 1
    item = found.outputs["items"][0]
    assert item["id"] == written.outputs["object_id"] and item["data"]["title"] == "Tea with Ada"

    by_text = await store.query(
        organization_id=org, user_id=user, kind="event", filters={}, text="board", limit=10
    )
    assert [i["data"]["title"] for i in by_text] == ["Board meeting"]
    stranger = await store.query(
        organization_id=uuid.uuid4(), user_id=user, kind="event", filters={}, text=None, limit=10
    )
    assert stranger == []

    object_id, created = await store.write(
        organization_id=org,
        user_id=user,
        kind="event",
        object_id=item["id"],
        data={"title": "Tea with Ada and Grace"},
        idempotency_key="update",
    )
    assert (object_id, created) == (item["id"], False)
    again_found = await get_executor(query.agent).run(query)
    assert again_found.outputs["items"][0]["data"]["title"] == "Tea with Ada and Grace"
