"""reports: archived monthly reports

Revision ID: a7100report
Revises: a7000shared0
Create Date: 2026-12-02 07:00:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import aftersales.db  # noqa: F401

revision = 'a7100report'
down_revision = 'a7000shared0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
