"""Workspace rules: schema checks, attribution, tenant-scoped queries, paging and search."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jsonschema
from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.db import after_commit
from fluxkit.errors import FluxError, NotFound
from tentacle.workspace.indexes import request_index_build
from tentacle.workspace.models import SchemaMode, WorkspaceObject, WorkspaceSchema
from tentacle.workspace.query import (
    FIELD,
    InvalidFilter,
    compile_filter,
    field_value,
    index_hints,
)

QUERY_TIMEOUT = "3s"
TIMESTAMP_FIELDS = ("created_at", "updated_at")


class SchemaViolation(FluxError):
    status_code = 422


@dataclass(frozen=True)
class Author:
    kind: str
    """``user`` or ``agent``."""
    user_id: uuid.UUID | None
    agent: str | None = None


async def _check_schema(
    session: AsyncSession, organization_id: uuid.UUID, type_: str, data: dict[str, Any]
) -> list[str]:
    schema = await session.scalar(
        select(WorkspaceSchema).where(
            WorkspaceSchema.organization_id == organization_id, WorkspaceSchema.type == type_
        )
    )
    if schema is None:
        return []
    validator = jsonschema.Draft202012Validator(schema.json_schema)
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    if problems and schema.mode == SchemaMode.STRICT:
        raise SchemaViolation(
            f"data does not match the {type_!r} schema", extra={"problems": problems}
        )
    return problems


async def put_schema(
    session: AsyncSession,
    organization_id: uuid.UUID,
    type_: str,
    json_schema: dict[str, Any],
    mode: str,
    *,
    indexed_fields: list[str] | None = None,
) -> WorkspaceSchema:
    fields = sorted(set(indexed_fields or []))
    for name in fields:
        if not FIELD.match(name) or len(name) > 200:
            raise InvalidFilter("indexed_fields", f"{name!r} is not a dotted field name")
    try:
        jsonschema.Draft202012Validator.check_schema(json_schema)
    except jsonschema.SchemaError as exc:
        raise SchemaViolation(f"not a valid JSON Schema: {exc.message}") from None
    row = await session.scalar(
        select(WorkspaceSchema).where(
            WorkspaceSchema.organization_id == organization_id, WorkspaceSchema.type == type_
        )
    )
    if row is None:
        row = WorkspaceSchema(organization_id=organization_id, type=type_)
        session.add(row)
    row.json_schema = json_schema
    row.mode = mode
    if indexed_fields is not None and fields != list(row.indexed_fields or []):
        row.indexed_fields = fields
        after_commit(session, request_index_build)
    await session.flush()
    return row


async def create_object(
    session: AsyncSession,
    organization_id: uuid.UUID,
    author: Author,
    type_: str,
    data: dict[str, Any],
    tags: list[str],
    idempotency_key: str | None = None,
) -> tuple[WorkspaceObject, list[str]]:
    warnings = await _check_schema(session, organization_id, type_, data)
    obj = WorkspaceObject(
        id=uuid.uuid4(),
        organization_id=organization_id,
        type=type_,
        data=data,
        tags=sorted(set(tags)),
        created_by_kind=author.kind,
        created_by_id=author.user_id,
        created_by_agent=author.agent,
        idempotency_key=idempotency_key,
    )
    session.add(obj)
    await session.flush()
    await session.refresh(obj)
    return obj, warnings


async def get_object(
    session: AsyncSession, organization_id: uuid.UUID, object_id: uuid.UUID
) -> WorkspaceObject:
    obj = await session.scalar(
        select(WorkspaceObject).where(
            WorkspaceObject.id == object_id, WorkspaceObject.organization_id == organization_id
        )
    )
    if obj is None:
        raise NotFound("workspace object not found")
    return obj


async def update_object(
    session: AsyncSession,
    organization_id: uuid.UUID,
    object_id: uuid.UUID,
    data: dict[str, Any] | None,
    tags: list[str] | None,
    *,
    replace: bool = False,
) -> tuple[WorkspaceObject, list[str]]:
    obj = await get_object(session, organization_id, object_id)
    warnings: list[str] = []
    if data is not None:
        merged = dict(data) if replace else {**obj.data, **data}
        merged = {key: value for key, value in merged.items() if value is not None or replace}
        warnings = await _check_schema(session, organization_id, obj.type, merged)
        obj.data = merged
    if tags is not None:
        obj.tags = sorted(set(tags))
    obj.updated_at = datetime.now(obj.updated_at.tzinfo)
    await session.flush()
    await session.refresh(obj)
    return obj, warnings


async def delete_object(
    session: AsyncSession, organization_id: uuid.UUID, object_id: uuid.UUID
) -> None:
    await session.delete(await get_object(session, organization_id, object_id))
    await session.flush()


def _order_key(order_by: str) -> tuple[ColumnElement[Any], bool, bool]:
    """(sort expression, descending, is a timestamp column)."""
    descending = order_by.startswith("-")
    name = order_by.lstrip("-")
    if name in TIMESTAMP_FIELDS:
        return getattr(WorkspaceObject, name), descending, True
    value = field_value(WorkspaceObject.data, name, "order_by")
    return func.coalesce(value, literal(None, JSONB)), descending, False


def encode_cursor(value: Any, object_id: uuid.UUID) -> str:
    raw = json.dumps({"v": value, "id": str(object_id)}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_cursor(cursor: str, timestamp: bool) -> tuple[Any, uuid.UUID]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        value = datetime.fromisoformat(raw["v"]) if timestamp else raw["v"]
        return value, uuid.UUID(raw["id"])
    except (ValueError, KeyError, TypeError):
        raise InvalidFilter("cursor", "not a cursor this API returned") from None


def _scoped(organization_id: uuid.UUID, type_: str | None, tags: list[str]) -> Select[Any]:
    statement = select(WorkspaceObject).where(WorkspaceObject.organization_id == organization_id)
    if type_:
        statement = statement.where(WorkspaceObject.type == type_)
    if tags:
        statement = statement.where(WorkspaceObject.tags.contains(sorted(set(tags))))
    return statement


async def _bounded(session: AsyncSession, statement: Select[Any]) -> list[Any]:
    """Run a user-shaped query under a statement timeout, in a savepoint (a failure such as a
    pattern Postgres rejects becomes a 422 and leaves the request's transaction usable)."""
    previous = await session.scalar(text("SELECT current_setting('statement_timeout')"))
    try:
        async with session.begin_nested():
            await session.execute(
                text(
                    "SELECT set_config('statement_timeout', :timeout, true),"
                    " set_config('TimeZone', 'UTC', true)"
                ),
                {"timeout": QUERY_TIMEOUT},
            )
            rows = list((await session.execute(statement)).all())
            await session.execute(
                text("SELECT set_config('statement_timeout', :previous, true)"),
                {"previous": previous},
            )
            return rows
    except DBAPIError as exc:
        message = str(exc.orig).lower()
        if "statement timeout" in message or "canceling statement" in message:
            raise InvalidFilter("where", "the query took too long") from None
        if "regular expression" in message or "invalid input syntax" in message:
            raise InvalidFilter("where", "Postgres rejected a value or pattern") from None
        raise


async def query_objects(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    type_: str | None,
    where: dict[str, Any],
    tags: list[str],
    order_by: str,
    limit: int,
    cursor: str | None,
) -> tuple[list[WorkspaceObject], str | None]:
    """A page of matching objects and the cursor of the next page (None on the last)."""
    key, descending, timestamp = _order_key(order_by)
    statement = _scoped(organization_id, type_, tags).where(
        compile_filter(WorkspaceObject.data, where), *index_hints(WorkspaceObject.data, where)
    )
    if cursor:
        value, last_id = _decode_cursor(cursor, timestamp)
        bound = literal(value) if timestamp else literal(value, JSONB)
        position = tuple_(key, WorkspaceObject.id)
        after = (
            (position < tuple_(bound, literal(last_id)))
            if descending
            else (position > tuple_(bound, literal(last_id)))
        )
        statement = statement.where(after)
    orders = [key.desc(), WorkspaceObject.id.desc()] if descending else [key, WorkspaceObject.id]
    statement = statement.add_columns(key).order_by(*orders).limit(limit + 1)
    rows = await _bounded(session, statement)
    objects = [row[0] for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last_obj, last_value = rows[limit - 1][0], rows[limit - 1][1]
        if timestamp:
            last_value = last_value.isoformat()
        next_cursor = encode_cursor(last_value, last_obj.id)
    return objects, next_cursor


async def search_objects(
    session: AsyncSession,
    organization_id: uuid.UUID,
    *,
    q: str,
    type_: str | None,
    tags: list[str],
    limit: int,
) -> list[tuple[WorkspaceObject, float]]:
    """Objects whose text matches ``q`` (websearch syntax), best first."""
    query = func.websearch_to_tsquery(literal_column("'simple'::regconfig"), cast(literal(q), Text))
    rank = func.ts_rank(WorkspaceObject.search, query)
    statement = (
        _scoped(organization_id, type_, tags)
        .where(WorkspaceObject.search.op("@@")(query))
        .add_columns(rank)
        .order_by(rank.desc(), WorkspaceObject.created_at.desc())
        .limit(limit)
    )
    return [(row[0], float(row[1])) for row in await _bounded(session, statement)]
