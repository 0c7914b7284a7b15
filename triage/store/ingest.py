"""Putting imported comments into the store: new ones are scored and queued, known ones skipped.

Work is done in batches, each in its own transaction: an interrupted import keeps every
finished batch and leaves no half-written one.
"""

import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path

from sqlalchemy import Engine, Row, and_, insert, or_, update
from sqlmodel import Session, select

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.labels import Label
from triage.model.classifier import TextClassifier
from triage.model.fake_accounts import AccountModel, SeenComment, behaviour
from triage.model.normalise import phrase_forms
from triage.playbook.crisis import crisis_settings
from triage.playbook.rules import playbook
from triage.scoring import Comment as ScoringInput
from triage.scoring import Suggestion as ScoredSuggestion
from triage.scoring import suggest
from triage.settings import get_settings
from triage.store import autoresolve, swarms
from triage.store.db import insert_rows, refresh_statistics, session_scope
from triage.store.models import Account, Comment, Post, Suggestion, utcnow
from triage.store.queue import OWN, PENDING

logger = logging.getLogger("triage")

BATCH = 500
# New comments after which the planner's statistics are refreshed: a live desk's small, frequent
# imports (a webhook, a poll) must not ANALYZE a million-row table each time.
STATISTICS_AFTER = 1_000
PARALLEL_AFTER = 10  # batches scored in this process before worker processes are started
# Column sizes of Account: longer values from a platform are cut, never allowed to fail a batch.
_ACCOUNT_TEXT_LIMITS = {"external_id": 255, "username": 255, "display_name": 255, "bio": 2000}


@dataclass
class ImportSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    own: int = 0  # comments by the agency's own accounts: stored, not queued
    swarms: int = 0  # swarms opened or grown by this import (crisis mode)
    auto_resolved: int = 0  # new comments the desk resolved without a person
    rejected: list[BadRecord] = field(default_factory=list)


def import_records(engine: Engine, records: Iterable[ImportedComment | BadRecord],
                   classifier: TextClassifier, model_version: str, own_accounts: Iterable[str] = (),
                   on_progress: Callable[[int], None] | None = None,
                   account_model: AccountModel | None = None, jobs: int = 1,
                   parallel_after: int | None = None) -> ImportSummary:
    """Import `records` batch by batch. With `jobs` > 1, once more than `parallel_after` batches
    have come, batches are scored in that many worker processes while this one writes the
    finished ones (small imports never pay for starting them)."""
    summary = ImportSummary()
    own = {name.lower() for name in own_accounts}
    attacked_posts: set[int] = set()
    known = _Known()
    in_flight: set[tuple[str, str]] = set()  # sent to be scored, not stored yet
    waiting: deque[_Scored] = deque()
    with session_scope(engine) as session:
        stored_before = autoresolve.newest_comment_id(session)

    def store(done: _Scored) -> None:
        added = []
        if done.fresh:
            with session_scope(engine) as session:
                added = _store_batch(session, done.fresh, done.suggestions.result(), model_version, own,
                                     attacked_posts, known)
        in_flight.difference_update(_key(r) for r in done.fresh)
        summary.read += done.read
        summary.own += sum(1 for row in added if row["status"] == OWN)
        summary.new += len(added)
        summary.duplicates += done.good - len(added)
        if on_progress:
            on_progress(done.read)

    records = iter(records)
    parallel_after = PARALLEL_AFTER if parallel_after is None else parallel_after
    with _Scoring(classifier, account_model, jobs, parallel_after) as scoring:
        while batch := list(islice(records, BATCH)):
            good = [r for r in batch if isinstance(r, ImportedComment)]
            summary.rejected += [r for r in batch if isinstance(r, BadRecord)]
            with session_scope(engine) as session:
                fresh = [r for r in _unseen(session, good) if _key(r) not in in_flight]
            in_flight.update(_key(r) for r in fresh)
            waiting.append(_Scored(len(batch), len(good), fresh, scoring.submit(fresh)))
            while len(waiting) > scoring.ahead:
                store(waiting.popleft())
        while waiting:
            store(waiting.popleft())
    if summary.new >= STATISTICS_AFTER:
        refresh_statistics(engine)
    if attacked_posts:
        with session_scope(engine) as session:
            summary.swarms = len(swarms.scan(session, attacked_posts, crisis_settings()))
    if summary.new:  # after the swarm scan: a comment in a swarm always waits for a person
        with session_scope(engine) as session:
            summary.auto_resolved = autoresolve.resolve_new(session, stored_before,
                                                            playbook().auto.review_rate,
                                                            platform_actions=get_settings().actions)
    return summary


