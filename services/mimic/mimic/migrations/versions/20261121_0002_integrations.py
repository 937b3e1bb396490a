"""integrations: connections, inbound events, rejected requests, outbound actions

Revision ID: 20261121_0002
Revises: 20261121_0001
Create Date: 2026-11-21 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261121_0002"
down_revision: str | Sequence[str] | None = "20261121_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column]:  # type: ignore[type-arg]
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
    op.create_table(
        "integrations",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("credentials_ciphertext", sa.Text(), nullable=False),
        sa.Column("credential_hints", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrations")),
    )
    op.create_index(
        "ix_integrations_org_created", "integrations", ["organization_id", "created_at"]
    )
    op.create_table(
        "integration_events",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("delivery_key", sa.String(length=255), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reply", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relay_status", sa.String(length=16), nullable=False),
        sa.Column("relay_attempts", sa.Integer(), nullable=False),
        sa.Column("next_relay_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("relayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("relay_error", sa.Text(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_integration_events_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_events")),
        sa.UniqueConstraint(
            "integration_id",
            "delivery_key",
            name=op.f("uq_integration_events_integration_id_delivery_key"),
        ),
    )
    op.create_index(
        "ix_integration_events_relay_due", "integration_events", ["relay_status", "next_relay_at"]
    )
    op.create_index(
        "ix_integration_events_integration_received",
        "integration_events",
        ["integration_id", "received_at"],
    )
    op.create_table(
        "integration_rejections",
        sa.Column("organization_id", sa.Uuid(), nullable=True),
        sa.Column("integration_id", sa.Uuid(), nullable=True),
        sa.Column("provider", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_rejections")),
    )
    op.create_index(
        "ix_integration_rejections_integration",
        "integration_rejections",
        ["integration_id", "created_at"],
    )
    op.create_table(
        "integration_actions",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("params", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sending_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_integration_actions_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_actions")),
        sa.UniqueConstraint(
            "integration_id",
            "idempotency_key",
            name=op.f("uq_integration_actions_integration_id_idempotency_key"),
        ),
    )
    op.create_index(
        "ix_integration_actions_due", "integration_actions", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_integration_actions_due", table_name="integration_actions")
    op.drop_table("integration_actions")
    op.drop_index("ix_integration_rejections_integration", table_name="integration_rejections")
    op.drop_table("integration_rejections")
    op.drop_index("ix_integration_events_integration_received", table_name="integration_events")
    op.drop_index("ix_integration_events_relay_due", table_name="integration_events")
    op.drop_table("integration_events")
    op.drop_index("ix_integrations_org_created", table_name="integrations")
    op.drop_table("integrations")
