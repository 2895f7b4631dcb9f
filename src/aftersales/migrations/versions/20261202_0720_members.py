"""customers and members: profile, points, benefits, care tasks, suggestions

Revision ID: a7200member
Revises: a7100report
Create Date: 2026-12-02 07:00:00
"""

from decimal import Decimal

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import aftersales.db  # noqa: F401

revision = "a7200member"
down_revision = "a7100report"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "care_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("delay_days", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("min_amount", aftersales.db.Money(precision=12, scale=2), nullable=True),
        sa.Column("needs_consent", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_rule")),
    )
    op.create_table(
        "member_job_run",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_member_job_run")),
    )
    op.create_table(
        "suggestion_attempt",
        sa.Column("client_key", sa.String(length=100), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_key", name=op.f("pk_suggestion_attempt")),
    )
    op.create_table(
        "tier_rule",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_zh", sa.String(length=30), nullable=False),
        sa.Column("name_en", sa.String(length=30), nullable=False),
        sa.Column("min_spend", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("discount_percent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_tier_rule")),
    )
    op.create_table(
        "earn_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("brand_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brand.id"], name=op.f("fk_earn_rule_brand_id_brand")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_earn_rule_category_id_category")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_earn_rule")),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("member_no", sa.String(length=30), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_member_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["member.id"], name=op.f("fk_member_merged_into_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["referred_by_id"], ["member.id"], name=op.f("fk_member_referred_by_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("customer_id", name=op.f("uq_member_customer_id")),
        sa.UniqueConstraint("member_no", name=op.f("uq_member_member_no")),
    )
    op.create_table(
        "member_notice",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_notice_member_id_member")
        ),
        sa.PrimaryKeyConstraint("member_id", "kind", "period", name=op.f("pk_member_notice")),
    )
    op.create_table(
        "tier_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("old_tier", sa.String(length=20), nullable=False),
        sa.Column("new_tier", sa.String(length=20), nullable=False),
        sa.Column("spend", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_tier_change_member_id_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_change")),
    )
    op.create_index(op.f("ix_tier_change_member_id"), "tier_change", ["member_id"], unique=False)
    op.create_table(
        "care_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("done_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_care_task_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_care_task_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"], ["app_user.id"], name=op.f("fk_care_task_done_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_care_task_owner_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["care_rule.id"], name=op.f("fk_care_task_rule_id_care_rule")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_care_task_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_task")),
        sa.UniqueConstraint("rule_id", "source", "source_id", name="uq_care_task_source"),
    )
    op.create_index(op.f("ix_care_task_customer_id"), "care_task", ["customer_id"], unique=False)
    op.create_index(
        "ix_care_task_open_counter", "care_task", ["counter_id", "done_at", "due_on"], unique=False
    )
    op.create_index(
        "ix_care_task_open_store", "care_task", ["store_id", "done_at", "due_on"], unique=False
    )
    op.create_table(
        "customer_consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_customer_consent_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["app_user.id"],
            name=op.f("fk_customer_consent_recorded_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_consent")),
    )
    op.create_index(
        op.f("ix_customer_consent_customer_id"), "customer_consent", ["customer_id"], unique=False
    )
    op.create_table(
        "customer_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("points_moved", sa.Integer(), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("undone_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["app_user.id"], name=op.f("fk_customer_merge_actor_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["customer.id"], name=op.f("fk_customer_merge_source_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["customer.id"], name=op.f("fk_customer_merge_target_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["app_user.id"], name=op.f("fk_customer_merge_undone_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_merge")),
    )
    op.create_index(
        op.f("ix_customer_merge_source_id"), "customer_merge", ["source_id"], unique=False
    )
    op.create_table(
        "voucher",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("issued_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("redeemed_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("redeemed_by_id", sa.Integer(), nullable=True),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_voucher_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["redeemed_by_id"], ["app_user.id"], name=op.f("fk_voucher_redeemed_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher")),
        sa.UniqueConstraint("code", name=op.f("uq_voucher_code")),
        sa.UniqueConstraint("member_id", "kind", "year", name="uq_voucher_member_kind_year"),
    )
    op.create_table(
        "suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("contact_email", sa.String(length=120), nullable=True),
        sa.Column("category", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("decided_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("implemented_note", sa.Text(), nullable=True),
        sa.Column("implemented_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaint.id"], name=op.f("fk_suggestion_complaint_id_complaint")
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_suggestion_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_suggestion_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["app_user.id"], name=op.f("fk_suggestion_decided_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["app_user.id"], name=op.f("fk_suggestion_recorded_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_suggestion_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion")),
        sa.UniqueConstraint("reference", name=op.f("uq_suggestion_reference")),
    )
    op.create_index("ix_suggestion_created", "suggestion", ["created_at", "id"], unique=False)
    op.create_index(op.f("ix_suggestion_customer_id"), "suggestion", ["customer_id"], unique=False)
    op.create_index(
        "ix_suggestion_status", "suggestion", ["status", "created_at", "id"], unique=False
    )
    op.create_index(
        "ix_suggestion_store_status",
        "suggestion",
        ["store_id", "status", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "point_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("receipt_no", sa.String(length=40), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_point_entry_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_point_entry_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipt.id"], name=op.f("fk_point_entry_receipt_id_receipt")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_entry")),
        sa.UniqueConstraint("claim_id", "receipt_id", "line_no", name="uq_point_entry_claim_line"),
        sa.UniqueConstraint("member_id", "reason", "period", name="uq_point_entry_period"),
    )
    op.create_index(
        "ix_point_entry_member_at", "point_entry", ["member_id", "at", "id"], unique=False
    )
    op.create_index(
        "ix_point_entry_receipt", "point_entry", ["receipt_id", "line_no"], unique=False
    )
    op.add_column("customer", sa.Column("birthday", sa.Date(), nullable=True))
    op.add_column("customer", sa.Column("gender", sa.String(length=10), nullable=True))
    op.add_column("customer", sa.Column("address", sa.String(length=200), nullable=True))
    op.add_column("customer", sa.Column("tags", sa.JSON(), nullable=True))
    op.add_column("customer", sa.Column("notes", sa.Text(), nullable=True))
    op.add_column(
        "customer",
        sa.Column("marketing_consent", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "customer", sa.Column("erased_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
    )

    # The shipped care rules (data an administrator edits).
    rules = sa.table(
        "care_rule",
        sa.column("trigger", sa.String),
        sa.column("delay_days", sa.Integer),
        sa.column("channel", sa.String),
        sa.column("template", sa.Text),
        sa.column("min_amount", aftersales.db.Money()),
        sa.column("needs_consent", sa.Boolean),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        rules,
        [
            {
                "trigger": "appliance_sale",
                "delay_days": 3,
                "channel": "call",
                "min_amount": None,
                "template": "回访 {name}：家电送货安装 3 天后，询问使用是否满意、安装是否到位。",
                "needs_consent": False,
                "active": True,
            },
            {
                "trigger": "claim_closed",
                "delay_days": 1,
                "channel": "call",
                "min_amount": None,
                "template": "回访 {name}：售后处理结束后，询问对处理结果是否满意。",
                "needs_consent": False,
                "active": True,
            },
            {
                "trigger": "large_purchase",
                "delay_days": 1,
                "channel": "letter",
                "min_amount": Decimal("5000.00"),
                "template": "尊敬的{name}：感谢您选购本店商品，祝您使用愉快。",
                "needs_consent": True,
                "active": True,
            },
            {
                "trigger": "birthday",
                "delay_days": -7,
                "channel": "letter",
                "min_amount": None,
                "template": "尊敬的{name}：值此生日之际，谨致以诚挚的祝福。",
                "needs_consent": True,
                "active": True,
            },
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.drop_column("erased_at")
        batch.drop_column("marketing_consent")
        batch.drop_column("notes")
        batch.drop_column("tags")
        batch.drop_column("address")
        batch.drop_column("gender")
        batch.drop_column("birthday")
    op.drop_index("ix_point_entry_receipt", table_name="point_entry")
    op.drop_index("ix_point_entry_member_at", table_name="point_entry")
    op.drop_table("point_entry")
    op.drop_index("ix_suggestion_store_status", table_name="suggestion")
    op.drop_index("ix_suggestion_status", table_name="suggestion")
    op.drop_index(op.f("ix_suggestion_customer_id"), table_name="suggestion")
    op.drop_index("ix_suggestion_created", table_name="suggestion")
    op.drop_table("suggestion")
    op.drop_table("voucher")
    op.drop_index(op.f("ix_customer_merge_source_id"), table_name="customer_merge")
    op.drop_table("customer_merge")
    op.drop_index(op.f("ix_customer_consent_customer_id"), table_name="customer_consent")
    op.drop_table("customer_consent")
    op.drop_index("ix_care_task_open_store", table_name="care_task")
    op.drop_index("ix_care_task_open_counter", table_name="care_task")
    op.drop_index(op.f("ix_care_task_customer_id"), table_name="care_task")
    op.drop_table("care_task")
    op.drop_index(op.f("ix_tier_change_member_id"), table_name="tier_change")
    op.drop_table("tier_change")
    op.drop_table("member_notice")
    op.drop_table("member")
    op.drop_table("earn_rule")
    op.drop_table("tier_rule")
    op.drop_table("suggestion_attempt")
    op.drop_table("member_job_run")
    op.drop_table("care_rule")
