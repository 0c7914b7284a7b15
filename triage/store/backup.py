"""Consistent copies of a SQLite store while the app runs (SQLite's online backup API), and
checked restores. For PostgreSQL use pg_dump / pg_restore."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from triage.errors import TriageError


class BackupError(TriageError):
    """A backup or restore cannot be made as asked."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("backup and restore work on a SQLite file; "
                          "for PostgreSQL use pg_dump and pg_restore")
    return Path(url.database)


def backup(database_url: str, target: Path) -> int:
    """Copy the live database to `target` page by page without stopping writers; returns its size."""
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy, pages=1024)
    check(target)
    return target.stat().st_size


def check(path: Path) -> None:
    """Refuse a file that is not an intact triage database."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a usable triage database: {error}") from None
    if integrity != "ok" or version is None:
        raise BackupError(f"{path} failed its integrity check ({integrity})")


def restore(database_url: str, source: Path) -> None:
    """Replace the database with the checked copy at `source` (stop the app first)."""
    check(source)
    target = sqlite_path(database_url)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy, sqlite3.connect(target) as live:
        copy.backup(live)
