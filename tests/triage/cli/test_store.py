"""The store commands of the CLI: users, import, demo (each against a temporary SQLite file)."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from triage.cli.main import app

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("temporary_database")


def test_users_add_list_disable(tmp_path):
    added = runner.invoke(app, ["users", "add", "ani", "--role", "admin"], input="a long password\n")
    assert added.exit_code == 0, added.output
    runner.invoke(app, ["users", "add", "sari", "--role", "supervisor"], input="another password\n")
    assert runner.invoke(app, ["users", "list"]).output.splitlines() == [
        "ani\tadmin\tactive", "sari\tsupervisor\tactive"]
    assert runner.invoke(app, ["users", "disable", "ani"]).exit_code == 0
    assert "ani\tadmin\tdisabled" in runner.invoke(app, ["users", "list"]).output


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["users", "add", "ani", "--role", "boss"], "a long password\n", "role must be"),
    (["users", "add", "ani", "--role", "admin"], "short\n", "minimal 10"),
    (["users", "disable", "nobody"], "", "no user"),
])
def test_user_mistakes_exit_2_with_a_reason(args, stdin, message):
    answer = runner.invoke(app, args, input=stdin)
    assert answer.exit_code == 2 and message in answer.output


def test_import_reports_new_duplicates_and_rejects():
    path = str(FIXTURES / "instagram_comments.json")
    first = runner.invoke(app, ["import", "--platform", "instagram", path])
    assert first.exit_code == 0, first.output
    assert "rejected:" in first.output and "new 0" not in first.output
    again = runner.invoke(app, ["import", "--platform", "instagram", path])
    assert "new 0" in again.output and "duplicates 0" not in again.output


def test_import_of_an_unreadable_file_exits_2(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"data": [')
    answer = runner.invoke(app, ["import", "--platform", "instagram", str(broken)])
    assert answer.exit_code == 2 and "Traceback" not in answer.output


def test_demo_loads_comments_and_prints_passwords_once():
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "demo admin: username 'admin', password '" in first.output
    assert "instagram_comments.json: read 133, new 133" in first.output
    again = runner.invoke(app, ["demo"])
    assert "password '" not in again.output and "new 0" in again.output


def test_apikeys_create_prints_the_key_once_as_the_last_word_then_list_and_revoke():
    created = runner.invoke(app, ["apikeys", "create", "monitoring"])
    assert created.exit_code == 0, created.output
    key = created.output.split()[-1]
    assert key.startswith("tri_") and len(key) > 40
    listed = runner.invoke(app, ["apikeys", "list"]).output
    assert "monitoring" in listed and key not in listed and "live" in listed
    assert runner.invoke(app, ["apikeys", "create", "monitoring"]).exit_code == 2
    assert runner.invoke(app, ["apikeys", "revoke", "monitoring"]).exit_code == 0
    assert "revoked" in runner.invoke(app, ["apikeys", "list"]).output


def test_backup_while_writing_and_restore_after_a_checked_copy(tmp_path):
    import sqlite3

    runner.invoke(app, ["users", "add", "ani", "--role", "admin"], input="a long password\n")
    database = tmp_path / "desk.db"
    writer = sqlite3.connect(database)  # an open writer, as when the app runs
    writer.execute("BEGIN")
    writer.execute("UPDATE user SET active = 1")
    made = runner.invoke(app, ["backup", str(tmp_path / "copy.db")])
    writer.rollback()
    writer.close()
    assert made.exit_code == 0, made.output
    assert "integrity checked" in made.output
    runner.invoke(app, ["users", "disable", "ani"])
    restored = runner.invoke(app, ["restore", str(tmp_path / "copy.db")])
    assert restored.exit_code == 0, restored.output
    assert "ani\tadmin\tactive" in runner.invoke(app, ["users", "list"]).output


def test_restore_refuses_a_file_that_is_not_a_triage_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    answer = runner.invoke(app, ["restore", str(junk)])
    assert answer.exit_code == 2 and "not a usable triage database" in answer.output
    assert runner.invoke(app, ["backup", str(tmp_path / "x.db")]).exit_code == 2  # no database yet


@pytest.mark.slow  # worker processes
def test_a_big_import_is_scored_in_worker_processes(tmp_path, monkeypatch):
    from triage.store import ingest

    monkeypatch.setattr(ingest, "PARALLEL_AFTER", 1)  # workers from the second batch of 500
    export = tmp_path / "big.csv"
    lines = ["id,text,author_username"] + [f"t{n},pelayanan lapas lambat sekali {n},warga{n % 50}"
                                           for n in range(1_200)]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "--platform", "tiktok", "--jobs", "2", str(export)])
    assert result.exit_code == 0, result.output
    assert "read 1200, new 1200, duplicates 0, rejected 0" in result.output
    again = runner.invoke(app, ["import", "--platform", "tiktok", "--jobs", "2", str(export)])
    assert "new 0, duplicates 1200" in again.output