@dataclass
class _Known:
    """Ids of the accounts and posts this import has already stored or looked up, so that the
    next batches need not look them up again (most authors and posts recur). Ids never change;
    an account's values are kept to tell whether the platform now describes it differently."""

    accounts: dict[tuple[str, str], tuple[int, dict]] = field(default_factory=dict)
    posts: dict[tuple[str, str], int] = field(default_factory=dict)
    LIMIT = 200_000  # entries of each, to bound memory on a huge import

    def remember(self, kind: dict, found: dict) -> None:
        """Add `found` to `kind` (self.accounts or self.posts), emptied first when full."""
        if len(kind) + len(found) > self.LIMIT:
            kind.clear()
        kind.update(found)


@dataclass
class _Scored:
    read: int  # records in the batch
    good: int  # of them, well-formed
    fresh: list[ImportedComment]  # of them, not in the store yet
    suggestions: Future


class _Scoring:
    """Scores batches here, or in worker processes once an import proves big enough."""

    def __init__(self, classifier: TextClassifier, accounts: AccountModel | None, jobs: int,
                 parallel_after: int):
        self.classifier, self.accounts = classifier, accounts
        self.jobs, self.parallel_after, self.submitted = jobs, parallel_after, 0
        self.pool: ProcessPoolExecutor | None = None
        self.starting: threading.Thread | None = None
        self.models_file: _ModelsFile | None = None

    @property
    def ahead(self) -> int:
        """Batches that may be scoring while this process stores older ones."""
        return self.jobs if self.pool else 0

    def submit(self, fresh: list[ImportedComment]) -> Future:
        """The suggestions for these new comments, as a future."""
        self.submitted += 1
        if self.starting is None and self.jobs > 1 and self.submitted > self.parallel_after:
            # Started aside: handing each worker the model blocks until it has imported its
            # libraries (seconds each), and this process goes on scoring and storing meanwhile.
            self.starting = threading.Thread(target=self._start_pool, name="start-scoring-workers")
            self.starting.start()
        if self.pool is not None and fresh:
            return self.pool.submit(_score_in_worker, fresh)
        done = Future()
        done.set_result(_score(self.classifier, self.accounts, fresh))
        return done

    def _start_pool(self) -> None:
        """Start the workers and hand them over once all are ready. Workers only make an import
        faster: if they cannot start, the import goes on in this process, and says so."""
        # Spawned, not forked: a fork copies locks held by other threads (the progress bar's,
        # the BLAS pool's), and the workers hung on one. The models go through a file: handed
        # over in the pipe that starts a worker, their megabytes blocked this thread for ever when
        # the worker died before reading them (killed, or started from a script without an
        # `if __name__ == "__main__"` guard), and the import never ended.
        self.models_file = _ModelsFile.write((self.classifier, self.accounts))
        pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_set_worker_models, initargs=(self.models_file,))
        try:
            ready = [pool.submit(_ready) for _ in range(self.jobs)]
            wait(ready)
            problem = next((error for future in ready if (error := future.exception())), None)
        except Exception as error:  # noqa: BLE001 - any failure to start means: score here
            problem = error
        if problem is None:
            self.pool = pool
            return
        pool.shutdown(cancel_futures=True)
        logger.warning("scoring workers did not start (%s: %s); this import is scored in one process",
                       type(problem).__name__, problem)

    def __enter__(self) -> "_Scoring":
        return self

    def __exit__(self, *_) -> None:
        if self.starting is not None:
            self.starting.join()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.models_file is not None:
            self.models_file.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class _ModelsFile:
    """Pickled models in a private temporary file, with the SHA-256 a worker checks before it
    unpickles them (a pickle runs code: only the bytes this process wrote are loaded)."""

    path: Path
    sha256: str

    @classmethod
    def write(cls, models: object) -> "_ModelsFile":
        data = pickle.dumps(models, protocol=pickle.HIGHEST_PROTOCOL)
        handle, name = tempfile.mkstemp(prefix="triage-import-models-", suffix=".pickle")  # mode 0600
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        return cls(Path(name), hashlib.sha256(data).hexdigest())

    def read(self) -> object:
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise RuntimeError(f"{self.path} is not the models file this import wrote")
        return pickle.loads(data)  # noqa: S301 - the bytes this import wrote, checked above


_worker_models: tuple[TextClassifier, AccountModel | None] | None = None


def _set_worker_models(models_file: _ModelsFile) -> None:
    global _worker_models
    _worker_models = models_file.read()


def _ready() -> None:
    """A task that returns once a worker has started and received the models."""


def _score_in_worker(fresh: list[ImportedComment]) -> list:
    return _score(*_worker_models, fresh)


