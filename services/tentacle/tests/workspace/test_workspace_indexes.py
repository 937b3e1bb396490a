"""Declared indexed fields: the schema API records them, the builder creates one expression
index per field (concurrently, idempotently), range filters use it, undeclared ones go."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import event, text
from tentacle_testkit import Tokens

from tentacle.workspace import service
from tentacle.workspace.indexes import build_indexes, index_name


async def _field_indexes(app: FastAPI) -> set[str]:
    async with app.state.engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'workspace_objects'"
                " AND indexname LIKE 'ix_workspace_field_%'"
            )
        )
        return {str(name) for name in rows.scalars()}


async def test_declared_fields_get_an_index_that_range_filters_use(
    tentacle_app: FastAPI, live_client: AsyncClient, tokens: Tokens
) -> None:
    owner = tokens.caller()
    declared = await live_client.put(
        "/api/v1/workspace/schemas/deal",
        json={"json_schema": {"type": "object"}, "indexed_fields": ["amount", "terms.days"]},
        headers=owner.headers,
    )
    assert declared.status_code == 200, declared.text
    assert declared.json()["indexed_fields"] == ["amount", "terms.days"]
    bad = await live_client.put(
        "/api/v1/workspace/schemas/deal",
        json={"json_schema": {"type": "object"}, "indexed_fields": ["amount'); DROP"]},
        headers=owner.headers,
    )
    assert bad.status_code == 422

    engine = tentacle_app.state.engine
    first = await build_indexes(engine)
    assert {index_name("amount"), index_name("terms.days")} <= set(first["built"])
    assert {index_name("amount"), index_name("terms.days")} <= await _field_indexes(tentacle_app)
    again = await build_indexes(engine)
    assert index_name("amount") not in again["built"]  # idempotent

    for amount in (10, 250, 900):
        created = await live_client.post(
            "/api/v1/workspace/objects",
            json={"type": "deal", "data": {"amount": amount, "terms": {"days": amount // 10}}},
            headers=owner.headers,
        )
        assert created.status_code == 201
    found = await live_client.post(
        "/api/v1/workspace/query",
        json={"type": "deal", "where": {"amount": {"$gte": 100, "$lt": 1000}}},
        headers=owner.headers,
    )
    assert sorted(o["data"]["amount"] for o in found.json()["items"]) == [250, 900]

    async with engine.begin() as connection:  # enough deals that the plan has a choice
        await connection.execute(
            text(
                "INSERT INTO workspace_objects (id, organization_id, type, data, tags,"
                " created_by_kind) SELECT gen_random_uuid(), :org, 'deal',"
                " jsonb_build_object('amount', 2000 + n * 37 % 1000000), '{}', 'user'"
                " FROM generate_series(1, 20000) AS n"
            ),
            {"org": owner.organization_id},
        )
    async with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        await connection.execute(text("ANALYZE workspace_objects"))
    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM workspace_objects" in statement:
            captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with tentacle_app.state.session_factory() as session:
            await service.query_objects(
                session,
                owner.organization_id,
                type_="deal",
                where={"amount": {"$gte": 100, "$lt": 1000}},
                tags=[],
                order_by="-created_at",
                limit=10,
                cursor=None,
            )
            statement, parameters = captured[-1]
            raw = (await (await session.connection()).get_raw_connection()).driver_connection
            plan = "\n".join(row[0] for row in await raw.fetch("EXPLAIN " + statement, *parameters))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    assert index_name("amount") in plan, plan

    undeclared = await live_client.put(
        "/api/v1/workspace/schemas/deal",
        json={"json_schema": {"type": "object"}, "indexed_fields": ["amount"]},
        headers=owner.headers,
    )
    assert undeclared.json()["indexed_fields"] == ["amount"]
    dropped = await build_indexes(engine)
    assert index_name("terms.days") in dropped["dropped"]
    assert index_name("amount") in await _field_indexes(tentacle_app)
