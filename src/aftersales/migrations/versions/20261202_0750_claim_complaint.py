"""claim.complaint_id: the complaint a claim was turned into

Revision ID: a7500engine
Revises: a7400inspect
Create Date: 2026-12-02 07:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7500engine"
down_revision = "a7510policyver"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("complaint_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("complaint_id")
