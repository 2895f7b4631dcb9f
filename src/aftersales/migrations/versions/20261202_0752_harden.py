"""complaint.claim_id refers to a claim; versions on complaint tasks and discipline records

Revision ID: a7520harden
Revises: a7400inspect
Create Date: 2026-12-02 07:52:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7520harden"
down_revision = "a7530members"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A link to a claim nobody has (typed before the key existed) is dropped, not kept.
    op.execute(
        "UPDATE complaint SET claim_id = NULL WHERE claim_id IS NOT NULL"
        " AND claim_id NOT IN (SELECT id FROM claim)"
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_complaint_claim_id_claim"), "claim", ["claim_id"], ["id"]
        )
    # Edits of these rows are checked against the version the caller read.
    for table in ("complaint_task", "discipline_record"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in ("complaint_task", "discipline_record"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_complaint_claim_id_claim"), type_="foreignkey")
