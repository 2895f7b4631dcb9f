"""shared plumbing: cache versions across processes

Revision ID: a7000shared0
Revises: e560c766fbd5
Create Date: 2026-12-02 07:00:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "a7000shared0"
down_revision = "e560c766fbd5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cache_version",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_version")),
    )
    # Random starting numbers: a database rebuilt under the same URL never matches a
    # process's copy of the old one.
    table = sa.table("cache_version", sa.column("name"), sa.column("version"))
    op.bulk_insert(
        table, [{"name": n, "version": secrets.randbits(62)} for n in ("org", "calendar")]
    )


def downgrade() -> None:
    op.drop_table("cache_version")
