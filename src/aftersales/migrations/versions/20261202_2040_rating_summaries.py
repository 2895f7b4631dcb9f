"""complaint summary rows gain the ratings (dim "rating") and the service standards' figures,
and hold the open cases too: months summed before are summed again

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


def downgrade() -> None:
    # The rows now hold open cases too, which the older reading also counts live.
    op.execute("DELETE FROM complaint_month_summary")
    op.execute("DELETE FROM complaint_summary_month")
    with op.batch_alter_table("complaint_month_summary") as batch_op:
        for name in COLUMNS:
            batch_op.drop_column(name)
