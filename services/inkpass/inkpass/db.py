"""InkPass's declarative base (its own metadata, its own database)."""

from sqlalchemy.orm import DeclarativeBase

from fluxkit.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()
