"""playbook fields and formal requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:02:07.364442
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('formalrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ),
    sa.ForeignKeyConstraint(['opened_by'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('comment_id')
    )
    with op.batch_alter_table('formalrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_formalrequest_answered_at'), ['answered_at'], unique=False)

    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=120), server_default='', nullable=False))
        batch_op.add_column(sa.Column('action_reason', sqlmodel.sql.sqltypes.AutoString(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hide', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('follow_up', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('personal_data', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('draft_source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_column('draft_source')
        batch_op.drop_column('personal_data')
        batch_op.drop_column('follow_up')
        batch_op.drop_column('hide')
        batch_op.drop_column('action_reason')
        batch_op.drop_column('rule')

    with op.batch_alter_table('formalrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_formalrequest_answered_at'))

    op.drop_table('formalrequest')
