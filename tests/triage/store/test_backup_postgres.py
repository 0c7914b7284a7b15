"""`triage backup` and `triage restore` on PostgreSQL (pg_dump / pg_restore): a backup of a desk
with comments, decisions, reviews and model events, restored into an empty database on a server
of the test's own, holds every one of them."""

import pytest
from sqlalchemy import text
from sqlmodel import select
from typer.testing import CliRunner

from tests.factories import comment, load, make_user
from triage.cli.main import app
from triage.settings import get_settings
from triage.store import audit, queue
from triage.store.db import make_engine, session_scope, upgrade
from triage.store.models import ModelEvent, User
from triage.store.users import Role

runner = CliRunner()
TABLES = ["comment", "suggestion", "decision", "review", "modelevent", "platformaction", '"user"']


def working_desk(url: str, shipped_model) -> None:
    upgrade(url)
    engine = make_engine(url)
    make_user(engine, "ani")
    make_user(engine, "sari", Role.SUPERVISOR)
    load(engine, shipped_model, [comment(f"ig-{i}", f"min jam besuk lapas {i} kapan?", minutes=i)
                                 for i in range(50)])
    with session_scope(engine) as session:
        ani = session.exec(select(User).where(User.username == "ani")).one()
        sari = session.exec(select(User).where(User.username == "sari")).one()
        for comment_id in range(1, 21):
            queue.claim(session, comment_id, ani, 10)
            decision = queue.decide(session, comment_id, ani, "info_request", "reply",
                                    "Halo Sahabat Pemasyarakatan, jam besuk Senin-Kamis pukul 09.00-12.00.",
                                    platform_actions="dry-run")
            audit.review(session, decision.id, sari, "right" if comment_id % 3 else "wrong")
        session.add(ModelEvent(kind="promote", version="v2", previous_version="v1", actor="test", details={}))
    engine.dispose()


def contents(url: str) -> dict[str, list]:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = {table: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table}"))), key=repr)  # noqa: S608
                 for table in TABLES}
    engine.dispose()
    return found


def run(url: str, monkeypatch, *arguments: str):
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        return runner.invoke(app, list(arguments))
    finally:
        get_settings.cache_clear()


def test_a_postgresql_backup_restores_into_an_empty_database(own_postgres, shipped_model, tmp_path,
                                                              monkeypatch):
    working_desk(own_postgres.url, shipped_model)
    before = contents(own_postgres.url)
    assert len(before["decision"]) == 20 and len(before["review"]) == 20 and len(before["modelevent"]) == 1

    archive = tmp_path / "desk.dump"
    made = run(own_postgres.url, monkeypatch, "backup", str(archive))
    assert made.exit_code == 0, made.output
    assert "integrity checked" in made.output

    engine = make_engine(own_postgres.url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("CREATE DATABASE restored")
    engine.dispose()
    empty = own_postgres.url.rsplit("/", 1)[0] + "/restored"
    restored = run(empty, monkeypatch, "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert contents(empty) == before


def test_a_file_that_is_not_a_backup_is_refused(own_postgres, tmp_path, monkeypatch):
    upgrade(own_postgres.url)
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a pg_dump archive")
    refused = run(own_postgres.url, monkeypatch, "restore", str(junk))
    assert refused.exit_code != 0 and "not a pg_dump archive" in refused.output


@pytest.fixture(autouse=True)
def _own_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
