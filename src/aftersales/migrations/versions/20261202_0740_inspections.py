"""inspections, corrective actions, training, monthly records, surveys

Revision ID: a7400inspect
Revises: a7300secure
Create Date: 2026-12-02 07:40:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7400inspect"
down_revision = "a7300secure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("area", sa.String(length=10), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("certificate_months", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_course")),
        sa.UniqueConstraint("code", name=op.f("uq_training_course_code")),
    )
    op.create_table(
        "inspection_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_inspection_template_created_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_template")),
        sa.UniqueConstraint("code", "version", name=op.f("uq_inspection_template_code_version")),
    )
    op.create_table(
        "staff_monthly_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("generated_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.String(length=500), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["app_user.id"],
            name=op.f("fk_staff_monthly_record_reviewed_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_staff_monthly_record_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_monthly_record")),
        sa.UniqueConstraint("user_id", "month", name=op.f("uq_staff_monthly_record_user_id_month")),
    )
    with op.batch_alter_table("staff_monthly_record", schema=None) as batch_op:
        batch_op.create_index("ix_staff_monthly_record_month", ["month"], unique=False)

    op.create_table(
        "staff_profile",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("employer", sa.String(length=10), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=True),
        sa.Column("hired_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brand.id"], name=op.f("fk_staff_profile_brand_id_brand")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_staff_profile_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_staff_profile")),
    )
    op.create_table(
        "survey_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_survey_campaign_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_survey_campaign_created_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_survey_campaign_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_campaign")),
    )
    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("trainer", sa.String(length=60), nullable=False),
        sa.Column("starts_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_session_course_id_training_course"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_training_session_created_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_training_session_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_session_course_id"), ["course_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_session_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("inspector_id", sa.Integer(), nullable=False),
        sa.Column("visited_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("max_total", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_inspection_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["inspector_id"], ["app_user.id"], name=op.f("fk_inspection_inspector_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_inspection_store_id_store")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["inspection_template.id"],
            name=op.f("fk_inspection_template_id_inspection_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection")),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            "ix_inspection_counter_visited", ["counter_id", "visited_at"], unique=False
        )
        batch_op.create_index("ix_inspection_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_inspection_store_visited", ["store_id", "visited_at"], unique=False
        )

    op.create_table(
        "survey_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["survey_campaign.id"],
            name=op.f("fk_survey_invitation_campaign_id_survey_campaign"),
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_survey_invitation_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_survey_invitation_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_survey_invitation_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_invitation")),
        sa.UniqueConstraint(
            "source", "source_id", name=op.f("uq_survey_invitation_source_source_id")
        ),
        sa.UniqueConstraint("token_hash", name=op.f("uq_survey_invitation_token_hash")),
    )
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.create_index("ix_survey_invitation_campaign", ["campaign_id"], unique=False)
        batch_op.create_index("ix_survey_invitation_created", ["created_at"], unique=False)

    op.create_table(
        "corrective_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_note", sa.String(length=500), nullable=True),
        sa.Column("verified_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verify_note", sa.String(length=500), nullable=True),
        sa.Column("reminded_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("escalated_to_id", sa.Integer(), nullable=True),
        sa.Column("next_check_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_corrective_action_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["escalated_to_id"],
            ["app_user.id"],
            name=op.f("fk_corrective_action_escalated_to_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_corrective_action_inspection_id_inspection"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["app_user.id"], name=op.f("fk_corrective_action_owner_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_corrective_action_store_id_store")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["app_user.id"],
            name=op.f("fk_corrective_action_verified_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrective_action")),
    )
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corrective_action_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index("ix_corrective_action_next_check", ["next_check_at"], unique=False)
        batch_op.create_index("ix_corrective_action_owner", ["owner_id", "status"], unique=False)
        batch_op.create_index(
            "ix_corrective_action_store", ["store_id", "status", "created_at", "id"], unique=False
        )

    op.create_table(
        "inspection_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_inspection_photo_inspection_id_inspection"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["app_user.id"],
            name=op.f("fk_inspection_photo_uploaded_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_photo")),
    )
    with op.batch_alter_table("inspection_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_photo_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "inspection_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("section", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_inspection_score_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_score")),
    )
    with op.batch_alter_table("inspection_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_score_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "inspection_staff",
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_inspection_staff_inspection_id_inspection"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_inspection_staff_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("inspection_id", "user_id", name=op.f("pk_inspection_staff")),
    )
    with op.batch_alter_table("inspection_staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_staff_user_id"), ["user_id"], unique=False)

    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("polite", sa.Boolean(), nullable=True),
        sa.Column("fast", sa.Boolean(), nullable=True),
        sa.Column("come_back", sa.Boolean(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_survey_answer_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["survey_invitation.id"],
            name=op.f("fk_survey_answer_invitation_id_survey_invitation"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_survey_answer_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_survey_answer_invitation_id")),
    )
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_survey_answer_counter_at", ["counter_id", "answered_at"], unique=False
        )
        batch_op.create_index(
            "ix_survey_answer_store_at", ["store_id", "answered_at"], unique=False
        )

    op.create_table(
        "training_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("certificate_expires_on", sa.Date(), nullable=True),
        sa.Column("expiry_reminded_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("discipline_record_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discipline_record_id"],
            ["discipline_record.id"],
            name=op.f("fk_training_attendance_discipline_record_id_discipline_record"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["training_course.id"],
            name=op.f("fk_training_attendance_course_id_training_course"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_training_attendance_session_id_training_session"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_training_attendance_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendance")),
        sa.UniqueConstraint(
            "session_id", "user_id", name=op.f("uq_training_attendance_session_id_user_id")
        ),
    )
    with op.batch_alter_table("training_attendance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_attendance_expiry", ["certificate_expires_on"], unique=False
        )
        batch_op.create_index("ix_training_attendance_user", ["user_id"], unique=False)

    with op.batch_alter_table("discipline_record", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fine", aftersales.db.Money(precision=12, scale=2), nullable=True)
        )
        batch_op.add_column(
            sa.Column("fined_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
    _ship_templates()
    _ship_courses()


def _ship_templates() -> None:
    """Version 1 of the shipped inspection templates, as data."""
    from aftersales.supervision.inspections.templates import shipped

    table = sa.table(
        "inspection_template",
        sa.column("code"),
        sa.column("version"),
        sa.column("kind"),
        sa.column("name_zh"),
        sa.column("name_en"),
        sa.column("items", sa.JSON()),
        sa.column("current"),
        sa.column("created_at", aftersales.db.UTCDateTime()),
    )
    now = aftersales.db.utcnow()
    op.bulk_insert(
        table, [t | {"version": 1, "current": True, "created_at": now} for t in shipped()]
    )


def _ship_courses() -> None:
    """The course catalogue of seed 001 §7, as data."""
    from aftersales.staff.courses import SHIPPED

    table = sa.table(
        "training_course",
        sa.column("code"),
        sa.column("area"),
        sa.column("name_zh"),
        sa.column("name_en"),
        sa.column("certificate_months"),
        sa.column("active"),
    )
    op.bulk_insert(
        table,
        [
            dict(zip(("code", "area", "name_zh", "name_en", "certificate_months"), c, strict=True))
            | {"active": True}
            for c in SHIPPED
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("discipline_record", schema=None) as batch_op:
        batch_op.drop_column("fined_at")
        batch_op.drop_column("fine")

    with op.batch_alter_table("training_attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_training_attendance_user")
        batch_op.drop_index("ix_training_attendance_expiry")

    op.drop_table("training_attendance")
    with op.batch_alter_table("survey_answer", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_answer_store_at")
        batch_op.drop_index("ix_survey_answer_counter_at")

    op.drop_table("survey_answer")
    with op.batch_alter_table("inspection_staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_staff_user_id"))

    op.drop_table("inspection_staff")
    with op.batch_alter_table("inspection_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_score_inspection_id"))

    op.drop_table("inspection_score")
    with op.batch_alter_table("inspection_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_photo_inspection_id"))

    op.drop_table("inspection_photo")
    with op.batch_alter_table("corrective_action", schema=None) as batch_op:
        batch_op.drop_index("ix_corrective_action_store")
        batch_op.drop_index("ix_corrective_action_owner")
        batch_op.drop_index("ix_corrective_action_next_check")
        batch_op.drop_index(batch_op.f("ix_corrective_action_inspection_id"))

    op.drop_table("corrective_action")
    with op.batch_alter_table("survey_invitation", schema=None) as batch_op:
        batch_op.drop_index("ix_survey_invitation_created")
        batch_op.drop_index("ix_survey_invitation_campaign")

    op.drop_table("survey_invitation")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_store_visited")
        batch_op.drop_index("ix_inspection_created")
        batch_op.drop_index("ix_inspection_counter_visited")

    op.drop_table("inspection")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_starts_at"))
        batch_op.drop_index(batch_op.f("ix_training_session_course_id"))

    op.drop_table("training_session")
    op.drop_table("survey_campaign")
    op.drop_table("staff_profile")
    with op.batch_alter_table("staff_monthly_record", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_monthly_record_month")

    op.drop_table("staff_monthly_record")
    op.drop_table("inspection_template")
    op.drop_table("training_course")