def _score(classifier: TextClassifier, accounts: AccountModel | None,
           fresh: list[ImportedComment]) -> list[tuple[int, dict]]:
    """Each new comment's priority and suggestion row. The row's JSON fields are encoded here,
    in the scoring process: encoding them was a sixth of the writing process's work."""
    if not fresh:
        return []
    # Normalised once: the near-duplicate check reads the texts as the model does (some time a
    # comment saved, and "sl0t g4c0r" now counts as a copy of "slot gacor").
    texts = [r.text for r in fresh]
    normalised = classifier.normalise(texts)
    forms = phrase_forms(texts, normalised) if classifier.reads_like_playbook else None
    inputs = _scoring_inputs(fresh, forms)
    return [(s.priority, _suggestion_row(s))
            for s in suggest(classifier, inputs, accounts=accounts, normalised=normalised)]


_ENCODED = ("probabilities", "reasons", "personal_data")  # JSON columns, encoded by _suggestion_row


def _suggestion_row(s: ScoredSuggestion) -> dict:
    row = {"label": s.label, "confidence": s.confidence, "probabilities": s.probabilities,
           "action": s.action, "reply_draft": s.reply_draft, "reasons": s.reasons,
           "needs_review": s.needs_review, "rule": s.rule, "action_reason": s.action_reason,
           "hide": s.hide, "follow_up": s.follow_up, "personal_data": list(s.personal_data),
           "draft_source": s.draft_source, "auto_rule": s.auto_rule, "auto_threshold": s.auto_threshold}
    return row | {name: json.dumps(row[name]) for name in _ENCODED}


def _key(record: ImportedComment) -> tuple[str, str]:
    return record.platform, record.external_id


def _scoring_inputs(fresh: list[ImportedComment], forms: list[str] | None = None) -> list[ScoringInput]:
    """What the scorer needs of each new comment, with the behaviour seen within its batch
    (duplicates and bursts among one post's comments)."""
    seen = behaviour([_seen(r) for r in fresh], forms=forms)
    return [ScoringInput(r.external_id, r.text, r.platform, _author_fields(r.author), b)
            for r, b in zip(fresh, seen, strict=True)]


def _store_batch(session: Session, fresh: list[ImportedComment], scored: list[tuple[int, dict]],
                 model_version: str, own: set[str], attacked_posts: set[int], known: _Known) -> list[dict]:
    """Store the batch's new comments with their suggestions; return the new comment rows."""
    accounts = _accounts(session, fresh, known)
    posts = _posts(session, fresh, known)
    now = utcnow()
    rows = [_comment_row(r, priority, suggestion, accounts, posts, own, now)
            for r, (priority, suggestion) in zip(fresh, scored, strict=True)]
    attacked_posts.update(row["post_id"] for row in rows
                          if row["suggested_label"] == Label.ATTACK and row["post_id"] is not None)
    # Ids are matched back by key: RETURNING promises no order.
    inserted = insert_rows(session, Comment.__table__, rows, returning=("platform", "external_id", "id"))
    id_of = {(platform, external_id): comment_id for platform, external_id, comment_id in inserted}
    insert_rows(session, Suggestion.__table__, [
        {**suggestion, "comment_id": id_of[(row["platform"], row["external_id"])],
         "model_version": model_version, "created_at": now}
        for row, (_, suggestion) in zip(rows, scored, strict=True)], encoded=_ENCODED)
    return rows


def _seen(record: ImportedComment) -> SeenComment:
    key = _account_key(record.author) if record.author else None
    return SeenComment(key or f"comment:{record.external_id}", record.text, record.created_at,
                       record.author.created_at if record.author else None)


def _unseen(session: Session, records: list[ImportedComment]) -> list[ImportedComment]:
    """Records not in the store yet, each key once (the first one in the file wins)."""
    unique = {(r.platform, r.external_id): r for r in reversed(records)}
    if not unique:
        return []
    known = set(session.exec(select(Comment.platform, Comment.external_id).where(
        _pairs_in(Comment.platform, Comment.external_id, unique))).all())
    return [r for key, r in reversed(unique.items()) if key not in known]


def _pairs_in(platform_column, key_column, pairs: Iterable[tuple[str, str]]):
    """(platform, key) in `pairs`, written as one `key IN (...)` per platform: SQLite answers a
    row-value IN by scanning the whole index, which made imports slow down as the store grew."""
    keys_by_platform: dict[str, list[str]] = {}
    for platform, key in pairs:
        keys_by_platform.setdefault(platform, []).append(key)
    return or_(*(and_(platform_column == platform, key_column.in_(keys))
                 for platform, keys in keys_by_platform.items()))


