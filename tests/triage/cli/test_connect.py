"""`triage connect`: connections added with a token read from stdin, never shown again."""

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from triage.cli.main import app
from triage.settings import get_settings

runner = CliRunner()
TOKEN = "EAAB-secret-page-token-0123456789"
pytestmark = pytest.mark.usefixtures("temporary_database")


@pytest.fixture(autouse=True)
def secret_key(monkeypatch):
    monkeypatch.setenv("TRIAGE_SECRET_KEY", "cli-connect-" + "x" * 40)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_add_list_remove_without_ever_showing_the_token(tmp_path):
    added = runner.invoke(app, ["connect", "add", "ig-ditjenpas", "--kind", "instagram_media",
                                "--target", "17955956875141196", "--interval", "120", "--act"],
                          input=TOKEN + "\n")
    assert added.exit_code == 0, added.output
    assert "ig-ditjenpas: instagram instagram_media 17955956875141196, every 120 s, acts" in added.output
    listed = runner.invoke(app, ["connect", "list"])
    assert listed.output.startswith("ig-ditjenpas\tinstagram\tinstagram_media") and "never" in listed.output
    for output in (added.output, listed.output):
        assert TOKEN not in output
    database = (tmp_path / "desk.db").read_bytes()
    assert TOKEN.encode() not in database  # a dump of the database alone does not reveal it
    with create_engine(f"sqlite:///{tmp_path / 'desk.db'}").connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM connection")).scalar() == 1
    assert runner.invoke(app, ["connect", "remove", "ig-ditjenpas"]).exit_code == 0
    assert runner.invoke(app, ["connect", "list"]).output == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "tiktok_live", "--target", "1"], "unknown kind"),
    (["--kind", "x_mentions", "--target", "../admin"], "the target of a x_mentions connection"),
    (["--kind", "youtube_threads", "--target", "F1UP7wRCPH8", "--interval", "1"], "the interval"),
])
def test_mistakes_exit_2_with_a_reason(args, message):
    answer = runner.invoke(app, ["connect", "add", "yt", *args], input=TOKEN + "\n")
    assert answer.exit_code == 2 and message in answer.output


def test_a_name_is_used_once():
    for _ in range(2):
        answer = runner.invoke(app, ["connect", "add", "yt", "--kind", "youtube_threads",
                                     "--target", "F1UP7wRCPH8"], input=TOKEN + "\n")
    assert answer.exit_code == 2 and "exists already" in answer.output
