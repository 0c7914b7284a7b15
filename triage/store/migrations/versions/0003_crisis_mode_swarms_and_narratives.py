"""crisis mode swarms and narratives

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:18:37.265778
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('swarm',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('detected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('window_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('window_end', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('attack_count', sa.Integer(), nullable=False),
    sa.Column('expected_count', sa.Float(), nullable=False),
    sa.Column('suspicious_share', sa.Float(), nullable=False),
    sa.Column('duplicate_share', sa.Float(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('swarm', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swarm_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_swarm_status'), ['status'], unique=False)

    op.create_table('narrative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('swarm_id', sa.Integer(), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('representative_comment_id', sa.Integer(), nullable=False),
    sa.Column('draft', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('approved_text', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('approved_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['representative_comment_id'], ['comment.id'], ),
    sa.ForeignKeyConstraint(['swarm_id'], ['swarm.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('narrative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_narrative_swarm_id'), ['swarm_id'], unique=False)

    op.create_table('swarmmember',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('swarm_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('narrative_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ),
    sa.ForeignKeyConstraint(['narrative_id'], ['narrative.id'], ),
    sa.ForeignKeyConstraint(['swarm_id'], ['swarm.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('swarm_id', 'comment_id')
    )
    with op.batch_alter_table('swarmmember', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swarmmember_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_swarmmember_narrative_id'), ['narrative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_swarmmember_swarm_id'), ['swarm_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('swarmmember', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swarmmember_swarm_id'))
        batch_op.drop_index(batch_op.f('ix_swarmmember_narrative_id'))
        batch_op.drop_index(batch_op.f('ix_swarmmember_comment_id'))

    op.drop_table('swarmmember')
    with op.batch_alter_table('narrative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_narrative_swarm_id'))

    op.drop_table('narrative')
    with op.batch_alter_table('swarm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swarm_status'))
        batch_op.drop_index(batch_op.f('ix_swarm_post_id'))

    op.drop_table('swarm')
