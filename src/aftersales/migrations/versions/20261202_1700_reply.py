"""complaint reply standard: reply_by, reply_warn_at, replied_at, reply_overdue_at

Revision ID: a7600reply
Revises: a7520harden
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7600reply"
down_revision = "a7610enquiry"
branch_labels = None
depends_on = None

COLUMNS = ("reply_by", "reply_warn_at", "replied_at", "reply_overdue_at")


def upgrade() -> None:
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(
                sa.Column(name, aftersales.db.UTCDateTime(timezone=True), nullable=True)
            )
    # Cases that already had a proposal were replied to when the first one was made; the
    # open cases' reply_by is set when their deadlines are next computed.
    op.execute(
        "UPDATE complaint SET replied_at = (SELECT min(o.proposed_at) FROM complaint_outcome o"
        " WHERE o.complaint_id = complaint.id)"
        " WHERE EXISTS (SELECT 1 FROM complaint_outcome o WHERE o.complaint_id = complaint.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
