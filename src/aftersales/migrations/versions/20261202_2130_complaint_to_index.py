"""complaints queued for the worker to index for search

Revision ID: a7650toindex
Revises: a7640receiptix
Create Date: 2026-12-02 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7650toindex"
down_revision = "a7640receiptix"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_to_index",
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaint.id"],
            name=op.f("fk_complaint_to_index_complaint_id_complaint"),
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaint_to_index")),
    )


def downgrade() -> None:
    op.drop_table("complaint_to_index")
