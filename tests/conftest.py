import pytest

from triage import artifact
from triage.settings import get_settings, shipped_account_model_path, shipped_model_path

pytest_plugins = ["tests.postgres"]  # own_postgres: a server a test may stop and start


@pytest.fixture(scope="session")
def shipped_model() -> artifact.LoadedModel:
    return artifact.load(shipped_model_path(), shipped_account_model_path())


@pytest.fixture(scope="session")
def classifier(shipped_model):
    return shipped_model.classifier


@pytest.fixture
def temporary_database(tmp_path, monkeypatch):
    """DATABASE_URL pointing at a fresh SQLite file, for commands that open the database
    themselves (never the working directory's)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'desk.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
