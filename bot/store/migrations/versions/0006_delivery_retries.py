"""Delivery retries: when an intent started failing (transient errors are retried for a
configured time, counted from then), and Slack's Retry-After pauses per Web API method,
shared by every process

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("failing_since", sa.DateTime(), nullable=True))
    op.create_table(
        "slack_pauses",
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("method"),
    )


def downgrade() -> None:
    op.drop_table("slack_pauses")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("failing_since")
