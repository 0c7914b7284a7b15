import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from api.i18n import LOCALE_DIR, translations
from triage.model import artifact
from triage.settings import get_settings, shipped_account_model_path, shipped_model_path

pytest_plugins = ["tests.postgres"]  # own_postgres: a server a test may stop and start


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """`make test` compiles the catalogues; a bare `pytest` in a clean clone does it here, the same
    way (the .mo files are built, never committed)."""
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source))
    translations.cache_clear()


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
