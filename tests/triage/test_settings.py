import pytest
from pydantic import ValidationError

from triage.settings import Settings


@pytest.mark.parametrize("secret", [None, "", "changeme", "secret"])
def test_production_refuses_a_missing_or_placeholder_secret(secret):
    with pytest.raises(ValidationError, match="TRIAGE_SECRET_KEY"):
        Settings(environment="production", secret_key=secret)


def test_production_accepts_a_real_secret_and_development_makes_one(tmp_path, monkeypatch):
    assert Settings(environment="production", secret_key="k" * 48).signing_key() == "k" * 48
    monkeypatch.chdir(tmp_path)
    key = Settings().signing_key()
    assert len(key) > 40 and Settings().signing_key() == key  # kept for the next start
    assert oct((tmp_path / ".triage-secret").stat().st_mode)[-3:] == "600"


def test_database_url_comes_from_the_contract_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert Settings().database_url == "postgresql+psycopg://u@h/db"
