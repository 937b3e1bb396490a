"""Mongo-style filters compiled to SQLAlchemy expressions over ``data`` (bound parameters only).

Comparisons are type-bracketed like MongoDB's: a number compares only with numbers, a string
only with strings, and two ISO-8601 dates compare as timestamps. A missing field fails every
operator except ``$exists: false``, ``$ne`` and ``$nin``; ``$eq``/``$in`` match an array when any
element matches.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    ColumnExpressionArgument,
    and_,
    case,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    true,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import JSONB, TIMESTAMP

from fluxkit.errors import FluxError

MAX_REGEX_LENGTH = 200
MAX_DEPTH = 12
FIELD = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")
ISO_DATE = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"
)
SQL_ISO_DATE = (
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$"
)
COMPARISONS = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}
FIELD_OPERATORS = {
    "$eq",
    "$ne",
    "$in",
    "$nin",
    "$exists",
    "$regex",
    "$options",
    "$contains",
    "$not",
    *COMPARISONS,
}


class InvalidFilter(FluxError):
    """A malformed filter; ``path`` names the offending part."""

    status_code = 422

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}", extra={"path": path})
        self.path = path


def parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _json(value: Any) -> ColumnElement[Any]:
    return literal(value, JSONB)


def field_value(data: ColumnExpressionArgument[Any], name: str, path: str) -> ColumnElement[Any]:
    """``data`` at the dotted path (SQL NULL when missing); path parts are bound parameters."""
    if not FIELD.match(name):
        raise InvalidFilter(path, "field names are letters, digits, '_', '-' joined by '.'")
    return func.jsonb_extract_path(data, *[literal(part) for part in name.split(".")])


def _text(value: ColumnElement[Any]) -> ColumnElement[Any]:
    """A JSON scalar as text (``#>> '{}'``)."""
    return value.op("#>>")(literal_column("'{}'::text[]"))


def _typeof(value: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.jsonb_typeof(value)


def _eq(value: ColumnElement[Any], operand: Any) -> ColumnElement[bool]:
    if operand is None:
        return or_(value.is_(None), value == _json(None))
    matches = value == _json(operand)
    if isinstance(operand, list | dict):
        return matches
    return or_(
        matches,
        and_(_typeof(value) == "array", value.op("@>")(_json([operand]))),
    )


def _compare(
    value: ColumnElement[Any], operator: str, operand: Any, path: str
) -> ColumnElement[bool]:
    sql_op = COMPARISONS[operator]
    if isinstance(operand, bool) or operand is None or isinstance(operand, list | dict):
        raise InvalidFilter(path, f"{operator} takes a number, string or ISO date")
    if isinstance(operand, int | float):
        return and_(_typeof(value) == "number", value.op(sql_op)(_json(operand)))
    if not isinstance(operand, str):
        raise InvalidFilter(path, f"{operator} takes a number, string or ISO date")
    text = _text(value)
    when = parse_date(operand)
    if when is not None:
        # The pattern admits impossible dates (Feb 30); only valid ones reach the cast.
        is_date = and_(
            _typeof(value) == "string",
            text.op("~")(literal(SQL_ISO_DATE)),
            func.pg_input_is_valid(text, literal("timestamp with time zone")),
        )
        return case(
            (is_date, sql_cast(text, TIMESTAMP(timezone=True)).op(sql_op)(literal(when))),
            else_=false(),
        )
    return and_(_typeof(value) == "string", text.op(sql_op)(literal(operand)))


def _contains(value: ColumnElement[Any], operand: Any) -> ColumnElement[bool]:
    if isinstance(operand, str):
        text = _text(value)
        in_string = and_(
            _typeof(value) == "string", func.strpos(func.lower(text), operand.lower()) > 0
        )
        return or_(in_string, and_(_typeof(value) == "array", value.op("@>")(_json([operand]))))
    wrapped = operand if isinstance(operand, list) else [operand]
    if isinstance(operand, dict):
        return and_(
            _typeof(value).in_(["object", "array"]),
            case(
                (_typeof(value) == "object", value.op("@>")(_json(operand))),
                else_=value.op("@>")(_json(wrapped)),
            ),
        )
    return and_(_typeof(value) == "array", value.op("@>")(_json(wrapped)))


def _regex(value: ColumnElement[Any], pattern: Any, options: Any, path: str) -> ColumnElement[bool]:
    if not isinstance(pattern, str):
        raise InvalidFilter(path, "$regex takes a string")
    if len(pattern) > MAX_REGEX_LENGTH:
        raise InvalidFilter(path, f"$regex is limited to {MAX_REGEX_LENGTH} characters")
    if options not in (None, "", "i"):
        raise InvalidFilter(path, "$options supports only 'i'")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise InvalidFilter(path, f"invalid pattern: {exc}") from None
    text = _text(value)
    operator = "~*" if options == "i" else "~"
    return and_(_typeof(value) == "string", text.op(operator)(literal(pattern)))


def _not(expression: ColumnElement[bool]) -> ColumnElement[bool]:
    return not_(func.coalesce(expression, false()))


def _field(value: ColumnElement[Any], condition: Any, path: str, depth: int) -> ColumnElement[bool]:
    if not (isinstance(condition, dict) and any(str(k).startswith("$") for k in condition)):
        return _eq(value, condition)
    if not all(str(k).startswith("$") for k in condition):
        raise InvalidFilter(path, "operators and field names cannot be mixed")
    parts: list[ColumnElement[bool]] = []
    for operator, operand in condition.items():
        where = f"{path}.{operator}"
        if operator not in FIELD_OPERATORS:
            raise InvalidFilter(where, "unknown operator")
        if operator == "$eq":
            parts.append(_eq(value, operand))
        elif operator == "$ne":
            parts.append(_not(_eq(value, operand)))
        elif operator in ("$in", "$nin"):
            if not isinstance(operand, list):
                raise InvalidFilter(where, f"{operator} takes a list")
            any_of = or_(false(), *[_eq(value, item) for item in operand])
            parts.append(any_of if operator == "$in" else _not(any_of))
        elif operator == "$exists":
            if not isinstance(operand, bool):
                raise InvalidFilter(where, "$exists takes true or false")
            parts.append(value.is_not(None) if operand else value.is_(None))
        elif operator == "$regex":
            parts.append(_regex(value, operand, condition.get("$options"), where))
        elif operator == "$options":
            if "$regex" not in condition:
                raise InvalidFilter(where, "$options needs $regex")
        elif operator == "$contains":
            parts.append(_contains(value, operand))
        elif operator == "$not":
            if not isinstance(operand, dict) or not operand:
                raise InvalidFilter(where, "$not takes an operator object")
            parts.append(_not(_field(value, operand, where, depth + 1)))
        else:
            parts.append(_compare(value, operator, operand, where))
    return and_(true(), *parts)


def compile_filter(
    data: ColumnExpressionArgument[Any], where: Any, path: str = "where", depth: int = 0
) -> ColumnElement[bool]:
    """The SQL condition for a Mongo-style ``where`` document (raises :class:`InvalidFilter`)."""
    if depth > MAX_DEPTH:
        raise InvalidFilter(path, "filter is nested too deeply")
    if not isinstance(where, dict):
        raise InvalidFilter(path, "a filter is an object")
    parts: list[ColumnElement[bool]] = []
    for key, condition in where.items():
        where_path = f"{path}.{key}"
        if key in ("$and", "$or"):
            if not isinstance(condition, list) or not condition:
                raise InvalidFilter(where_path, f"{key} takes a non-empty list of filters")
            subs = [
                compile_filter(data, sub, f"{where_path}[{i}]", depth + 1)
                for i, sub in enumerate(condition)
            ]
            parts.append(and_(*subs) if key == "$and" else or_(*subs))
        elif key == "$not":
            parts.append(_not(compile_filter(data, condition, where_path, depth + 1)))
        elif key.startswith("$"):
            raise InvalidFilter(where_path, "unknown operator")
        else:
            parts.append(_field(field_value(data, key, where_path), condition, where_path, depth))
    return func.coalesce(and_(true(), *parts), false(), type_=Boolean)


# -- index hints -------------------------------------------------------------------------------
#
# ``compile_filter`` wraps everything in COALESCE (NULL-safe for triggers' SELECT lists), which
# hides its conditions from the planner. The hints below are conditions the filter *implies*,
# written in shapes Postgres indexes serve: ``data @> {...}`` (the GIN jsonb_path_ops index) for
# equality, and ``jsonb_extract_path(data, 'a', 'b') <op> value`` (a declared indexed field's
# expression index) for ranges. ANDed beside the filter they change no result, only the plan.
# Paths are inlined as SQL literals so they match the index expression; FIELD admits only
# letters, digits, '_' and '-', so no quote can reach the statement.


def indexed_expression(data: ColumnExpressionArgument[Any], name: str) -> ColumnElement[Any]:
    """``jsonb_extract_path(data, 'a', 'b')`` with literal path parts (an index's expression)."""
    if not FIELD.match(name):
        raise InvalidFilter(name, "field names are letters, digits, '_', '-' joined by '.'")
    return func.jsonb_extract_path(
        data, *[literal_column(f"'{part}'::text") for part in name.split(".")]
    )


def _nested(name: str, value: Any) -> dict[str, Any]:
    document: Any = value
    for part in reversed(name.split(".")):
        document = {part: document}
    return dict(document)


def _containment(data: ColumnExpressionArgument[Any], name: str, operand: Any) -> Any:
    """What ``_eq`` implies: the document contains the value (or an array holding it)."""
    if operand is None or (isinstance(operand, dict | list) and not operand):
        return None
    if any(part.isdigit() for part in name.split(".")):
        return None  # "items.0" may index an array, which containment cannot express
    whole = data.op("@>")(_json(_nested(name, operand)))  # type: ignore[union-attr]
    if isinstance(operand, dict | list):
        return whole
    return or_(whole, data.op("@>")(_json(_nested(name, [operand]))))  # type: ignore[union-attr]


def _field_hints(
    data: ColumnExpressionArgument[Any], name: str, condition: Any
) -> list[ColumnElement[bool]]:
    if not (isinstance(condition, dict) and any(str(k).startswith("$") for k in condition)):
        hint = _containment(data, name, condition)
        return [hint] if hint is not None else []
    hints: list[ColumnElement[bool]] = []
    for operator, operand in condition.items():
        if operator == "$eq":
            hint = _containment(data, name, operand)
            if hint is not None:
                hints.append(hint)
        elif operator == "$in" and isinstance(operand, list) and operand:
            alternatives = [_containment(data, name, item) for item in operand]
            if all(alternative is not None for alternative in alternatives):
                hints.append(or_(*alternatives))
        elif operator in COMPARISONS:
            is_number = isinstance(operand, int | float) and not isinstance(operand, bool)
            is_plain_string = isinstance(operand, str) and parse_date(operand) is None
            # jsonb orders numbers numerically and strings by the database collation, as the
            # filter's own comparisons do; a value of another type may pass the hint (never
            # the filter), a value the filter accepts always passes it.
            if is_number or is_plain_string:
                expression = indexed_expression(data, name)
                hints.append(expression.op(COMPARISONS[operator])(_json(operand)))
    return hints


def index_hints(data: ColumnExpressionArgument[Any], where: Any) -> list[ColumnElement[bool]]:
    """Conditions ``where`` implies that indexes can serve (call after ``compile_filter``
    accepted ``where``); top-level fields and ``$and`` only (``$or``/``$not`` imply nothing)."""
    if not isinstance(where, dict):
        return []
    hints: list[ColumnElement[bool]] = []
    for key, condition in where.items():
        if key == "$and" and isinstance(condition, list):
            for sub in condition:
                hints += index_hints(data, sub)
        elif not key.startswith("$") and FIELD.match(key):
            hints += _field_hints(data, key, condition)
    return hints
