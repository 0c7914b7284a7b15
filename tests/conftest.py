from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from api.i18n import LOCALE_DIR, translations
from tests.tiny_model import save_tiny_model
from triage.model import artifact
from triage.settings import get_settings, shipped_account_model_path, shipped_model_path

pytest_plugins = ["tests.postgres"]  # own_postgres: a server a test may stop and start

TESTS = Path(__file__).resolve().parent
# The slow lane: `make test` runs everything, `make check` (-m "not slow") leaves these out.
# Whole folders and modules that start a browser, a server or worker processes, by path; a
# single such test elsewhere carries @pytest.mark.slow itself.
SLOW_PATHS = {
    "browser": "a real Chromium against a served app",
    "bench": "the short version of a benchmark, on its own PostgreSQL",
    "api/test_logs.py": "starts `triage serve` in its own process",
    "api/test_fuzz.py": "schemathesis sends hundreds of generated requests",
    "triage/training/test_text_model.py": "fits text models on generated splits",
    "triage/test_killed_mid_work.py": "starts and kills `triage` processes",
    "triage/files/test_cluster.py": "a Dask LocalCluster of worker processes",
}
SLOW_FIXTURES = {"own_postgres": "starts a PostgreSQL server of its own"}


def slow_reason(item: pytest.Item) -> str | None:
    path = Path(str(item.path)).relative_to(TESTS).as_posix()
    for prefix, reason in SLOW_PATHS.items():
        if path == prefix or path.startswith(prefix + "/"):
            return reason
    return next((reason for name, reason in SLOW_FIXTURES.items() if name in item.fixturenames), None)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if slow_reason(item):
            item.add_marker(pytest.mark.slow)


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


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """argon2id at its lowest work factor in this process: at the desk's, one hash or check takes
    most of a second on a busy 2-core machine, and each desk fixture creates three users and signs
    one in. Same algorithm, same checks; `triage serve` processes that tests start keep the real
    cost (and a hash records its own cost, so either kind verifies)."""
    from argon2 import PasswordHasher

    from triage.store import users

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@pytest.fixture(scope="session")
def shipped_model() -> artifact.LoadedModel:
    return artifact.load(shipped_model_path(), shipped_account_model_path())


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory) -> Path:
    """A real model fit in a second on a few dozen examples (tests/tiny_model.py), saved with its
    card: an app given it as TRIAGE_MODEL loads it through the checksum check, at once."""
    return save_tiny_model(tmp_path_factory.mktemp("tiny-model") / "t1")


@pytest.fixture(scope="session")
def tiny_model(tiny_model_path) -> artifact.LoadedModel:
    """The tiny model loaded, checked, with the shipped account model beside it: for tests of what
    the desk does with a suggestion, not of what the shipped model suggests."""
    return artifact.load(tiny_model_path, shipped_account_model_path())


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
