"""Putting imported comments into the store: new ones are scored and queued, known ones skipped.

Work is done in batches, each in its own transaction: an interrupted import keeps every
finished batch and leaves no half-written one. This module is the store's side (which comments
are new, writing them with their suggestions, counting the bad rows); the batches are scored by
`triage.scoring.suggest_imported`, in worker processes when `triage.scoring_workers` starts them.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from sqlalchemy import Engine, Row, and_, insert, or_, update
from sqlmodel import Session, select

from triage.importers.base import Author, BadRecord, ImportedComment
from triage.labels import Label
from triage.model.artifact import LoadedModel
from triage.model.classifier import TextClassifier
from triage.model.fake_accounts import AccountModel
from triage.model.kinds import ACCOUNTS, TEXT
from triage.playbook.crisis import crisis_settings
from triage.playbook.rules import playbook
from triage.scoring import Suggestion as ScoredSuggestion
from triage.scoring import author_key, author_values, suggest_imported
from triage.scoring_workers import ScoringWorkers
from triage.settings import get_settings
from triage.store import autoresolve, swarms
from triage.store.db import insert_rows, refresh_statistics, session_scope
from triage.store.models import Account, Comment, Post, Suggestion, utcnow
from triage.store.queue import OWN, PENDING

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
    run = _Import(engine, model_version, {name.lower() for name in own_accounts}, on_progress)
    start_after = PARALLEL_AFTER if parallel_after is None else parallel_after
    models = LoadedModel({TEXT.name: classifier} | ({ACCOUNTS.name: account_model} if account_model else {}))
    with ScoringWorkers(jobs, models, start_after=start_after) as workers:
        for batch, scored in workers.in_order(run.batches(records), scored_rows):
            run.store(batch, scored)
    run.finish()
    return run.summary


def scored_rows(models: LoadedModel, fresh: list[ImportedComment]) -> list[tuple[int, dict]]:
    """Each new comment's priority and suggestion row: the scoring workers' task. The row's
    JSON fields are encoded here, in the scoring process: encoding them was a sixth of the
    writing process's work."""
    suggestions = suggest_imported(models.classifier, fresh, models.accounts)
    return [(s.priority, _suggestion_row(s)) for s in suggestions]


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
class _Batch:
    read: int  # records in the batch
    good: int  # of them, well-formed
    fresh: list[ImportedComment]  # of them, not in the store yet


class _Import:
    """One import's side in the store: which comments are new, storing each scored batch in its
    own transaction, and what the desk does once all are in (swarms, auto-resolution)."""

    def __init__(self, engine: Engine, model_version: str, own: set[str],
                 on_progress: Callable[[int], None] | None):
        self.engine, self.model_version, self.own, self.on_progress = engine, model_version, own, on_progress
        self.summary, self.known = ImportSummary(), _Known()
        self.attacked_posts: set[int] = set()
        self.in_flight: set[tuple[str, str]] = set()  # sent to be scored, not stored yet
        with session_scope(engine) as session:
            self.stored_before = autoresolve.newest_comment_id(session)

    def batches(self, records: Iterable[ImportedComment | BadRecord]) -> Iterator[tuple[_Batch, tuple]]:
        """Each batch of `records` with what its scoring task takes: its new comments."""
        records = iter(records)
        while batch := list(islice(records, BATCH)):
            good = [r for r in batch if isinstance(r, ImportedComment)]
            self.summary.rejected += [r for r in batch if isinstance(r, BadRecord)]
            with session_scope(self.engine) as session:
                fresh = [r for r in _unseen(session, good) if _key(r) not in self.in_flight]
            self.in_flight.update(_key(r) for r in fresh)
            yield _Batch(len(batch), len(good), fresh), (fresh,)

    def store(self, batch: _Batch, scored: list[tuple[int, dict]]) -> None:
        added = []
        if batch.fresh:
            with session_scope(self.engine) as session:
                added = _store_batch(session, batch.fresh, scored, self.model_version, self.own,
                                     self.attacked_posts, self.known)
        self.in_flight.difference_update(_key(r) for r in batch.fresh)
        self.summary.read += batch.read
        self.summary.own += sum(1 for row in added if row["status"] == OWN)
        self.summary.new += len(added)
        self.summary.duplicates += batch.good - len(added)
        if self.on_progress:
            self.on_progress(batch.read)

    def finish(self) -> None:
        if self.summary.new >= STATISTICS_AFTER:
            refresh_statistics(self.engine)
        if self.attacked_posts:
            with session_scope(self.engine) as session:
                self.summary.swarms = len(swarms.scan(session, self.attacked_posts, crisis_settings()))
        if self.summary.new:  # after the swarm scan: a comment in a swarm always waits for a person
            with session_scope(self.engine) as session:
                self.summary.auto_resolved = autoresolve.resolve_new(
                    session, self.stored_before, playbook().auto.review_rate,
                    platform_actions=get_settings().actions)


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


def _accounts(session: Session, records: list[ImportedComment], known: _Known) -> dict[tuple[str, str], int]:
    """Ids of the batch's authors' accounts, created or refreshed with what this import says."""
    wanted = {(r.platform, key): _account_values(r.author) for r in records
              if r.author and (key := author_key(r.author))}
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
    for name, value in author_values(author).items():
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
    key = author_key(record.author) if record.author else None
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
