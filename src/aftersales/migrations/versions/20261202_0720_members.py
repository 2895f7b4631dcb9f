"""customers and members: profile, points, benefits, care tasks, suggestions

Revision ID: a7200member
Revises: a7100report
Create Date: 2026-12-02 07:00:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import aftersales.db  # noqa: F401

revision = 'a7200member'
down_revision = 'a7100report'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
