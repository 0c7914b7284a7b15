"""live desk: webhook events, connections, platform actions, thread links

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('connection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('token_encrypted', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('interval_seconds', sa.Integer(), nullable=False),
    sa.Column('act', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('cursor', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('next_poll_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_polled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_success_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('last_error_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('count_day', sa.Date(), nullable=True),
    sa.Column('count_today', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('webhookevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('body_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.JSON(), server_default='[]', nullable=False),
    sa.Column('processed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('body_sha256')
    )
    with op.batch_alter_table('webhookevent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhookevent_status'), ['status'], unique=False)

    op.create_table('platformaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('response_status', sa.Integer(), nullable=True),
    sa.Column('response_body', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('remote_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key')
    )
    with op.batch_alter_table('platformaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platformaction_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platformaction_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platformaction_status'), ['status'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attachment', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('permalink', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))

    # Not a batch operation: on SQLite that rebuilds the table and loses its append-only triggers.
    op.add_column('decision', sa.Column('hide', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('permalink', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_column('permalink')

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('hide')
    for event in ("update", "delete"):  # the rebuild above dropped them (see 0004)
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"CREATE TRIGGER decision_no_{event} BEFORE {event.upper()} ON decision "
                       "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_column('permalink')
        batch_op.drop_column('attachment')

    with op.batch_alter_table('platformaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platformaction_status'))
        batch_op.drop_index(batch_op.f('ix_platformaction_decision_id'))
        batch_op.drop_index(batch_op.f('ix_platformaction_comment_id'))

    op.drop_table('platformaction')
    with op.batch_alter_table('webhookevent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhookevent_status'))

    op.drop_table('webhookevent')
    op.drop_table('connection')
