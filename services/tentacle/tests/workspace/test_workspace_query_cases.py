"""Workspace query semantics, case by case, against real Postgres: MongoDB's type-bracketed
comparisons, arrays, nested paths, missing fields and ISO dates."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.workspace import service
from tentacle.workspace.models import WorkspaceObject
from tentacle.workspace.query import InvalidFilter, compile_filter

DOCS: dict[str, dict[str, Any]] = {
    "a": {
        "n": 5,
        "s": "apple",
        "d": "2026-03-01T10:00:00Z",
        "list": ["x", "y"],
        "nested": {"k": 1, "deep": {"v": "hi"}},
        "flag": True,
    },
    "b": {
        "n": 10,
        "s": "banana",
        "d": "2026-03-02",
        "list": ["y"],
        "nested": {"k": 2},
        "flag": False,
        "nul": None,
    },
    "c": {"n": "7", "s": "cherry", "d": "2026-02-28T23:00:00-05:00", "nested": {"k": "2"}},
    "d": {"n": 2.5, "s": 10, "list": [1, 2, 3]},
    "e": {},
}
ALL = "abcde"

CASES: list[tuple[dict[str, Any], str]] = [
    ({}, ALL),
    ({"n": 5}, "a"),
    ({"n": {"$eq": 5}}, "a"),
    ({"n": {"$gt": 4}}, "ab"),  # "7" is a string: never compared with a number
    ({"n": {"$gte": 5}}, "ab"),
    ({"n": {"$lt": 5}}, "d"),
    ({"n": {"$lte": 5}}, "ad"),
    ({"n": {"$gt": "5"}}, "c"),  # strings compare only with strings
    ({"n": {"$ne": 5}}, "bcde"),  # $ne matches a missing field
    ({"n": {"$in": [5, 10]}}, "ab"),
    ({"n": {"$nin": [5, 10]}}, "cde"),
    ({"n": {"$exists": True}}, "abcd"),
    ({"n": {"$exists": False}}, "e"),
    ({"n": {"$gt": 4, "$lt": 8}}, "a"),
    ({"n": {"$gte": 2.5, "$lte": 2.5}}, "d"),
    ({"n": {"$not": {"$gt": 4}}}, "cde"),
    ({"s": "apple"}, "a"),
    ({"s": {"$gt": "b"}}, "bc"),  # d's s is a number
    ({"s": {"$in": ["apple", 10]}}, "ad"),
    ({"s": {"$regex": "^b"}}, "b"),
    ({"s": {"$regex": "AN", "$options": "i"}}, "b"),
    ({"s": {"$regex": "^\\d"}}, ""),  # a number is not a string
    ({"s": {"$contains": "ERR"}}, "c"),
    ({"list": "y"}, "ab"),  # an array matches when an element does
    ({"list": {"$in": ["x", 3]}}, "ad"),
    ({"list": {"$contains": ["x", "y"]}}, "a"),
    ({"list": {"$contains": 2}}, "d"),
    ({"list": ["y"]}, "b"),  # an array value means the whole array
    ({"list": {"$ne": "y"}}, "cde"),
    ({"nested.k": 1}, "a"),
    ({"nested.k": {"$in": [1, "2"]}}, "ac"),
    ({"list.0": "x"}, "a"),  # a digit path part indexes an array
    ({"list.1": {"$gte": "y"}}, "a"),
    ({"nested.k": {"$gt": 1}}, "b"),  # c's "2" is a string
    ({"nested.k": {"$gte": "1"}}, "c"),
    ({"nested.deep.v": "hi"}, "a"),
    ({"nested.deep.v": {"$exists": False}}, "bcde"),
    ({"nested": {"k": 2}}, "b"),  # object equality
    ({"nested": {"$contains": {"k": 1}}}, "a"),
    ({"missing.path": {"$ne": 1}}, ALL),
    ({"missing.path": {"$gt": 0}}, ""),
    ({"flag": True}, "a"),
    ({"flag": {"$ne": True}}, "bcde"),
    ({"nul": None}, ALL),  # null matches null and missing
    ({"nul": {"$exists": True}}, "b"),
    ({"d": {"$gte": "2026-03-01"}}, "abc"),  # c is 2026-03-01T04:00Z
    ({"d": {"$lt": "2026-03-01T05:00:00Z"}}, "c"),
    ({"d": {"$gt": "2026-03-01T09:59:59+00:00"}}, "ab"),
    ({"d": {"$gte": "2026-03-01", "$lt": "2026-03-02"}}, "ac"),
    ({"d": {"$lt": "2027"}}, "abc"),  # not a date: compared as strings
    ({"$or": [{"n": 5}, {"s": "banana"}]}, "ab"),
    ({"$and": [{"n": {"$gt": 1}}, {"n": {"$lt": 8}}]}, "ad"),
    ({"$not": {"n": {"$gt": 4}}}, "cde"),
    ({"$or": [{"nested.k": {"$exists": True}}, {"list": 3}], "flag": {"$exists": False}}, "cd"),
]


@pytest.fixture
async def seeded(db: AsyncSession) -> uuid.UUID:
    organization_id = uuid.uuid4()
    author = service.Author("user", uuid.uuid4())
    for name, data in DOCS.items():
        await service.create_object(
            db, organization_id, author, "thing", {"name": name, **data}, []
        )
    # Another organisation's identical objects must never show up.
    for name, data in DOCS.items():
        await service.create_object(db, uuid.uuid4(), author, "thing", {"name": name, **data}, [])
    return organization_id


async def test_query_case_table(db: AsyncSession, seeded: uuid.UUID) -> None:
    assert len(CASES) >= 40
    failures = []
    for where, expected in CASES:
        objects, _ = await service.query_objects(
            db,
            seeded,
            type_="thing",
            where=where,
            tags=[],
            order_by="name",
            limit=100,
            cursor=None,
        )
        got = "".join(obj.data["name"] for obj in objects)
        if got != expected:
            failures.append(f"{where}: expected {expected!r}, got {got!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ({"n": {"$foo": 1}}, "where.n.$foo"),
        ({"$xor": []}, "where.$xor"),
        ({"$or": {"n": 1}}, "where.$or"),
        ({"$and": [{"n": 1}, {"n": {"$bad": 2}}]}, "where.$and[1].n.$bad"),
        ({"n": {"$in": 5}}, "where.n.$in"),
        ({"n": {"$gt": [1]}}, "where.n.$gt"),
        ({"n": {"$exists": "yes"}}, "where.n.$exists"),
        ({"s": {"$regex": "a" * 201}}, "where.s.$regex"),
        ({"s": {"$regex": "("}}, "where.s.$regex"),
        ({"n": {"$gt": 1, "k": 2}}, "where.n"),
        ({"bad field!": 1}, "where.bad field!"),
        ({"n": {"$not": 3}}, "where.n.$not"),
        ([1, 2], "where"),
    ],
)
def test_malformed_filters_name_the_offending_path(where: Any, path: str) -> None:
    with pytest.raises(InvalidFilter) as error:
        compile_filter(WorkspaceObject.data, where)
    assert error.value.path == path
    assert error.value.status_code == 422


def test_user_values_never_enter_the_sql_text() -> None:
    hostile = "x'; DROP TABLE workspace_objects; --"
    condition = compile_filter(
        WorkspaceObject.data, {"s": hostile, "n": {"$regex": hostile}, "t": {"$gt": hostile}}
    )
    sql = str(condition.compile())
    assert "DROP" not in sql and hostile not in sql


async def test_a_slow_query_is_cut_off_by_the_statement_timeout(
    db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    organization_id = uuid.uuid4()
    await db.execute(
        text(
            "INSERT INTO workspace_objects (id, organization_id, type, data, tags,"
            " created_by_kind) SELECT gen_random_uuid(), :org, 'blob',"
            " jsonb_build_object('s', repeat('ab', 2000)), '{}', 'user'"
            " FROM generate_series(1, 3000)"
        ),
        {"org": organization_id},
    )
    monkeypatch.setattr(service, "QUERY_TIMEOUT", "20ms")
    with pytest.raises(InvalidFilter, match="too long"):
        await service.query_objects(
            db,
            organization_id,
            type_="blob",
            where={"s": {"$regex": "(a|b)*c$"}},
            tags=[],
            order_by="-created_at",
            limit=10,
            cursor=None,
        )
    # The timeout applied to that query only; the transaction goes on without it.
    assert await db.scalar(text("SELECT current_setting('statement_timeout')")) == "0"
