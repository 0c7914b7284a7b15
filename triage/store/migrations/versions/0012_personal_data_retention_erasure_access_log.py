"""personal data (UU 27/2022 PDP): erased comments and accounts keep a mark and the text's hash,
privacy events and the access log; the audit trail lets its free-text columns be erased while
every fact a report or an audit reads stays locked

Revision ID: 0012
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# Columns of the append-only tables that hold free text a person may have written into, and that
# erasure must reach; every other column stays locked (0004 locked them all).
ERASABLE = {"decision": ("reply_text", "note"), "review": ("note",)}
LOCKED = {"decision": ("id", "comment_id", "user_id", "decided_at", "label", "action", "overrode_suggestion",
                       "suggestion_id", "corrects_id"),
          "review": ("id", "decision_id", "reviewer_id", "verdict", "correct_label", "created_at")}


def _lock(table: str, columns: tuple[str, ...] | None) -> None:
    """Forbid DELETE, and UPDATE of `columns` (all columns when None)."""
    of = f" OF {', '.join(columns)}" if columns else ""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE{of} OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION triage_append_only()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE{of} ON {table} "
               "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
    op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
               "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: rebuilding comment would drop SQLite's search triggers.
    op.add_column('comment', sa.Column('redacted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column('comment', sa.Column('text_sha256', sqlmodel.sql.sqltypes.AutoString(length=64),
                                       nullable=True))
    op.create_index('ix_comment_redacted_at', 'comment', ['redacted_at'])
    op.add_column('account', sa.Column('redacted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_table('privacyevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('details', sa.JSON(), server_default='{}', nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_privacyevent_created_at', 'privacyevent', ['created_at'])
    op.create_table('personaldataview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('viewed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    for column in ('comment_id', 'user_id', 'viewed_at'):
        op.create_index(f'ix_personaldataview_{column}', 'personaldataview', [column])
    for table, columns in LOCKED.items():
        _lock(table, columns)


def downgrade() -> None:
    for table in LOCKED:
        _lock(table, None)
    op.drop_table('personaldataview')
    op.drop_table('privacyevent')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('redacted_at')
    op.drop_index('ix_comment_redacted_at', table_name='comment')
    op.drop_column('comment', 'text_sha256')
    op.drop_column('comment', 'redacted_at')
