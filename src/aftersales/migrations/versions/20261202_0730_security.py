"""hardening: login throttling and related

Revision ID: a7300secure
Revises: a7200member
Create Date: 2026-12-02 07:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import aftersales.db  # noqa: F401

revision = "a7300secure"
down_revision = "a7200member"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Growing waits per account name and per client address replace the fixed lock per name.
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("wait_until", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.drop_table("login_failure")
    # The worker purges Idempotency-Key rows by age (housekeeping.py).
    with op.batch_alter_table("idempotent_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotent_request_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("idempotent_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotent_request_created_at"))
    op.create_table(
        "login_failure",
        sa.Column("username", sa.String(length=60), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_login_failure")),
    )
    op.drop_table("login_throttle")
