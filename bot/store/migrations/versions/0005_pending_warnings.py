"""Privacy warnings awaiting a person's second submission of the same text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("incident_ref", sa.String(length=20), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pending_warnings_actor", "pending_warnings", ["actor", "at"])


def downgrade() -> None:
    op.drop_index("ix_pending_warnings_actor", table_name="pending_warnings")
    op.drop_table("pending_warnings")
