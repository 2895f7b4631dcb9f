"""delivery rules edited by the admin: a version on each store's rule

Revision ID: a7620delivery
Revises: a7520harden
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7620delivery"
down_revision = "a7600reply"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery_rule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("delivery_rule", schema=None) as batch_op:
        batch_op.drop_column("version")
