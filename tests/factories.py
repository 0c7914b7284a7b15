"""Small helpers that build what tests need: an in-memory store, users, imported comments."""

import os
from datetime import UTC, datetime, timedelta

from triage.importers.base import Author, ImportedComment
from triage.store.db import create_all, make_engine, session_scope
from triage.store.ingest import import_records
from triage.store.users import Role, add_user

PASSWORD = "correct horse battery"
START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


TEST_DATABASE_URL = os.environ.get("TRIAGE_TEST_DATABASE_URL")  # e.g. the PostgreSQL .ci/run starts


def store_engine():
    """A fresh, empty store: in-memory SQLite, or the database at TRIAGE_TEST_DATABASE_URL
    (emptied first), so the store and desk tests run against PostgreSQL too."""
    if TEST_DATABASE_URL:
        engine = make_engine(TEST_DATABASE_URL)
        reset(engine)
        return engine
    engine = make_engine("sqlite://")  # one in-memory database, set up as the app's are
    create_all(engine)
    return engine


def reset(engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    create_all(engine)


def make_user(engine, username: str, role: Role = Role.ADMIN) -> None:
    with session_scope(engine) as session:
        add_user(session, username, PASSWORD, role)


def comment(external_id: str, text: str, platform: str = "instagram", minutes: int = 0,
            username: str | None = "warga_1") -> ImportedComment:
    return ImportedComment(platform=platform, external_id=external_id, text=text,
                           created_at=START + timedelta(minutes=minutes), post_external_id="post-1",
                           author=Author(username=username) if username else None)


def load(engine, model, records, auto: bool = False) -> object:
    """Import `records`. The queue's tests work a queue that people decide: unless `auto`, the
    model resolves nothing alone (tests of auto-resolution pass `auto` and set the thresholds)."""
    if not auto:
        model = with_auto_thresholds(model, {})
    return import_records(engine, records, model.classifier, model.version, account_model=model.accounts)


def with_auto_thresholds(model, thresholds: dict, review_below: float | None = None):
    """The shipped model with other auto-resolve thresholds (and review threshold), as a card
    would give them: the store and pages are tested under thresholds the test controls."""
    from triage.model.classifier import TextClassifier

    below = model.classifier.review_below if review_below is None else review_below
    return model.replacing("text", TextClassifier(model.classifier.pipeline, below, thresholds, model.card))
