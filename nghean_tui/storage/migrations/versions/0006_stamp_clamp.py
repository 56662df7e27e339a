"""Stamps clamped at a station: a commune's version stamp too far ahead of the station's clock
is stored as a stamp at the receipt time plus a margin, the original kept here for review
(docs/security-notes.md, "Clocks").

A local table: bundles are unchanged (``sync.exchange.BUNDLE_SCHEMA`` stays 0005).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stamp_clamp",
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("original", sa.String(length=96), nullable=False),
        sa.Column("clamped", sa.String(length=96), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_id", "original"),
    )


def downgrade() -> None:
    op.drop_table("stamp_clamp")
