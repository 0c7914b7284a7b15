"""queue filters by indexes at 1M comments: the suggested label and action on the comment row,
one queue index per filter, and an index for text search (FTS5 trigram on SQLite, pg_trgm on
PostgreSQL)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from triage.store import search

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

QUEUE_ORDER = ["priority", "created_at", "id"]
FILTER_INDEXES = {"ix_comment_queue_label": "suggested_label", "ix_comment_queue_action": "suggested_action",
                  "ix_comment_queue_platform": "platform"}
def upgrade() -> None:
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggested_label', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('suggested_action', sa.String(length=24), nullable=True))
    op.execute("UPDATE comment SET "
               "suggested_label = (SELECT label FROM suggestion WHERE suggestion.comment_id = comment.id), "
               "suggested_action = (SELECT action FROM suggestion WHERE suggestion.comment_id = comment.id)")
    for name, column in FILTER_INDEXES.items():
        op.create_index(name, 'comment', ['status', column, *QUEUE_ORDER])
    connection = op.get_bind()
    postgres = connection.dialect.name == "postgresql"
    for statement in search.POSTGRES_INDEX if postgres else search.SQLITE_INDEX:  # as of 0008
        connection.exec_driver_sql(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS comment_search")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS comment_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS comment_search")
    for name in FILTER_INDEXES:
        op.drop_index(name, table_name='comment')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_column('suggested_action')
        batch_op.drop_column('suggested_label')
