"""Join the inbox/chat, memory/workspace-index and triggers/automations lines of migrations.

They were written side by side from the workspace schema; from here on there is one head.

Revision ID: 20261121_0008
Revises: 20261121_0005, 20261121_0006, 20261121_0007
Create Date: 2026-11-21 09:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "20261121_0008"
down_revision: str | Sequence[str] | None = ("20261121_0005", "20261121_0006", "20261121_0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to change: the merge only orders what comes next."""


def downgrade() -> None:
    """Nothing to undo."""
