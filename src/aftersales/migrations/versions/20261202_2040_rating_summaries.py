"""complaint summary rows gain the ratings (dim "rating"), the service standards' figures and
the settled open cases (months summed before are summed again); the status index carries the
clock columns

Revision ID: a7630ratings
Revises: a7620delivery
Create Date: 2026-12-02 20:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7630ratings"
down_revision = "a7620delivery"
branch_labels = None
depends_on = None


STATUS_KEYS = ["status", "created_at", "id"]
CLOCK = ["paused_at", "first_response_at", "respond_by", "resolve_by"]
COLUMNS = [
    f"{kind}_{figure}"
    for kind in ("respond", "reply", "resolve")
    for figure in ("due", "on_time", "late")
]


def upgrade() -> None:
    # The worker sums every month up again on its next passes; until then they are live.
    op.execute("DELETE FROM complaint_month_summary")
    op.execute("DELETE FROM complaint_summary_month")
    with op.batch_alter_table("complaint_month_summary") as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("complaint_summary_month") as batch_op:
        batch_op.add_column(sa.Column("moving", sa.Integer(), server_default="0", nullable=False))
    op.drop_index("ix_complaint_status", table_name="complaint")
    op.create_index("ix_complaint_status", "complaint", [*STATUS_KEYS, *CLOCK])


def downgrade() -> None:
    op.execute("DELETE FROM complaint_month_summary WHERE dim = 'rating'")
    with op.batch_alter_table("complaint_month_summary") as batch_op:
        for name in COLUMNS:
            batch_op.drop_column(name)
    with op.batch_alter_table("complaint_summary_month") as batch_op:
        batch_op.drop_column("moving")
    op.drop_index("ix_complaint_status", table_name="complaint")
    op.create_index("ix_complaint_status", "complaint", STATUS_KEYS)
