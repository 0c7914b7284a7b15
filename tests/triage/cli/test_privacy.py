"""`triage people show|forget` and `triage retention run` against a temporary SQLite file."""

import json

import pytest
from typer.testing import CliRunner

from triage.cli.main import app

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("temporary_database")
TEXT = "pelayanan rutan lambat sekali nomor wa saya 081234567890"


@pytest.fixture
def imported(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIAGE_CORRECTIONS_FILE", str(tmp_path / "corrections.csv"))
    export = tmp_path / "comments.csv"
    rows = ["id,text,author_username", f"t1,{TEXT},Warga_Pelapor", "t2,jam besuk kapan min,warga_lain"]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "--platform", "tiktok", str(export)])
    assert result.exit_code == 0, result.output


def test_people_show_prints_everything_held_as_json(imported):
    shown = runner.invoke(app, ["people", "show", "--platform", "tiktok", "--username", "warga_pelapor"])
    assert shown.exit_code == 0, shown.output
    held = json.loads(shown.output)
    assert [a["username"] for a in held["accounts"]] == ["Warga_Pelapor"]
    assert [c["text"] for c in held["comments"]] == [TEXT]


def test_people_forget_erases_and_then_nothing_is_held(imported):
    forgotten = runner.invoke(app, ["people", "forget", "--platform", "tiktok", "--username", "Warga_Pelapor",
                                    "--yes", "--by", "sari"])
    assert forgotten.exit_code == 0, forgotten.output
    assert "erased: 1 account(s), 1 comment(s)" in forgotten.output
    held = json.loads(runner.invoke(app, ["people", "show", "--platform", "tiktok",
                                          "--username", "Warga_Pelapor"]).output)
    assert held["accounts"] == [] and held["comments"] == []


def test_people_refuses_an_unknown_platform(imported):
    answer = runner.invoke(app, ["people", "show", "--platform", "myspace", "--username", "x"])
    assert answer.exit_code == 2 and "platform is one of" in answer.output


def test_retention_run_leaves_pending_comments(imported):
    answer = runner.invoke(app, ["retention", "run", "--days", "1", "--compact"])
    assert answer.exit_code == 0, answer.output
    assert "0 comment(s) and 0 account(s) erased" in answer.output
