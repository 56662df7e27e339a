"""Who is under management on a day, from the index alone: the episode index that already
answers counts by kind and status also carries the start and decision dates.

Only an index changes: what bundles carry does not (see ``sync.exchange.BUNDLE_SCHEMA``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OLD = ["unit_code", "deleted", "status", "actual_end", "episode_type", "person_id"]
_NEW = [*_OLD, "start_date", "decision_date"]


def upgrade() -> None:
    with op.batch_alter_table("management_episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_unit_status")
        batch_op.create_index("ix_episode_unit_status", _NEW, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("management_episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_unit_status")
        batch_op.create_index("ix_episode_unit_status", _OLD, unique=False)
