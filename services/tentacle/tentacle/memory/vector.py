"""pgvector's ``vector`` as a SQLAlchemy type, sent and read as text (no driver codec needed).

The column has no fixed dimension: vectors of whichever model embedded a memory are stored with
that model's name, and only vectors of the current model are compared.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, cast, type_coerce
from sqlalchemy.dialects.postgresql.base import ischema_names
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import UserDefinedType


class Vector(UserDefinedType[list[float]]):
    cache_ok = True

    def __init__(self, dimensions: int | None = None) -> None:
        self.dimensions = dimensions

    def get_col_spec(self, **_: Any) -> str:
        return f"vector({self.dimensions})" if self.dimensions else "vector"

    def bind_expression(self, bindvalue: Any) -> ColumnElement[Any]:
        return cast(cast(bindvalue, Text), self)

    def column_expression(self, column: Any) -> ColumnElement[Any]:
        # Read as text, parsed by result_processor (the coercion keeps this type's processor).
        return type_coerce(cast(column, Text), self)

    def bind_processor(self, dialect: Any) -> Any:
        def process(value: list[float] | None) -> str | None:
            return None if value is None else to_literal(value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        def process(value: str | None) -> list[float] | None:
            if value is None:
                return None
            return [float(part) for part in value.strip("[]").split(",") if part]

        return process


def to_literal(values: list[float]) -> str:
    """pgvector's text form, ``[0.1,0.2,...]``."""
    return "[" + ",".join(repr(float(v)) for v in values) + "]"


# Reflection (migration checks) knows the column's type instead of warning about it.
ischema_names["vector"] = Vector
