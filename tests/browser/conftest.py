"""A real server and a real headless Chromium (Debian's package; nothing is downloaded)."""

import os
import shutil

import pytest

from api.main import create_app
from tests.api.conftest import DESK_COMMENTS
from tests.factories import load, make_user
from tests.fakes.serving import served
from triage.settings import Settings
from triage.store.db import create_all, make_engine
from triage.store.users import Role

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = os.environ.get("TRIAGE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("browser tests need Chromium: apt-get install chromium (or set TRIAGE_CHROMIUM)")
    return path


def desk_engine(tmp_path, model, comments, auto: bool = False):
    """A temporary SQLite store with an admin (ani), a supervisor (sari) and `comments` (with
    `auto`, those the model's thresholds allow are resolved without a person)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'desk.db'}")
    create_all(engine)
    for name, role in (("ani", Role.ADMIN), ("sari", Role.SUPERVISOR)):
        make_user(engine, name, role)
    load(engine, model, comments, auto)
    return engine


@pytest.fixture
def server(shipped_model, tmp_path, monkeypatch):
    """The desk app over a temporary SQLite file, served on a free port; yields its base URL."""
    monkeypatch.chdir(tmp_path)
    yield from serve(desk_engine(tmp_path, shipped_model, DESK_COMMENTS))


def serve(engine, language: str = "en"):
    app = create_app(Settings(secret_key="browser-test-" + "x" * 32, language=language), engine=engine)
    with served(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []  # console errors (CSP violations among them) and dialogs (alert = XSS)
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()
