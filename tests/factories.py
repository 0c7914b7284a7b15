"""Small helpers that build what tests need: an in-memory store, users, imported comments."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from triage.importers.base import Author, ImportedComment
from triage.store.db import create_all, session_scope
from triage.store.ingest import import_records
from triage.store.users import Role, add_user

PASSWORD = "correct horse battery"
START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def memory_engine():
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    create_all(engine)
    return engine


def make_user(engine, username: str, role: Role = Role.ADMIN) -> None:
    with session_scope(engine) as session:
        add_user(session, username, PASSWORD, role)


def comment(external_id: str, text: str, platform: str = "instagram", minutes: int = 0,
            username: str | None = "warga_1") -> ImportedComment:
    return ImportedComment(platform=platform, external_id=external_id, text=text,
                           created_at=START + timedelta(minutes=minutes), post_external_id="post-1",
                           author=Author(username=username) if username else None)


def load(engine, model, records) -> object:
    return import_records(engine, records, model.classifier, model.version, account_model=model.accounts)
