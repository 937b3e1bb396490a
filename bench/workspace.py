"""Workspace queries over 1,000,000 objects: equality, an indexed range, tags and full text.

A throwaway database (FLUXOS_TEST_DATABASE_URL's server when set, else an embedded Postgres) is
migrated, then bulk-loaded with ``INSERT ... SELECT generate_series``: one organisation holding
1,000,000 objects of three types (contacts, deals, events) with realistic fields, tags and prose,
plus a second organisation's 50,000 objects to keep tenant filters honest. Each query goes through
the workspace service (``tentacle.workspace.service``: the real filter compiler, the statement
timeout and savepoint the API uses), on one connection, with varying parameters so no two runs
hit the same rows. The deal type declares ``amount`` as an indexed field through its schema, the
way an organisation would (the index is built as the API would build it).

Prints one JSON object on its last line. Goals: median < 10 ms for indexed filters (equality,
range, tags) and < 50 ms for full-text search.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from _stack import servers, summary_ms

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]

OBJECTS = int(os.environ.get("BENCH_OBJECTS", "1000000"))
OTHER_ORG_OBJECTS = int(os.environ.get("BENCH_OTHER_OBJECTS", "50000"))
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "300"))
CHUNK = 100_000
DATABASE = "bench_workspace"
ORG = uuid.UUID("00000000-0000-4000-8000-00000000000a")
OTHER_ORG = uuid.UUID("00000000-0000-4000-8000-00000000000b")
STATUSES = ["lead", "qualified", "proposal", "won", "lost"]
CITIES = [
    "Paris",
    "Berlin",
    "Lisbon",
    "Oslo",
    "Madrid",
    "Rome",
    "Vienna",
    "Prague",
    "Dublin",
    "Warsaw",
]
TAGS = [f"tag{i}" for i in range(40)]
WORDS = [
    "invoice",
    "renewal",
    "contract",
    "meeting",
    "onboarding",
    "pricing",
    "discount",
    "shipment",
    "warehouse",
    "support",
    "escalation",
    "refund",
    "partnership",
    "integration",
    "migration",
    "roadmap",
    "feedback",
    "workshop",
    "proposal",
    "budget",
    "forecast",
    "hiring",
    "interview",
    "launch",
    "campaign",
    "newsletter",
    "webinar",
    "audit",
    "compliance",
    "security",
    "incident",
    "outage",
    "deployment",
    "release",
    "analytics",
    "dashboard",
    "quarterly",
    "annual",
    "review",
    "follow",
    "call",
    "email",
    "visit",
    "demo",
    "trial",
    "upgrade",
    "churn",
    "expansion",
    "procurement",
    "legal",
]
RARE = [f"acct{i}" for i in range(5000)]
"""Account-like names: each appears in a few hundred notes (a Zipf tail, unlike WORDS)."""

# One row per series number n: the type cycles contact/deal/event; fields derive from n through
# cheap hashes so every value is spread and reproducible.
LOAD_SQL = """
INSERT INTO workspace_objects
    (id, organization_id, type, data, tags, created_by_kind, created_at, updated_at)
