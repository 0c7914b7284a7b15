"""Where live comments go: scored with the desk's model and stored exactly as an import would."""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from triage.importers.base import BadRecord, ImportedComment
from triage.model.artifact import LoadedModel
from triage.scoring import Comment as ScoringInput
from triage.scoring import suggest
from triage.store.ingest import ImportSummary, import_records
from triage.store.live import STALE_PROCESSING


@dataclass(frozen=True)
class Intake:
    engine: Engine
    model: LoadedModel
    own_accounts: frozenset[str] = frozenset()
    retake_after: timedelta = STALE_PROCESSING  # a delivery taken by a process that died
    # One live import at a time in this process: webhook deliveries are processed in a thread
    # pool, and two SQLite transactions that both read, then write, fail with "database is
    # locked" (the second cannot upgrade its read). Each import of a delivery takes milliseconds.
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    processing: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)  # webhooks
    def warm_up(self) -> None:
        """Score one comment now, so the first citizen to write is not the one who waits while
        the templates and the model's first call are prepared (bench/README.md)."""
        suggest(self.model.classifier, [ScoringInput("warm-up", "min jam besuk kapan ya?", "instagram")],
                accounts=self.model.accounts)

    def take(self, records: Iterable[ImportedComment | BadRecord]) -> ImportSummary:
        """Store the new ones among `records`; ones stored before are counted as duplicates."""
        records = list(records)
        with self.lock:
            try:
                return self._import(records)
            except IntegrityError:
                # Another process stored one of these comments between our look and our write
                # (two servers on one database): now it is seen, so try again.
                return self._import(records)

    def _import(self, records: list) -> ImportSummary:
        return import_records(self.engine, records, self.model.classifier, self.model.version,
                              self.own_accounts, account_model=self.model.accounts)
