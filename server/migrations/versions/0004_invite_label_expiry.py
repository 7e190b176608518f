"""invite label, expiry and re-showable token; participants removable one by one

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 04:00:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('removed')
    with op.batch_alter_table('invite', schema=None) as batch_op:
        batch_op.drop_column('token')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('label')
