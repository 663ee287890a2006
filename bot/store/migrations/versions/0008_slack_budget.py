"""Slack's Tier 3 budget (about 50 calls a minute for the workspace), kept where every
process draws on it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "slack_budgets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("filled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # One row, there from the start, so processes only ever update it.
    op.bulk_insert(table, [{"name": "tier3", "tokens": 0.0, "filled_at": dt.datetime(2000, 1, 1)}])


def downgrade() -> None:
    op.drop_table("slack_budgets")
