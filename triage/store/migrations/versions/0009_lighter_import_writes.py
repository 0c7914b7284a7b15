"""lighter writes per imported comment: drop the suggestion's label and action indexes (the queue
filters on the copies in comment since 0008) and let SQLite's search index merge less often

Revision ID: 0009
Revises: 0008
"""

from alembic import op

from triage.store import search

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_suggestion_label', table_name='suggestion')
    op.drop_index('ix_suggestion_action', table_name='suggestion')
    if op.get_bind().dialect.name == "sqlite":
        for statement in search.SQLITE_INDEX_SETTINGS:
            op.execute(statement)


def downgrade() -> None:
    op.create_index('ix_suggestion_action', 'suggestion', ['action'])
    op.create_index('ix_suggestion_label', 'suggestion', ['label'])
