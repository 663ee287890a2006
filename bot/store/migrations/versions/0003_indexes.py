"""Indexes for the log's phase history and an incident's pending intents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_log_entries_kind", "log_entries", ["incident_id", "kind"])
    op.create_index("ix_outbox_incident", "outbox", ["incident_id", "done_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_incident", table_name="outbox")
    op.drop_index("ix_log_entries_kind", table_name="log_entries")
