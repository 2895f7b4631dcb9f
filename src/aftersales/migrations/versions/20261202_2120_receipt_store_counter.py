"""a store's receipts counted per counter from the index alone

Revision ID: a7640receiptix
Revises: a7630ratings
Create Date: 2026-12-02 21:20:00
"""

from alembic import op

revision = "a7640receiptix"
down_revision = "a7630ratings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_receipt_counter_sold", table_name="receipt")
    op.create_index("ix_receipt_counter_sold", "receipt", ["counter_id", "sold_at", "store_id"])


def downgrade() -> None:
    op.drop_index("ix_receipt_counter_sold", table_name="receipt")
    op.create_index("ix_receipt_counter_sold", "receipt", ["counter_id", "sold_at"])
