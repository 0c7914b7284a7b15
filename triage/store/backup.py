"""Consistent copies of the store while the app runs, and checked restores: SQLite through its
online backup API, PostgreSQL through pg_dump and pg_restore (a custom-format archive)."""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from triage.errors import TriageError


class BackupError(TriageError):
    """A backup or restore cannot be made as asked."""


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("backup and restore work on a SQLite file or a PostgreSQL database")
    return Path(url.database)


def is_postgres(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "postgresql"


def backup(database_url: str, target: Path) -> int:
    """Copy the live database to `target` without stopping writers; returns its size."""
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    if is_postgres(database_url):
        return _pg_backup(database_url, target)
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
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
    if is_postgres(database_url):
        _pg_restore(database_url, source)
        return
    check(source)
    target = sqlite_path(database_url)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy, sqlite3.connect(target) as live:
        copy.backup(live)


# PostgreSQL. The password, if any, goes to the tools in PGPASSWORD, never on a command line.

def _pg_tool(name: str) -> str:
    """The newest installed `name` (pg_dump must be at least the server's version)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    tool = found[-1] if found else shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return tool


def _pg_run(name: str, database_url: str, *arguments: str) -> str:
    url = make_url(database_url)
    plain = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    finished = subprocess.run([_pg_tool(name), *arguments, "--dbname",
                               plain.render_as_string(hide_password=False)],
                              env=environment, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{name} failed: {finished.stderr.strip()[-1000:]}")
    return finished.stdout


def _pg_backup(database_url: str, target: Path) -> int:
    # One snapshot of the whole database (pg_dump runs in a single repeatable-read transaction).
    _pg_run("pg_dump", database_url, "--format=custom", "--no-owner", "--file", str(target))
    _pg_check(target)
    return target.stat().st_size


def _pg_check(path: Path) -> None:
    """Refuse a file that is not a pg_dump archive of a triage database."""
    finished = subprocess.run([_pg_tool("pg_restore"), "--list", str(path)], capture_output=True,
                              text=True, check=False)
    if finished.returncode != 0 or "TABLE DATA public alembic_version" not in finished.stdout:
        raise BackupError(f"{path} is not a pg_dump archive of a triage database: "
                          f"{finished.stderr.strip()[-500:]}")


def _pg_restore(database_url: str, source: Path) -> None:
    _pg_check(source)
    # One transaction: a restore that fails part-way leaves the database as it was.
    _pg_run("pg_restore", database_url, "--clean", "--if-exists", "--no-owner", "--single-transaction",
            "--exit-on-error", str(source))
