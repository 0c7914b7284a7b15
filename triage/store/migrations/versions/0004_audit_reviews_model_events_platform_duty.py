"""audit reviews model events platform duty

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 23:25:16.401509
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


# The audit trail is append-only in the database itself, not only in the app: a correction is
# a new row. (On SQLite a later batch migration that rebuilds one of these tables must create
# the triggers again.)
APPEND_ONLY = ("decision", "review", "modelevent")


def _forbid_changes(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE OR REPLACE FUNCTION triage_append_only() RETURNS trigger AS $$ "
                   "BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$ LANGUAGE plpgsql")
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION triage_append_only()")
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                   "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")


def _allow_changes(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")


def upgrade() -> None:
    op.create_table('modelevent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('previous_version', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('details', sa.JSON(), server_default='{}', nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('dutyshift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ended_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dutyshift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dutyshift_ended_at'), ['ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dutyshift_user_id'), ['user_id'], unique=False)

    op.create_table('platformassignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('responsible', sa.Boolean(), nullable=False),
    sa.Column('assigned_by', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by'], ['user.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'user_id')
    )
    with op.batch_alter_table('platformassignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platformassignment_platform'), ['platform'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('correct_label', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], ),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_decision_id'), ['decision_id'], unique=False)

    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrects_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_decision_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_foreign_key('fk_decision_corrects_id', 'decision', ['corrects_id'], ['id'])


    for table in APPEND_ONLY:
        _forbid_changes(table)


def downgrade() -> None:
    for table in APPEND_ONLY:
        _allow_changes(table)
    with op.batch_alter_table('decision', schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint('fk_decision_corrects_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_decision_corrects_id'))
        batch_op.drop_column('corrects_id')

    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_id'))
        batch_op.drop_index(batch_op.f('ix_review_created_at'))

    op.drop_table('review')
    with op.batch_alter_table('platformassignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platformassignment_platform'))

    op.drop_table('platformassignment')
    with op.batch_alter_table('dutyshift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dutyshift_user_id'))
        batch_op.drop_index(batch_op.f('ix_dutyshift_ended_at'))

    op.drop_table('dutyshift')
    op.drop_table('modelevent')
