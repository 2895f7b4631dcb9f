"""reports: archived monthly reports

Revision ID: a7100report
Revises: a7000shared0
Create Date: 2026-12-02 07:00:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7100report"
down_revision = "a7000shared0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monthly_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("scope", sa.String(length=120), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("archived_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("archived_by_id", sa.Integer(), nullable=True),
        sa.Column("archived_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["archived_by_id"],
            ["app_user.id"],
            name=op.f("fk_monthly_report_archived_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_report")),
        sa.UniqueConstraint("month", "scope", name=op.f("uq_monthly_report_month_scope")),
    )
    op.create_table(
        "monthly_report_notice",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("prepared_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_monthly_report_notice")),
    )
    # Covering indexes for the statistics (see supervision/reports/models.py).
    op.create_index(
        "ix_complaint_report",
        "complaint",
        [
            "created_at",
            "type",
            "cause",
            "channel",
            "store_id",
            "counter_id",
            "staff_id",
            "level",
            "status",
            "first_response_at",
            "respond_by",
            "respond_overdue_at",
            "paused_at",
            "closed_at",
            "resolve_by",
            "satisfaction",
            "id",
        ],
    )
    op.create_index(
        "ix_claim_report",
        "claim",
        [
            "opened_at",
            "remedy",
            "store_id",
            "counter_id",
            "category",
            "outcome",
            "overridden",
            "refund_amount",
            "id",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_claim_report", table_name="claim")
    op.drop_index("ix_complaint_report", table_name="complaint")
    op.drop_table("monthly_report_notice")
    op.drop_table("monthly_report")
