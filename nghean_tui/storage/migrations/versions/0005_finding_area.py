"""The area of narcotic plants destroyed, beside their number: the key-area criterion counts
either (3,000 plants or 750 m²).

A synced column: bundles carry it from schema 0005 on (``sync.exchange.BUNDLE_SCHEMA``);
bundles of an older schema are still read, the area left unknown.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE: no copy of the table, however many findings there are.
    op.add_column("patrol_finding", sa.Column("area_m2", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("patrol_finding", schema=None) as batch_op:
        batch_op.drop_column("area_m2")
