"""auto-resolution: the suggestion's auto rule and threshold, the model's own decisions (rule,
threshold, drawn for review) and the undo that sends one back to the queue

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def _forbid_changes(table: str) -> None:
    """The same append-only triggers as migration 0004 puts on the audit trail."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION triage_append_only()")
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                   "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch): on SQLite a batch copy of `decision` would drop its triggers.
    for table in ("suggestion", "decision"):
        op.add_column(table, sa.Column('auto_rule', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        op.add_column(table, sa.Column('auto_threshold', sa.Float(), nullable=True))
    op.add_column('decision', sa.Column('review_drawn', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'undo',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_undo_decision_id'), 'undo', ['decision_id'], unique=False)
    _forbid_changes('undo')


def downgrade() -> None:
    op.drop_index(op.f('ix_undo_decision_id'), table_name='undo')
    op.drop_table('undo')
    with op.batch_alter_table('suggestion', schema=None) as batch_op:
        batch_op.drop_column('auto_threshold')
        batch_op.drop_column('auto_rule')
    if op.get_bind().dialect.name == "postgresql":
        for column in ('review_drawn', 'auto_threshold', 'auto_rule'):
            op.execute(f"ALTER TABLE decision DROP COLUMN {column}")
        return
    # SQLite: dropping a column rebuilds the table, which loses its append-only triggers.
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS decision_no_{event}")
    with op.batch_alter_table('decision', schema=None) as batch_op:
        for column in ('review_drawn', 'auto_threshold', 'auto_rule'):
            batch_op.drop_column(column)
    _forbid_changes('decision')