SELECT
    gen_random_uuid(),
    CAST(:org AS uuid),
    (ARRAY['contact', 'deal', 'event'])[1 + n % 3],
    CASE n % 3
    WHEN 0 THEN jsonb_build_object(
        'name', 'Contact ' || n,
        'email', 'user' || n || '@example.com',
        'city', (CAST(:cities AS text[]))[1 + (n * 7) % 10],
        'score', (n * 31) % 1000,
        'notes', words.w)
    WHEN 1 THEN jsonb_build_object(
        'title', 'Deal ' || n,
        'status', (CAST(:statuses AS text[]))[1 + (n * 13) % 5],
        'amount', (n * 7919) % 100000,
        'currency', 'EUR',
        'notes', words.w)
    ELSE jsonb_build_object(
        'title', 'Event ' || n,
        'start', to_char(timestamptz '2026-01-01' + ((n * 104729) % 31536000) * interval '1 second',
                         'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'location', (CAST(:cities AS text[]))[1 + (n * 11) % 10],
        'notes', words.w)
    END,
    ARRAY[(CAST(:tags AS text[]))[1 + (n * 17) % 40], (CAST(:tags AS text[]))[1 + (n * 23 + 5) % 40]],
    'user',
    timestamptz '2026-01-01' + n * interval '20 second',
    timestamptz '2026-01-01' + n * interval '20 second'
FROM generate_series(CAST(:start AS bigint), CAST(:stop AS bigint)) AS n
CROSS JOIN LATERAL (
    SELECT string_agg((CAST(:words AS text[]))[1 + ((n * 2654435761 + k * 40503) % CAST(:word_count AS bigint))::int], ' ')
        || ' ' || (CAST(:rare AS text[]))[1 + ((n * 40503) % 5000)::int]
        || ' ' || (CAST(:rare AS text[]))[1 + ((n * 7 + 2500) % 5000)::int] AS w
    FROM generate_series(1, 10) AS k
) AS words
"""


async def load(session_factory: Any, organization_id: uuid.UUID, count: int) -> None:
    from sqlalchemy import text

    params = {
        "org": organization_id,
        "cities": CITIES,
        "statuses": STATUSES,
        "tags": TAGS,
        "words": WORDS,
        "rare": RARE,
        "word_count": len(WORDS),
    }
    for start in range(1, count + 1, CHUNK):
        stop = min(start + CHUNK - 1, count)
        async with session_factory() as session:
            await session.execute(text(LOAD_SQL), {**params, "start": start, "stop": stop})
            await session.commit()


async def run() -> dict[str, Any]:
    from sqlalchemy import event, text
    from sqlalchemy.ext.asyncio import create_async_engine

    from fluxkit import migrations
    from fluxkit.db import create_session_factory
    from fluxkit.testing import recreate_database
    from tentacle.manifest import MANIFEST
    from tentacle.workspace import service
    from tentacle.workspace.indexes import build_indexes
    from tentacle.workspace.query import InvalidFilter

    with servers() as (admin_url, _redis):
        url = await recreate_database(admin_url, DATABASE)
        await asyncio.to_thread(migrations.upgrade, MANIFEST.migrations, url)
        engine = create_async_engine(url, pool_size=2)
        factory = create_session_factory(engine)
        started = time.perf_counter()
        print(f"loading {OBJECTS:,} objects", file=sys.stderr, flush=True)
        await load(factory, ORG, OBJECTS)
        await load(factory, OTHER_ORG, OTHER_ORG_OBJECTS)
        autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        async with autocommit.connect() as connection:
            await connection.execute(text("VACUUM ANALYZE workspace_objects"))
        load_seconds = time.perf_counter() - started
        rng = random.Random(7)

        began = time.perf_counter()
        async with factory() as session:
            await service.put_schema(
                session, ORG, "deal", {"type": "object"}, "advisory", indexed_fields=["amount"]
            )
            await session.commit()
        await build_indexes(engine)
        async with autocommit.connect() as connection:
            await connection.execute(text("ANALYZE workspace_objects"))
        index_seconds = time.perf_counter() - began

        captured: list[tuple[str, Any]] = []

        def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if "FROM workspace_objects" in statement and statement.lstrip().startswith("SELECT"):
                captured.append((statement, parameters))

        event.listen(engine.sync_engine, "before_cursor_execute", capture)

        async def timed(make_call: Any, iterations: int = ITERATIONS) -> dict[str, Any]:
            """Each call through the service (the API's path: savepoint, statement timeout,
            ORM rows), then the very SQL it compiled, executed alone (one round trip)."""
            service_ns: list[int] = []
            sql_ns: list[int] = []
            counts: list[int] = []
            timeouts = 0
            async with factory() as session:
                raw = (await (await session.connection()).get_raw_connection()).driver_connection
                for i in range(iterations + 30):
                    captured.clear()
                    began = time.perf_counter_ns()
                    try:
                        found = await make_call(session)
                    except InvalidFilter:  # the API's statement timeout cut the query off
                        timeouts += 1
                        found = 0
                    elapsed = time.perf_counter_ns() - began
                    statement, parameters = captured[-1]
                    began = time.perf_counter_ns()
                    await raw.fetch(statement, *parameters)
                    sql_elapsed = time.perf_counter_ns() - began
                    await session.rollback()
                    raw = (
                        await (await session.connection()).get_raw_connection()
                    ).driver_connection
                    if i >= 30:  # warm-up
                        service_ns.append(elapsed)
                        sql_ns.append(sql_elapsed)
                        counts.append(found)
            return {
                **summary_ms(sql_ns),
                "service_call": summary_ms(service_ns),
                "mean_rows": round(sum(counts) / len(counts), 1),
                "timeouts": timeouts,
            }

        async def equality(session: Any) -> int:
            n = rng.randrange(0, OBJECTS // 3) * 3
            objects, _ = await service.query_objects(
                session,
                ORG,
                type_="contact",
                where={"email": f"user{n}@example.com"},
                tags=[],
                order_by="-created_at",
                limit=50,
                cursor=None,
            )
            return len(objects)

        async def range_filter(session: Any) -> int:
            low = rng.randrange(0, 99_000)
            objects, _ = await service.query_objects(
                session,
                ORG,
                type_="deal",
                where={"amount": {"$gte": low, "$lt": low + 100}},
                tags=[],
                order_by="-created_at",
                limit=50,
                cursor=None,
            )
            return len(objects)

        async def tag_filter(session: Any) -> int:
            objects, _ = await service.query_objects(
                session,
                ORG,
                type_=None,
                where={},
                tags=[rng.choice(TAGS)],
                order_by="-created_at",
                limit=50,
                cursor=None,
            )
            return len(objects)

        async def search(session: Any) -> int:
            # A common word and a rarer one, like "refund acme": what people type.
            q = f"{rng.choice(WORDS)} {rng.choice(RARE)}"
            hits = await service.search_objects(session, ORG, q=q, type_=None, tags=[], limit=20)
            return len(hits)

        async def search_common(session: Any) -> int:
            first, second = rng.sample(WORDS, 2)  # each in ~20% of notes: ~4% match both
            hits = await service.search_objects(
                session, ORG, q=f"{first} {second}", type_=None, tags=[], limit=20
            )
            return len(hits)

        if os.environ.get("BENCH_EXPLAIN"):
            await explain(factory, engine)
        print(f"loaded in {load_seconds:.0f}s; measuring", file=sys.stderr, flush=True)
        results = {
            "equality": await timed(equality),
            "range_indexed": await timed(range_filter),
            "tags": await timed(tag_filter),
            "search": await timed(search),
            "search_common_words": await timed(search_common, iterations=min(ITERATIONS, 60)),
        }
        await engine.dispose()
    goals = {
        "equality": results["equality"]["median_ms"] < 10,
        "range_indexed": results["range_indexed"]["median_ms"] < 10,
        "tags": results["tags"]["median_ms"] < 10,
        "search": results["search"]["median_ms"] < 50,
    }
    return {
        "objects": OBJECTS,
        "other_org_objects": OTHER_ORG_OBJECTS,
        "iterations": ITERATIONS,
        "load_seconds": round(load_seconds, 1),
        "index_build_seconds": None if index_seconds is None else round(index_seconds, 1),
        **results,
        "goals_met": goals,
    }


async def explain(factory: Any, engine: Any) -> None:
    """Plans of one query of each kind, to stderr (BENCH_EXPLAIN=1)."""
    from sqlalchemy import event

    from tentacle.workspace import service

    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT WORKSPACE_OBJECTS"):
            captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    async with factory() as session:
        await service.query_objects(
            session,
            ORG,
            type_="contact",
            where={"email": "user300@example.com"},
            tags=[],
            order_by="-created_at",
            limit=50,
            cursor=None,
        )
        await service.query_objects(
            session,
            ORG,
            type_="deal",
            where={"amount": {"$gte": 500, "$lt": 600}},
            tags=[],
            order_by="-created_at",
            limit=50,
            cursor=None,
        )
        await service.query_objects(
            session,
            ORG,
            type_=None,
            where={},
            tags=["tag3"],
            order_by="-created_at",
            limit=50,
            cursor=None,
        )
        await service.search_objects(session, ORG, q="refund acct42", type_=None, tags=[], limit=20)
        await session.rollback()
    event.remove(engine.sync_engine, "before_cursor_execute", capture)
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        for statement, parameters in captured:
            numbered = statement
            plan = await raw.driver_connection.fetch(
                "EXPLAIN (ANALYZE, BUFFERS) " + numbered, *parameters
            )
            print("\n".join(row[0] for row in plan), "\n", file=sys.stderr)


def main() -> None:
    print(json.dumps(asyncio.run(run())))


if __name__ == "__main__":
    main()
