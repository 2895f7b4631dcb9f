"""hardening: login throttling and related

Revision ID: a7300secure
Revises: a7200member
Create Date: 2026-12-02 07:00:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import aftersales.db  # noqa: F401

revision = 'a7300secure'
down_revision = 'a7200member'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
