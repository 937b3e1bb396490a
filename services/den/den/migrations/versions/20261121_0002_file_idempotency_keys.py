"""Uploads carry an optional idempotency key, unique per organization.

Revision ID: 20261121_0002
Revises: 20261121_0001
Create Date: 2026-11-21 08:05:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261121_0002"
down_revision: str | None = "20261121_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("files", sa.Column("idempotency_key", sa.String(length=255), nullable=True))
    op.create_index(
        "uq_files_organization_id_idempotency_key",
        "files",
        ["organization_id", "idempotency_key"],
        unique=True,
        postgresql_where=sa.text("idempotency_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_files_organization_id_idempotency_key", table_name="files")
    op.drop_column("files", "idempotency_key")
