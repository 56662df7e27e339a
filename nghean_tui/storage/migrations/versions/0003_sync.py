"""Sync bookkeeping: trusted peers, bundles received and sent, conflicts, alerts, relays.

Local tables only: none of them travels in a bundle.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbound_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sender_device', sa.String(length=64), nullable=False),
    sa.Column('sender_unit', sa.String(length=5), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('bundle_id', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('inner', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_inbound_stream', 'inbound_bundle', ['sender_device', 'kind', 'seq'], unique=True)
    op.create_table('outbound_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('stream', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('bundle_id', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('receipted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_outbound_stream', 'outbound_bundle', ['kind', 'stream', 'seq'], unique=True)
    op.create_table('peer',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('sign_key', sa.String(length=64), nullable=False),
    sa.Column('age_recipient', sa.String(length=100), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('card', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_after_seq', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('relay_sent',
    sa.Column('transfer_id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=96), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('transfer_id', 'device_id')
    )
    op.create_table('sync_alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('unit_code', sa.String(length=5), nullable=False),
    sa.Column('winner_version', sa.String(length=96), nullable=False),
    sa.Column('loser_version', sa.String(length=96), nullable=False),
    sa.Column('loser_fields', sa.Text(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_sync_conflict_loser', 'sync_conflict', ['record_id', 'loser_version'], unique=True)
    op.create_index(op.f('ix_sync_conflict_record_id'), 'sync_conflict', ['record_id'], unique=False)


def downgrade() -> None:

    op.drop_index(op.f('ix_sync_conflict_record_id'), table_name='sync_conflict')
    op.drop_index('ix_sync_conflict_loser', table_name='sync_conflict')
    op.drop_table('sync_conflict')
    op.drop_table('sync_alert')
    op.drop_table('relay_sent')
    op.drop_table('peer')
    op.drop_index('ix_outbound_stream', table_name='outbound_bundle')
    op.drop_table('outbound_bundle')
    op.drop_index('ix_inbound_stream', table_name='inbound_bundle')
    op.drop_table('inbound_bundle')
