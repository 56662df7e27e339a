"""Initial schema: every record table, the audit log (append-only by trigger), meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('hash')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_record_id'), ['record_id'], unique=False)

    op.create_table('hamlet',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hamlet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hamlet_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_hamlet_unit_code', ['unit_code'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('officer',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('rank', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('officer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officer_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_officer_unit_code', ['unit_code'], unique=False)

    op.create_table('unit',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('is_border', sa.Boolean(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('old_names', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('hotspot',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('eliminated_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hotspot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hotspot_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_hotspot_status'), ['status'], unique=False)
        batch_op.create_index('ix_hotspot_unit_code', ['unit_code'], unique=False)

    op.create_table('patrol',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('patrol_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('leader_id', sa.String(length=36), nullable=True),
    sa.Column('routes', sa.String(length=500), nullable=False),
    sa.Column('people_checked', sa.Integer(), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_patrol_date'), ['patrol_date'], unique=False)
        batch_op.create_index('ix_patrol_unit_code', ['unit_code'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('aliases', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('sex', sa.String(length=32), nullable=False),
    sa.Column('citizen_id', sa.String(length=12), nullable=True),
    sa.Column('legacy_id', sa.String(length=9), nullable=True),
    sa.Column('ethnicity', sa.String(length=32), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.Column('stable_residence', sa.Boolean(), nullable=False),
    sa.Column('occupation', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.Column('sort_key', sa.String(length=220), nullable=False),
    sa.Column('search_rowid', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('search_rowid')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_hamlet_id'), ['hamlet_id'], unique=False)
        batch_op.create_index('ix_person_hit', ['search_rowid', 'unit_code', 'deleted', 'sort_key', 'id'], unique=False)
        batch_op.create_index('ix_person_list', ['unit_code', 'deleted', 'sort_key', 'id'], unique=False)

    op.create_table('team',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=150), nullable=False),
    sa.Column('decision_number', sa.String(length=50), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=True),
    sa.Column('dissolved_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_hamlet_id'), ['hamlet_id'], unique=False)
        batch_op.create_index('ix_team_unit_code', ['unit_code'], unique=False)

    op.create_table('addiction_assessment',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('facility', sa.String(length=150), nullable=False),
    sa.Column('result_on', sa.Date(), nullable=True),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('addiction_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addiction_assessment_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_addiction_assessment_person_id'), ['person_id'], unique=False)

    op.create_table('management_episode',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('episode_type', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('decision_number', sa.String(length=50), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('trigger_date', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('actual_end', sa.Date(), nullable=True),
    sa.Column('stop_reason', sa.String(length=32), nullable=True),
    sa.Column('facility', sa.String(length=150), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('management_episode', schema=None) as batch_op:
        batch_op.create_index('ix_episode_person_status', ['person_id', 'status', 'episode_type'], unique=False)
        batch_op.create_index('ix_episode_unit_status', ['unit_code', 'deleted', 'status', 'actual_end', 'episode_type', 'person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_management_episode_change_seq'), ['change_seq'], unique=False)

    op.create_table('patrol_finding',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('patrol_id', sa.String(length=36), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('patrol_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_finding_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_finding_patrol_id'), ['patrol_id'], unique=False)

    op.create_table('patrol_hamlet',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('patrol_id', sa.String(length=36), nullable=False),
    sa.Column('hamlet_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['hamlet_id'], ['hamlet.id'], ),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('patrol_hamlet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_hamlet_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_hamlet_hamlet_id'), ['hamlet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_hamlet_patrol_id'), ['patrol_id'], unique=False)

    op.create_table('patrol_hotspot',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('patrol_id', sa.String(length=36), nullable=False),
    sa.Column('hotspot_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['hotspot_id'], ['hotspot.id'], ),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('patrol_hotspot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_hotspot_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_hotspot_hotspot_id'), ['hotspot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_hotspot_patrol_id'), ['patrol_id'], unique=False)

    op.create_table('patrol_person',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('patrol_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('patrol_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_person_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_person_patrol_id'), ['patrol_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_person_person_id'), ['person_id'], unique=False)

    op.create_table('support_record',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('support_date', sa.Date(), nullable=False),
    sa.Column('provider', sa.String(length=150), nullable=False),
    sa.Column('amount_vnd', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('support_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_record_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_record_person_id'), ['person_id'], unique=False)

    op.create_table('team_activity',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('activity_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('team_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_activity_activity_date'), ['activity_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_activity_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_activity_team_id'), ['team_id'], unique=False)

    op.create_table('team_member',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_member_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_member_team_id'), ['team_id'], unique=False)

    op.create_table('tip',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('content', sa.String(length=4000), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('handling', sa.String(length=2000), nullable=False),
    sa.Column('received_by', sa.String(length=36), nullable=True),
    sa.Column('hotspot_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['hotspot_id'], ['hotspot.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['received_by'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tip_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_tip_received_on'), ['received_on'], unique=False)
        batch_op.create_index('ix_tip_unit_code', ['unit_code'], unique=False)

    op.create_table('transfer',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('direction', sa.String(length=32), nullable=False),
    sa.Column('from_unit_code', sa.String(length=5), nullable=False),
    sa.Column('to_unit_code', sa.String(length=5), nullable=False),
    sa.Column('move_date', sa.Date(), nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=True),
    sa.Column('new_address', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfer_person_id'), ['person_id'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('episode_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=True),
    sa.Column('absence_from', sa.Date(), nullable=True),
    sa.Column('absence_to', sa.Date(), nullable=True),
    sa.Column('absence_reported', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['management_episode.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_contact_date'), ['contact_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_person_id'), ['person_id'], unique=False)

    op.create_table('drug_test',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('episode_id', sa.String(length=36), nullable=True),
    sa.Column('test_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('sample', sa.String(length=32), nullable=False),
    sa.Column('substances', sa.String(length=200), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('relapse', sa.Boolean(), nullable=False),
    sa.Column('tested_by', sa.String(length=150), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['episode_id'], ['management_episode.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('drug_test', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drug_test_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_drug_test_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drug_test_test_date'), ['test_date'], unique=False)

    op.create_table('episode_team_member',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('episode_id', sa.String(length=36), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('full_name', sa.String(length=100), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=True),
    sa.Column('relation', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=15), nullable=True),
    sa.ForeignKeyConstraint(['episode_id'], ['management_episode.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('episode_team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_episode_team_member_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_episode_team_member_episode_id'), ['episode_id'], unique=False)

    op.create_table('patrol_participant',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('patrol_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('officer_id', sa.String(length=36), nullable=True),
    sa.Column('team_member_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.ForeignKeyConstraint(['patrol_id'], ['patrol.id'], ),
    sa.ForeignKeyConstraint(['team_member_id'], ['team_member.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('patrol_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_participant_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_patrol_participant_patrol_id'), ['patrol_id'], unique=False)

    op.create_table('tip_source',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('written_by', sa.String(length=36), nullable=True),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('tip_id', sa.String(length=36), nullable=False),
    sa.Column('source_name', sa.String(length=100), nullable=False),
    sa.Column('source_phone', sa.String(length=15), nullable=True),
    sa.Column('source_address', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['tip_id'], ['tip.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tip_id')
    )
    with op.batch_alter_table('tip_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tip_source_change_seq'), ['change_seq'], unique=False)

    # The audit log is append-only: the database itself refuses to rewrite history.
    op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")
    op.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table('tip_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tip_source_change_seq'))

    op.drop_table('tip_source')
    with op.batch_alter_table('patrol_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_participant_patrol_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_participant_change_seq'))

    op.drop_table('patrol_participant')
    with op.batch_alter_table('episode_team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_episode_team_member_episode_id'))
        batch_op.drop_index(batch_op.f('ix_episode_team_member_change_seq'))

    op.drop_table('episode_team_member')
    with op.batch_alter_table('drug_test', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drug_test_test_date'))
        batch_op.drop_index(batch_op.f('ix_drug_test_person_id'))
        batch_op.drop_index(batch_op.f('ix_drug_test_change_seq'))

    op.drop_table('drug_test')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_person_id'))
        batch_op.drop_index(batch_op.f('ix_contact_contact_date'))
        batch_op.drop_index(batch_op.f('ix_contact_change_seq'))

    op.drop_table('contact')
    with op.batch_alter_table('transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfer_person_id'))
        batch_op.drop_index(batch_op.f('ix_transfer_change_seq'))

    op.drop_table('transfer')
    with op.batch_alter_table('tip', schema=None) as batch_op:
        batch_op.drop_index('ix_tip_unit_code')
        batch_op.drop_index(batch_op.f('ix_tip_received_on'))
        batch_op.drop_index(batch_op.f('ix_tip_change_seq'))

    op.drop_table('tip')
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_member_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_member_change_seq'))

    op.drop_table('team_member')
    with op.batch_alter_table('team_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_activity_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_activity_change_seq'))
        batch_op.drop_index(batch_op.f('ix_team_activity_activity_date'))

    op.drop_table('team_activity')
    with op.batch_alter_table('support_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_record_person_id'))
        batch_op.drop_index(batch_op.f('ix_support_record_change_seq'))

    op.drop_table('support_record')
    with op.batch_alter_table('patrol_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_person_person_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_person_patrol_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_person_change_seq'))

    op.drop_table('patrol_person')
    with op.batch_alter_table('patrol_hotspot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_hotspot_patrol_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_hotspot_hotspot_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_hotspot_change_seq'))

    op.drop_table('patrol_hotspot')
    with op.batch_alter_table('patrol_hamlet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_hamlet_patrol_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_hamlet_hamlet_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_hamlet_change_seq'))

    op.drop_table('patrol_hamlet')
    with op.batch_alter_table('patrol_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_finding_patrol_id'))
        batch_op.drop_index(batch_op.f('ix_patrol_finding_change_seq'))

    op.drop_table('patrol_finding')
    with op.batch_alter_table('management_episode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_management_episode_change_seq'))
        batch_op.drop_index('ix_episode_unit_status')
        batch_op.drop_index('ix_episode_person_status')

    op.drop_table('management_episode')
    with op.batch_alter_table('addiction_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addiction_assessment_person_id'))
        batch_op.drop_index(batch_op.f('ix_addiction_assessment_change_seq'))

    op.drop_table('addiction_assessment')
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_index('ix_team_unit_code')
        batch_op.drop_index(batch_op.f('ix_team_hamlet_id'))
        batch_op.drop_index(batch_op.f('ix_team_change_seq'))

    op.drop_table('team')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_list')
        batch_op.drop_index('ix_person_hit')
        batch_op.drop_index(batch_op.f('ix_person_hamlet_id'))
        batch_op.drop_index(batch_op.f('ix_person_citizen_id'))
        batch_op.drop_index(batch_op.f('ix_person_change_seq'))

    op.drop_table('person')
    with op.batch_alter_table('patrol', schema=None) as batch_op:
        batch_op.drop_index('ix_patrol_unit_code')
        batch_op.drop_index(batch_op.f('ix_patrol_patrol_date'))
        batch_op.drop_index(batch_op.f('ix_patrol_change_seq'))

    op.drop_table('patrol')
    with op.batch_alter_table('hotspot', schema=None) as batch_op:
        batch_op.drop_index('ix_hotspot_unit_code')
        batch_op.drop_index(batch_op.f('ix_hotspot_status'))
        batch_op.drop_index(batch_op.f('ix_hotspot_change_seq'))

    op.drop_table('hotspot')
    op.drop_table('unit')
    with op.batch_alter_table('officer', schema=None) as batch_op:
        batch_op.drop_index('ix_officer_unit_code')
        batch_op.drop_index(batch_op.f('ix_officer_change_seq'))

    op.drop_table('officer')
    op.drop_table('meta')
    with op.batch_alter_table('hamlet', schema=None) as batch_op:
        batch_op.drop_index('ix_hamlet_unit_code')
        batch_op.drop_index(batch_op.f('ix_hamlet_change_seq'))

    op.drop_table('hamlet')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_record_id'))

    op.drop_table('audit_log')
