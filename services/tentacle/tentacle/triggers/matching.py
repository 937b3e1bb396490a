"""Does an event match a trigger: its type against the trigger's glob, then its filter.

Filters are the workspace's Mongo-style operators, compiled by ``tentacle.workspace.query`` and
evaluated by Postgres over a one-row ``SELECT CAST(:event AS jsonb) AS data``: the same code and
the same semantics as a workspace query (type-bracketed comparisons, missing fields failing all
but ``$exists: false``/``$ne``/``$nin``), never a second evaluator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import literal, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import FluxError
from tentacle.workspace.query import compile_filter

PATTERN = re.compile(r"^[A-Za-z0-9_.*?\-\[\]!:/]+$")


class InvalidPattern(FluxError):
    status_code = 422


def check_pattern(pattern: str) -> None:
    if not PATTERN.match(pattern):
        raise InvalidPattern(
            "event_pattern: a glob over the event type, e.g. 'github.issues.*' "
            "(letters, digits, '.', '_', '-', ':', '/' and the wildcards '*', '?', '[...]')"
        )


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A glob where ``*`` and ``?`` also cross dots (``github.*`` matches ``github.issues.opened``)."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : end]
                negate = body.startswith("!")
                body = re.escape(body[1:] if negate else body).replace("\\-", "-")
                out.append(f"[{'^' if negate else ''}{body}]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("^" + "".join(out) + "$")


def type_matches(pattern: str, event_type: str) -> bool:
    return bool(_compiled(pattern).match(event_type))


def check_filter(where: dict[str, Any]) -> None:
    """Raise the workspace's ``InvalidFilter`` (422, with the offending path) for a bad filter."""
    compile_filter(literal({}, JSONB), where, path="filter")


async def filters_match(
    session: AsyncSession, document: dict[str, Any], filters: Sequence[dict[str, Any]]
) -> list[bool]:
    """Evaluate every filter against ``document`` in one round trip (empty filters match)."""
    results = [True] * len(filters)
    pending = [(i, where) for i, where in enumerate(filters) if where]
    if not pending:
        return results
    event = select(literal(document, JSONB).label("data")).subquery("event")
    columns = [
        compile_filter(event.c.data, where, path="filter").label(f"f{i}") for i, where in pending
    ]
    row = (await session.execute(select(*columns).select_from(event))).one()
    for (i, _), value in zip(pending, row, strict=True):
        results[i] = bool(value)
    return results
