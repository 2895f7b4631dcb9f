"""policy set versions in the database, replays, the version that decided each claim

Revision ID: a7510policyver
Revises: a7400inspect
Create Date: 2026-12-02 07:51:00
"""

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision = "a7510policyver"
down_revision = "a7550parts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_set_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("label", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("activated_by_id", sa.Integer(), nullable=True),
        sa.Column("activated_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activated_by_id"],
            ["app_user.id"],
            name=op.f("fk_policy_set_version_activated_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["policy_set_version.id"],
            name=op.f("fk_policy_set_version_based_on_id_policy_set_version"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["app_user.id"],
            name=op.f("fk_policy_set_version_created_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_set_version")),
        sa.UniqueConstraint("number", name=op.f("uq_policy_set_version_number")),
    )
    with op.batch_alter_table("policy_set_version", schema=None) as batch_op:
        batch_op.create_index("ix_policy_set_version_status", ["status", "id"], unique=False)

    op.create_table(
        "policy_replay",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("against_id", sa.Integer(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("since", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claims_read", sa.Integer(), nullable=False),
        sa.Column("claims_decided", sa.Integer(), nullable=False),
        sa.Column("claims_changed", sa.Integer(), nullable=False),
        sa.Column("money_before", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("money_after", aftersales.db.Money(precision=12, scale=2), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("milliseconds", sa.Integer(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["against_id"],
            ["policy_set_version.id"],
            name=op.f("fk_policy_replay_against_id_policy_set_version"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["app_user.id"], name=op.f("fk_policy_replay_created_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["policy_set_version.id"],
            name=op.f("fk_policy_replay_draft_id_policy_set_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_replay")),
    )
    with op.batch_alter_table("policy_replay", schema=None) as batch_op:
        batch_op.create_index("ix_policy_replay_draft", ["draft_id", "id"], unique=False)

    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("policy_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_claim_policy_version_id_policy_set_version"),
            "policy_set_version",
            ["policy_version_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_claim_policy_version_id_policy_set_version"), type_="foreignkey"
        )
        batch_op.drop_column("policy_version_id")
    with op.batch_alter_table("policy_replay", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_replay_draft")
    op.drop_table("policy_replay")
    with op.batch_alter_table("policy_set_version", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_set_version_status")
    op.drop_table("policy_set_version")
