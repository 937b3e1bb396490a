"""workspace indexes: newest-first per organisation, declared indexed fields

Revision ID: 20261121_0007
Revises: 20261121_0004
Create Date: 2026-11-21 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261121_0007"
down_revision: str | Sequence[str] | None = "20261121_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_workspace_objects_org_created",
        "workspace_objects",
        ["organization_id", "created_at"],
        unique=False,
    )
    op.add_column(
        "workspace_schemas",
        sa.Column(
            "indexed_fields",
            postgresql.ARRAY(sa.String(length=200)),
            server_default="{}",
            nullable=False,
        ),
    )


def downgrade() -> None:
    # Field indexes built at run time (tentacle.workspace.indexes) go with their declarations.
    op.execute(
        "DO $$ DECLARE name text; BEGIN"
        " FOR name IN SELECT indexname FROM pg_indexes"
        " WHERE tablename = 'workspace_objects' AND indexname LIKE 'ix_workspace_field_%'"
        " LOOP EXECUTE format('DROP INDEX %I', name); END LOOP; END $$"
    )
    op.drop_column("workspace_schemas", "indexed_fields")
    op.drop_index("ix_workspace_objects_org_created", table_name="workspace_objects")
