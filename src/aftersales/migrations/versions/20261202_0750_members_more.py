"""members: refund deductions for spent points, priority purchase events, rule versions

Revision ID: a7530members
Revises: a7400inspect
Create Date: 2026-12-02 07:50:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7530members"
down_revision = "a7570summary"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "points_refund_setting",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("point_value", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_points_refund_setting_store_id_store")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_points_refund_setting")),
    )
    op.create_table(
        "point_refund_deduction",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("value", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_point_refund_deduction_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_point_refund_deduction_member_id_member")
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_point_refund_deduction")),
    )
    op.create_index(
        op.f("ix_point_refund_deduction_member_id"),
        "point_refund_deduction",
        ["member_id"],
        unique=False,
    )
    op.create_table(
        "priority_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("tiers", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_priority_event_created_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_priority_event_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_event")),
    )
    op.create_index("ix_priority_event_status", "priority_event", ["status", "id"], unique=False)
    op.create_table(
        "priority_invitation",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["priority_event.id"],
            name=op.f("fk_priority_invitation_event_id_priority_event"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_priority_invitation_member_id_member")
        ),
        sa.PrimaryKeyConstraint("event_id", "member_id", name=op.f("pk_priority_invitation")),
    )
    with op.batch_alter_table("tier_rule") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("care_rule") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    # Two more shipped care rules: the call after a complaint closes (a service call, no
    # consent needed) and the Spring Festival card (a care message: only with consent).
    rules = sa.table(
        "care_rule",
        sa.column("trigger", sa.String),
        sa.column("delay_days", sa.Integer),
        sa.column("channel", sa.String),
        sa.column("template", sa.Text),
        sa.column("min_amount", aftersales.db.Money()),
        sa.column("needs_consent", sa.Boolean),
        sa.column("active", sa.Boolean),
        sa.column("version", sa.Integer),
    )
    op.bulk_insert(
        rules,
        [
            {
                "trigger": "complaint_closed",
                "delay_days": 2,
                "channel": "call",
                "min_amount": None,
                "template": "回访 {name}：投诉处理结束后，询问对处理结果是否满意，有无其他意见。",
                "needs_consent": False,
                "active": True,
                "version": 1,
            },
            {
                "trigger": "spring_festival",
                "delay_days": -10,
                "channel": "letter",
                "min_amount": None,
                "template": "尊敬的{name}：值此{year}年春节来临之际，恭祝您新春愉快，阖家幸福！",
                "needs_consent": True,
                "active": True,
                "version": 1,
            },
        ],
    )


def downgrade() -> None:
    op.execute(
        "DELETE FROM care_task WHERE rule_id IN (SELECT id FROM care_rule"
        " WHERE \"trigger\" IN ('complaint_closed', 'spring_festival'))"
    )
    op.execute("DELETE FROM care_rule WHERE \"trigger\" IN ('complaint_closed', 'spring_festival')")
    with op.batch_alter_table("care_rule") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("tier_rule") as batch:
        batch.drop_column("version")
    op.drop_table("priority_invitation")
    op.drop_index("ix_priority_event_status", table_name="priority_event")
    op.drop_table("priority_event")
    op.drop_index(op.f("ix_point_refund_deduction_member_id"), table_name="point_refund_deduction")
    op.drop_table("point_refund_deduction")
    op.drop_table("points_refund_setting")
