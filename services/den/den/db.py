"""Den's declarative base (its own metadata, its own database).

Declared as a class rather than through ``fluxkit.db.make_base()`` so type checkers see a base.
"""

from sqlalchemy.orm import DeclarativeBase

from fluxkit.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()
