"""a store's receipts counted per counter from the index alone; work orders found by the
times the statistics read

Revision ID: a7640receiptix
Revises: a7630ratings
Create Date: 2026-12-02 21:20:00
"""

from alembic import op

revision = "a7640receiptix"
down_revision = "a7630ratings"
branch_labels = None
depends_on = None

WORK_ORDER = [
    ("ix_work_order_opened", "opened_at"),
    ("ix_work_order_ship_by", "ship_by"),
    ("ix_work_order_promised", "promised_on"),
]


def upgrade() -> None:
    op.drop_index("ix_receipt_counter_sold", table_name="receipt")
    op.create_index("ix_receipt_counter_sold", "receipt", ["counter_id", "sold_at", "store_id"])
    for name, column in WORK_ORDER:
        op.create_index(name, "work_order", [column])


def downgrade() -> None:
    for name, _column in WORK_ORDER:
        op.drop_index(name, table_name="work_order")
    op.drop_index("ix_receipt_counter_sold", table_name="receipt")
    op.create_index("ix_receipt_counter_sold", "receipt", ["counter_id", "sold_at"])
