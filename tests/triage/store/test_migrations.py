"""The migrations build exactly the tables the models describe, and upgrade a database that
already holds data."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from triage.store import queue
from triage.store.db import alembic_config, in_the_models, make_engine, session_scope, upgrade
from triage.store.queue import QueueFilters


def test_migrations_match_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    with make_engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": in_the_models})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_upgrading_keeps_existing_comments(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO comment (platform, external_id, text, created_at, imported_at, status, priority) "
            "VALUES ('x', '1', 'halo', '2026-11-01 00:00:00', '2026-11-01 00:00:00', 'pending', 3)"))
        connection.execute(text(
            "INSERT INTO suggestion (comment_id, label, confidence, probabilities, action, reasons, "
            "model_version, created_at) VALUES (1, 'other', 0.9, '{}', 'no_response', '[]', 'v', "
            "'2026-11-01 00:00:00')"))
    upgrade(url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT rule, hide, personal_data FROM suggestion")).one()
    assert tuple(row) == ("", 0, "[]")


def _empty_postgresql():
    """The test PostgreSQL database, emptied, and its URL (skips without one)."""
    from tests.factories import TEST_DATABASE_URL

    if not TEST_DATABASE_URL or not TEST_DATABASE_URL.startswith("postgresql"):
        pytest.skip("set TRIAGE_TEST_DATABASE_URL to a PostgreSQL database (.ci/run does)")
    engine = make_engine(TEST_DATABASE_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    return engine, TEST_DATABASE_URL


def test_migrations_on_postgresql_build_the_models_and_lock_the_audit_trail():
    engine, TEST_DATABASE_URL = _empty_postgresql()
    upgrade(TEST_DATABASE_URL)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": in_the_models})
        assert compare_metadata(context, SQLModel.metadata) == []
    with engine.begin() as connection:  # a row-level trigger needs a row
        connection.exec_driver_sql(
            "INSERT INTO \"user\" (username, password_hash, role, active, created_at) "
            "VALUES ('ani', 'x', 'admin', true, now());"
            "INSERT INTO comment (platform, external_id, text, created_at, imported_at, status, priority) "
            "VALUES ('x', '1', 'halo', now(), now(), 'decided', 3);"
            "INSERT INTO decision (comment_id, user_id, decided_at, label, action, overrode_suggestion) "
            "VALUES (1, 1, now(), 'other', 'no_response', false)")
    for statement in ("UPDATE decision SET label = 'support'", "DELETE FROM decision"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)


def test_comments_stored_before_the_lower_case_search_copy_are_found_after_upgrading_postgresql():
    engine, url = _empty_postgresql()
    command.upgrade(alembic_config(url), "0009")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO comment (platform, external_id, text, created_at, imported_at, status, priority) "
            "VALUES ('x', '1', 'Antrean besuk LAPAS Cipinang', now(), now(), 'pending', 3)")
    upgrade(url)
    with session_scope(engine) as session:
        found = queue.pending(session, QueueFilters(search="lapas"))[0]
        assert [item.comment.external_id for item in found] == ["1"]
    command.downgrade(alembic_config(url), "0009")  # back to ILIKE over the text itself
    with engine.connect() as connection:
        found = connection.exec_driver_sql("SELECT external_id FROM comment WHERE text ILIKE '%%cipinang%%'")
        assert found.scalars().all() == ["1"]
