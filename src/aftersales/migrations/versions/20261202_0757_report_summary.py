"""monthly summary rows of the complaint and claim statistics

Revision ID: a7570summary
Revises: a7400inspect
Create Date: 2026-12-02 13:30:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7570summary"
down_revision = "a7500engine"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_month_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dim", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("responded_on_time", sa.Integer(), nullable=False),
        sa.Column("responded_late", sa.Integer(), nullable=False),
        sa.Column("resolved_on_time", sa.Integer(), nullable=False),
        sa.Column("resolved_late", sa.Integer(), nullable=False),
        sa.Column("open", sa.Integer(), nullable=False),
        sa.Column("escalated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"],
            ["counter.id"],
            name=op.f("fk_complaint_month_summary_counter_id_counter"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_complaint_month_summary_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_month_summary")),
    )
    op.create_index("ix_complaint_month_summary_dim", "complaint_month_summary", ["dim", "month"])
    op.create_table(
        "complaint_summary_month",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("built_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checked_event_id", sa.Integer(), nullable=False),
        sa.Column("valid_until", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_complaint_summary_month")),
    )
    op.create_table(
        "claim_month_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("dim", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("refunded", aftersales.db.Money(precision=12, scale=2), nullable=True),
        sa.Column("compensated", aftersales.db.Money(precision=12, scale=2), nullable=True),
        sa.Column("overridden", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_claim_month_summary_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_claim_month_summary_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_month_summary")),
    )
    op.create_index("ix_claim_month_summary_dim", "claim_month_summary", ["dim", "month"])
    op.create_table(
        "claim_summary_month",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("built_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("checked_event_id", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_claim_summary_month")),
    )


def downgrade() -> None:
    op.drop_table("claim_summary_month")
    op.drop_index("ix_claim_month_summary_dim", table_name="claim_month_summary")
    op.drop_table("claim_month_summary")
    op.drop_table("complaint_summary_month")
    op.drop_index("ix_complaint_month_summary_dim", table_name="complaint_month_summary")
    op.drop_table("complaint_month_summary")
