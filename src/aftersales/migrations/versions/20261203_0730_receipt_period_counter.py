"""receipts of a period counted per counter from an index range alone, for the group and
for one store

Revision ID: a7660receiptsold
Revises: a7650toindex
Create Date: 2026-12-03 07:30:00
"""

from alembic import op

revision = "a7660receiptsold"
down_revision = "a7650toindex"
branch_labels = None
depends_on = None

WIDENED = [
    ("ix_receipt_sold", ["sold_at"], ["sold_at", "counter_id"]),
    ("ix_receipt_store_sold", ["store_id", "sold_at"], ["store_id", "sold_at", "counter_id"]),
]


def upgrade() -> None:
    for name, _narrow, wide in WIDENED:
        op.drop_index(name, table_name="receipt")
        op.create_index(name, "receipt", wide)


def downgrade() -> None:
    for name, narrow, _wide in WIDENED:
        op.drop_index(name, table_name="receipt")
        op.create_index(name, "receipt", narrow)
