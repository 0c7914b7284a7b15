"""comment (post_id, created_at): the swarm scan after an import reads each post's recent attacks

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_comment_post_time', 'comment', ['post_id', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_comment_post_time', table_name='comment')