def _account_key(author: Author) -> str | None:
    if author.external_id:
        return author.external_id
    return f"@{author.username}" if author.username else None


def _accounts(session: Session, records: list[ImportedComment], known: _Known) -> dict[tuple[str, str], int]:
    """Ids of the batch's authors' accounts, created or refreshed with what this import says."""
    wanted = {(r.platform, key): _account_values(r.author) for r in records
              if r.author and (key := _account_key(r.author))}
    ids = {key: known.accounts[key][0] for key, values in wanted.items()
           if key in known.accounts and known.accounts[key][1] == values}
    unknown = {key: values for key, values in wanted.items() if key not in ids}
    if not unknown:
        return ids
    accounts = Account.__table__
    found = session.execute(select(accounts).where(_pairs_in(accounts.c.platform, accounts.c.key, unknown)))
    stored = {(account.platform, account.key): account for account in found}
    # Only accounts the platform now describes differently are written: most authors come back
    # unchanged, and an UPDATE of each (on PostgreSQL a new row version each) is wasted work.
    changed = [{"id": stored[key].id, **values} for key, values in unknown.items()
               if key in stored and _differs(stored[key], values)]
    if changed:
        session.execute(update(Account), changed)
    ids.update({key: account.id for key, account in stored.items()})
    new = [{"platform": platform, "key": key, **values}
           for (platform, key), values in unknown.items() if (platform, key) not in stored]
    if new:
        inserted = session.execute(insert(Account).returning(Account.platform, Account.key, Account.id), new)
        ids.update({(platform, key): account_id for platform, key, account_id in inserted})
    known.remember(known.accounts, {key: (ids[key], values) for key, values in unknown.items()})
    return ids


def _differs(account: Row, values: dict) -> bool:
    return any(getattr(account, name) != value for name, value in values.items())


def _account_values(author: Author) -> dict:
    """What the platform told about the author (None, i.e. unknown, never overwrites a value)."""
    values = {}
    for name, value in _author_fields(author).items():
        if value is None:
            continue
        if name in _ACCOUNT_TEXT_LIMITS:
            value = value[: _ACCOUNT_TEXT_LIMITS[name]]
        values["account_created_at" if name == "created_at" else name] = value
    return values


def _posts(session: Session, records: list[ImportedComment], known: _Known) -> dict[tuple[str, str], int]:
    wanted = {(r.platform, r.post_external_id) for r in records if r.post_external_id}
    links = {(r.platform, r.post_external_id): _link(r.post_permalink) for r in records if r.post_permalink}
    ids = {key: known.posts[key] for key in wanted if key in known.posts}
    unknown = wanted - set(ids)
    if not unknown:
        return ids
    found = session.exec(select(Post.platform, Post.external_id, Post.id).where(
        _pairs_in(Post.platform, Post.external_id, unknown)))
    looked_up = {(platform, external_id): post_id for platform, external_id, post_id in found}
    new = [{"platform": platform, "external_id": external_id, "permalink": links.get((platform, external_id))}
           for platform, external_id in unknown - set(looked_up)]
    if new:
        inserted = session.execute(insert(Post).returning(Post.platform, Post.external_id, Post.id), new)
        looked_up.update({(platform, external_id): post_id for platform, external_id, post_id in inserted})
    known.remember(known.posts, looked_up)
    return ids | looked_up


def _comment_row(record: ImportedComment, priority: int, suggestion: dict, accounts: dict, posts: dict,
                 own: set[str], now: datetime) -> dict:
    key = _account_key(record.author) if record.author else None
    ours = bool(record.author and (record.author.username or "").lower() in own)
    return {"platform": record.platform, "external_id": record.external_id, "text": record.text,
            "created_at": record.created_at or now, "imported_at": now,
            "parent_external_id": record.parent_external_id,
            "post_id": posts.get((record.platform, record.post_external_id)),
            "account_id": accounts.get((record.platform, key)) if key else None,
            "like_count": record.like_count, "hidden": record.hidden,
            "attachment": (record.attachment or "")[:32] or None, "permalink": _link(record.permalink),
            "status": OWN if ours else PENDING,
            "priority": priority, "suggested_label": suggestion["label"],
            "suggested_action": suggestion["action"]}


def _link(url: str | None) -> str | None:
    """A platform's link, kept only if it is a web address (it becomes an href in the queue)."""
    return url[:1000] if url and url.startswith("https://") else None


def _author_fields(author: Author | None) -> dict:
    return dict(vars(author)) if author else {}  # shallow: asdict's deep copy cost more than scoring
