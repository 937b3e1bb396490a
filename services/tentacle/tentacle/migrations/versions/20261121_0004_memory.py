"""memory: memories, their versions, full-text and vector indexes

Revision ID: 20261121_0004
Revises: 20261121_0002
Create Date: 2026-11-21 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from tentacle.memory.vector import Vector

revision: str = "20261121_0004"
down_revision: str | Sequence[str] | None = "20261121_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_EXPRESSION = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, replace(key, '-', ' ')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(topic, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, body), 'C')"
)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
    ]


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "memories",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("agent_type", sa.String(length=128), nullable=True),
        sa.Column("owner_key", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_kind", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_agent", sa.String(length=128), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("embedding", Vector(), nullable=True),
        sa.Column("embedding_model", sa.String(length=200), nullable=True),
        sa.Column("embedding_hash", sa.String(length=64), nullable=True),
        sa.Column("embedded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(SEARCH_EXPRESSION, persisted=True),
            nullable=True,
        ),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memories")),
        sa.UniqueConstraint("organization_id", "scope", "owner_key", "key", name="uq_memories_key"),
        sa.UniqueConstraint("organization_id", "idempotency_key", name="uq_memories_idem"),
    )
    op.create_index("ix_memories_org_updated", "memories", ["organization_id", "updated_at"])
    op.create_index("ix_memories_org_topic", "memories", ["organization_id", "topic"])
    op.create_index("ix_memories_tags", "memories", ["tags"], postgresql_using="gin")
    op.create_index("ix_memories_search", "memories", ["search"], postgresql_using="gin")
    # Vectors of the bundled 384-dimension model; a column without a fixed dimension can only
    # be indexed through a cast, and only rows of that model fit it (hence the partial index).
    op.execute(
        "CREATE INDEX ix_memories_embedding_minilm ON memories USING hnsw "
        "((embedding::vector(384)) vector_cosine_ops) "
        "WHERE embedding_model = 'local/all-MiniLM-L6-v2'"
    )
    op.create_table(
        "memory_versions",
        sa.Column("memory_id", sa.Uuid(), nullable=False),
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("tags", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("edited_by_kind", sa.String(length=16), nullable=False),
        sa.Column("edited_by_id", sa.Uuid(), nullable=True),
        sa.Column("edited_by_agent", sa.String(length=128), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["memory_id"],
            ["memories.id"],
            name=op.f("fk_memory_versions_memory_id_memories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory_versions")),
        sa.UniqueConstraint("memory_id", "version", name="uq_memory_versions_version"),
    )
    op.create_index(
        op.f("ix_memory_versions_organization_id"), "memory_versions", ["organization_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_memory_versions_organization_id"), table_name="memory_versions")
    op.drop_table("memory_versions")
    op.execute("DROP INDEX IF EXISTS ix_memories_embedding_minilm")
    op.drop_index("ix_memories_search", table_name="memories", postgresql_using="gin")
    op.drop_index("ix_memories_tags", table_name="memories", postgresql_using="gin")
    op.drop_index("ix_memories_org_topic", table_name="memories")
    op.drop_index("ix_memories_org_updated", table_name="memories")
    op.drop_table("memories")
    op.execute("DROP EXTENSION IF EXISTS vector")
