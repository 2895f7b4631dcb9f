"""service orders (installation, delivery, on-site visits), their scheduling and files;
delivery compensation rules and the installation day on a receipt line

Revision ID: a7540service
Revises: a7400inspect
Create Date: 2026-12-02 07:50:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7540service"
down_revision = "a7400inspect"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "delivery_rule",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("per_day", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("cap", aftersales.db.Money(precision=12, scale=2), nullable=True),
        sa.Column("clock", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_delivery_rule_store_id_store")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_delivery_rule")),
    )
    op.create_table(
        "work_order_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["app_user.id"],
            name=op.f("fk_work_order_file_uploaded_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_order.id"],
            name=op.f("fk_work_order_file_work_order_id_work_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_file")),
    )
    with op.batch_alter_table("work_order_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_order_file_work_order_id"), ["work_order_id"], unique=False
        )

    op.create_table(
        "work_order_slot_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_order_id", sa.Integer(), nullable=False),
        sa.Column("old_start", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("old_end", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("old_technician_id", sa.Integer(), nullable=True),
        sa.Column("new_start", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("new_end", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("new_technician_id", sa.Integer(), nullable=True),
        sa.Column("asked_by", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["app_user.id"],
            name=op.f("fk_work_order_slot_change_changed_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["new_technician_id"],
            ["app_user.id"],
            name=op.f("fk_work_order_slot_change_new_technician_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["old_technician_id"],
            ["app_user.id"],
            name=op.f("fk_work_order_slot_change_old_technician_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["work_order_id"],
            ["work_order.id"],
            name=op.f("fk_work_order_slot_change_work_order_id_work_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_order_slot_change")),
    )
    with op.batch_alter_table("work_order_slot_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_order_slot_change_work_order_id"), ["work_order_id"], unique=False
        )

    with op.batch_alter_table("complaint_outcome", schema=None) as batch_op:
        batch_op.add_column(sa.Column("work_order_id", sa.Integer(), nullable=True))
        batch_op.alter_column("complaint_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_unique_constraint(
            batch_op.f("uq_complaint_outcome_work_order_id"), ["work_order_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_complaint_outcome_work_order_id_work_order"),
            "work_order",
            ["work_order_id"],
            ["id"],
        )

    with op.batch_alter_table("receipt_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("installed_on", sa.Date(), nullable=True))

    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("service", sa.String(length=20), server_default="repair", nullable=False)
        )
        batch_op.add_column(sa.Column("source", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("complaint_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("customer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("contact_name", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("address", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("slot_start", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("slot_end", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("remind_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("reminded_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("dispatched_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("arrived_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("completed_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("cancelled_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("work_done", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rating_comment", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("promised_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("paid_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("ship_by", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("ship_warn_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("ship_warned_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("ship_escalated_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("ship_check_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_work_order_remind", ["remind_at"], unique=False)
        batch_op.create_index("ix_work_order_ship_check", ["ship_check_at"], unique=False)
        batch_op.create_index(
            "ix_work_order_technician_slot", ["technician_id", "slot_start"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_work_order_customer_id_customer"), "customer", ["customer_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("work_order", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_work_order_customer_id_customer"), type_="foreignkey"
        )
        batch_op.drop_index("ix_work_order_technician_slot")
        batch_op.drop_index("ix_work_order_ship_check")
        batch_op.drop_index("ix_work_order_remind")
        batch_op.drop_column("ship_check_at")
        batch_op.drop_column("ship_escalated_at")
        batch_op.drop_column("ship_warned_at")
        batch_op.drop_column("ship_warn_at")
        batch_op.drop_column("ship_by")
        batch_op.drop_column("paid_at")
        batch_op.drop_column("promised_on")
        batch_op.drop_column("rating_comment")
        batch_op.drop_column("rating")
        batch_op.drop_column("work_done")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("completed_at")
        batch_op.drop_column("arrived_at")
        batch_op.drop_column("dispatched_at")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("remind_at")
        batch_op.drop_column("slot_end")
        batch_op.drop_column("slot_start")
        batch_op.drop_column("note")
        batch_op.drop_column("address")
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
        batch_op.drop_column("customer_id")
        batch_op.drop_column("complaint_id")
        batch_op.drop_column("source")
        batch_op.drop_column("service")

    with op.batch_alter_table("receipt_line", schema=None) as batch_op:
        batch_op.drop_column("installed_on")

    with op.batch_alter_table("complaint_outcome", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_complaint_outcome_work_order_id_work_order"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_complaint_outcome_work_order_id"), type_="unique")
        batch_op.alter_column("complaint_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("work_order_id")

    with op.batch_alter_table("work_order_slot_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_slot_change_work_order_id"))

    op.drop_table("work_order_slot_change")
    with op.batch_alter_table("work_order_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_order_file_work_order_id"))

    op.drop_table("work_order_file")
    op.drop_table("delivery_rule")
