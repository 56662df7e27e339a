"""Search index and follow-ups: ``person_fts`` (diacritic-free, prefix-searchable) and
``due_item`` (what falls due, derived from the records).

Both are derived data. This revision fills the search index for the people already there and
marks the follow-ups stale, so the application rebuilds them with the current legal rules when
it next opens the database (the rules live in Python, not in the migration).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

from nghean_tui.storage.search_index import FTS_DDL, backfill_sql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "due_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=5), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("episode_id", sa.String(length=36), nullable=True),
        sa.Column("source_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("due_item", schema=None) as batch_op:
        batch_op.create_index("ix_due_item_due", ["unit_code", "due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_due_item_person_id"), ["person_id"], unique=False)

    op.execute(FTS_DDL)
    for statement in backfill_sql():
        op.execute(statement)
    op.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('followups_stale', '1')")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS person_fts")
    with op.batch_alter_table("due_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_item_person_id"))
        batch_op.drop_index("ix_due_item_due")
    op.drop_table("due_item")
