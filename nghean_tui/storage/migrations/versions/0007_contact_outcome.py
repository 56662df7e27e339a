"""Whether the person was there: the outcome of a contact (present, absent reported, absent not
reported), unknown when not recorded. Unreported absences found at a residence check move the
end of a post-rehabilitation term (``data/durations.json``, ``unreported_absence``).

A synced column: bundles carry it from schema 0007 on (``sync.exchange.BUNDLE_SCHEMA``);
bundles of an older schema are still read, the outcome left unknown (``sync.records.ADDED_IN``),
and an update from such a bundle keeps the outcome already stored. Existing contacts are not
rewritten: their outcome stays unknown (an absence contact keeps saying, by
``absence_reported``, whether it was reported).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE: no copy of the table, however many contacts there are.
    op.add_column("contact", sa.Column("outcome", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("outcome")
