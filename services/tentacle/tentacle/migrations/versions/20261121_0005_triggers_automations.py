"""triggers and automations

Revision ID: 20261121_0005
Revises: 20261121_0002
Create Date: 2026-11-21 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261121_0005"
down_revision: str | Sequence[str] | None = "20261121_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "automations",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cron", sa.String(length=120), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("planning_mode", sa.String(length=20), nullable=False),
        sa.Column("plan", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_automations")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_automations_organization_id_name")
        ),
    )
    op.create_index(
        "ix_automations_due",
        "automations",
        ["next_run_at"],
        unique=False,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_table(
        "trigger_events",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=True),
        sa.Column("provider", sa.String(length=40), nullable=True),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("delivery_id", sa.String(length=200), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reply", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trigger_events")),
    )
    op.create_index(
        "ix_trigger_events_org_received",
        "trigger_events",
        ["organization_id", "received_at"],
        unique=False,
    )
    op.create_table(
        "triggers",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("integration_id", sa.Uuid(), nullable=True),
        sa.Column("provider", sa.String(length=40), nullable=True),
        sa.Column("event_pattern", sa.String(length=200), nullable=False),
        sa.Column("filter", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("goal_template", sa.Text(), nullable=False),
        sa.Column("planning_mode", sa.String(length=20), nullable=False),
        sa.Column("plan", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("response_type", sa.String(length=30), nullable=False),
        sa.Column("response_config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_triggers")),
        sa.UniqueConstraint(
            "organization_id", "name", name=op.f("uq_triggers_organization_id_name")
        ),
    )
    op.create_index(
        "ix_triggers_org_source",
        "triggers",
        ["organization_id", "integration_id", "enabled"],
        unique=False,
    )
    op.create_table(
        "automation_runs",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("automation_id", sa.Uuid(), nullable=False),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("missed", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["automation_id"],
            ["automations.id"],
            name=op.f("fk_automation_runs_automation_id_automations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_automation_runs")),
        sa.UniqueConstraint(
            "automation_id",
            "scheduled_for",
            name=op.f("uq_automation_runs_automation_id_scheduled_for"),
        ),
    )
    op.create_index(
        "ix_automation_runs_automation_created",
        "automation_runs",
        ["automation_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_automation_runs_task_id"), "automation_runs", ["task_id"], unique=False
    )
    op.create_table(
        "trigger_runs",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("trigger_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("matched", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=True),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("response_status", sa.String(length=20), nullable=False),
        sa.Column("response_attempts", sa.Integer(), nullable=False),
        sa.Column("response_error", sa.Text(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["trigger_events.id"],
            name=op.f("fk_trigger_runs_event_id_trigger_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trigger_id"],
            ["triggers.id"],
            name=op.f("fk_trigger_runs_trigger_id_triggers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trigger_runs")),
        sa.UniqueConstraint(
            "trigger_id", "event_id", name=op.f("uq_trigger_runs_trigger_id_event_id")
        ),
    )
    op.create_index(op.f("ix_trigger_runs_event_id"), "trigger_runs", ["event_id"], unique=False)
    op.create_index(
        "ix_trigger_runs_started",
        "trigger_runs",
        ["task_id"],
        unique=False,
        postgresql_where=sa.text("status = 'started'"),
    )
    op.create_index(op.f("ix_trigger_runs_task_id"), "trigger_runs", ["task_id"], unique=False)
    op.create_index(
        "ix_trigger_runs_trigger_created",
        "trigger_runs",
        ["trigger_id", "created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_trigger_runs_trigger_created", table_name="trigger_runs")
    op.drop_index(op.f("ix_trigger_runs_task_id"), table_name="trigger_runs")
    op.drop_index(
        "ix_trigger_runs_started",
        table_name="trigger_runs",
        postgresql_where=sa.text("status = 'started'"),
    )
    op.drop_index(op.f("ix_trigger_runs_event_id"), table_name="trigger_runs")
    op.drop_table("trigger_runs")
    op.drop_index(op.f("ix_automation_runs_task_id"), table_name="automation_runs")
    op.drop_index("ix_automation_runs_automation_created", table_name="automation_runs")
    op.drop_table("automation_runs")
    op.drop_index("ix_triggers_org_source", table_name="triggers")
    op.drop_table("triggers")
    op.drop_index("ix_trigger_events_org_received", table_name="trigger_events")
    op.drop_table("trigger_events")
    op.drop_index(
        "ix_automations_due",
        table_name="automations",
        postgresql_where=sa.text("status = 'active'"),
    )
    op.drop_table("automations")
