"""A person's requests under UU 27/2022 PDP and the retention job, across everything the desk
keeps: the store (`triage.store.privacy`), the training corrections file, and the database files
themselves (erased text must not survive in free pages or the search index)."""

import logging
import threading
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from triage.privacy.masking import scrub_corrections
from triage.store import privacy as store
from triage.store.db import session_scope

logger = logging.getLogger("triage.privacy.masking")


def show(engine: Engine, platform: str, username: str, actor: str) -> dict:
    """Everything held on the account (an access request); the look is recorded, counts only."""
    with session_scope(engine) as session:
        found = store.holdings(session, platform, username)
        store.record_access(session, platform, actor, found)
    return found


def erase(session: Session, platform: str, username: str, actor: str, corrections_file: Path) -> dict:
    """Erase the account's data in the store and the training corrections file. Counts of what
    was erased. The caller compacts the database after the commit (`store.compact`)."""
    erasure = store.forget(session, platform, username, actor)
    dropped = scrub_corrections(corrections_file, erasure.texts, erasure.usernames)
    return {"accounts": erasure.accounts, "comments": erasure.comments, "mentions": erasure.mentions,
            "training_rows": dropped}


def forget(engine: Engine, platform: str, username: str, actor: str, corrections_file: Path) -> dict:
    """`erase`, committed, then the database compacted so the erased text is gone from its files."""
    with session_scope(engine) as session:
        counts = erase(session, platform, username, actor, corrections_file)
    store.compact(engine)
    return counts


def run_retention(engine: Engine, days: int, actor: str, compact: bool = False) -> store.RetentionResult:
    """Erase what is past its retention. Freed space is overwritten as it is freed (SQLite's
    secure_delete); `compact` also rebuilds the database files (VACUUM: slower, locks writers)."""
    with session_scope(engine) as session:
        store.overwrite_freed_space(session)
        result = store.run_retention(session, days, actor)
    if compact and result.comments:
        store.compact(engine)
    logger.info("retention: %d comments and %d accounts erased (decided before %s)",
                result.comments, result.accounts, result.cutoff.date())
    return result


class DailyRetention:
    """Runs the retention job at start-up and then once a day, in a background thread of the app."""

    def __init__(self, engine: Engine, days: int, interval_seconds: float = 24 * 3600):
        self.engine, self.days, self.interval = engine, days, interval_seconds
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="triage-retention", daemon=True)

    def start(self) -> "DailyRetention":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)

    def _loop(self) -> None:
        while not self.stopped.is_set():
            try:
                run_retention(self.engine, self.days, "triage serve")
            except Exception:  # retried the next day; the desk keeps serving
                logger.exception("retention run failed")
            self.stopped.wait(self.interval)
