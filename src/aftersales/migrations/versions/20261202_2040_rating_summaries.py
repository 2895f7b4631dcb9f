"""complaint summary rows gain the ratings (dim "rating"): months summed before are summed again

Revision ID: a7630ratings
Revises: a7620delivery
Create Date: 2026-12-02 20:40:00
"""

from alembic import op

revision = "a7630ratings"
down_revision = "a7620delivery"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The worker sums every month up again on its next passes; until then they are live.
    op.execute("DELETE FROM complaint_month_summary")
    op.execute("DELETE FROM complaint_summary_month")


def downgrade() -> None:
    op.execute("DELETE FROM complaint_month_summary WHERE dim = 'rating'")
