"""Putting imported comments into the store: new ones are scored and queued, known ones skipped.

Work is done in batches, each in its own transaction: an interrupted import keeps every
finished batch and leaves no half-written one.
"""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import islice

from sqlalchemy import Engine, tuple_
from sqlmodel import Session, select

from triage.classifier import TextClassifier
from triage.importers.base import Author, BadRecord, ImportedComment
from triage.playbook import priority_for
from triage.scoring import Comment as ScoringInput
from triage.scoring import suggest
from triage.store.db import session_scope
from triage.store.models import Account, Comment, Post, Suggestion, utcnow
from triage.store.queue import OWN, PENDING

BATCH = 500
# Column sizes of Account: longer values from a platform are cut, never allowed to fail a batch.
_ACCOUNT_TEXT_LIMITS = {"external_id": 255, "username": 255, "display_name": 255, "bio": 2000}


@dataclass
class ImportSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    own: int = 0  # comments by the agency's own accounts: stored, not queued
    rejected: list[BadRecord] = field(default_factory=list)


def import_records(engine: Engine, records: Iterable[ImportedComment | BadRecord],
                   classifier: TextClassifier, model_version: str, own_accounts: Iterable[str] = (),
                   on_progress: Callable[[int], None] | None = None) -> ImportSummary:
    summary = ImportSummary()
    own = {name.lower() for name in own_accounts}
    records = iter(records)
    while batch := list(islice(records, BATCH)):
        good = [r for r in batch if isinstance(r, ImportedComment)]
        summary.rejected += [r for r in batch if isinstance(r, BadRecord)]
        with session_scope(engine) as session:
            added = _store_batch(session, good, classifier, model_version, own)
        summary.read += len(batch)
        summary.own += sum(1 for c in added if c.status == OWN)
        summary.new += len(added)
        summary.duplicates += len(good) - len(added)
        if on_progress:
            on_progress(len(batch))
    return summary


def _store_batch(session: Session, records: list[ImportedComment], classifier: TextClassifier,
                 model_version: str, own: set[str]) -> list[Comment]:
    """Store the batch's new comments with their suggestions; return them."""
    fresh = _unseen(session, records)
    if not fresh:
        return []
    accounts = _accounts(session, fresh)
    posts = _posts(session, fresh)
    comments = [_comment(r, accounts, posts, own) for r in fresh]
    session.add_all(comments)
    session.flush()
    inputs = [ScoringInput(str(c.id), c.text, c.platform, _author_fields(r.author))
              for c, r in zip(comments, fresh, strict=True)]
    for comment, suggestion in zip(comments, suggest(classifier, inputs), strict=True):
        comment.priority = priority_for(suggestion.label, suggestion.action)
        session.add(Suggestion(comment_id=comment.id, label=suggestion.label,
                               confidence=suggestion.confidence, probabilities=suggestion.probabilities,
                               action=suggestion.action, reply_draft=suggestion.reply_draft,
                               reasons=suggestion.reasons, model_version=model_version))
    return comments


def _unseen(session: Session, records: list[ImportedComment]) -> list[ImportedComment]:
    """Records not in the store yet, each key once (the first one in the file wins)."""
    unique = {(r.platform, r.external_id): r for r in reversed(records)}
    known = set(session.exec(select(Comment.platform, Comment.external_id).where(
        tuple_(Comment.platform, Comment.external_id).in_(list(unique)))).all())
    return [r for key, r in reversed(unique.items()) if key not in known]


def _account_key(author: Author) -> str | None:
    if author.external_id:
        return author.external_id
    return f"@{author.username}" if author.username else None


def _accounts(session: Session, records: list[ImportedComment]) -> dict[tuple[str, str], Account]:
    """Accounts of the batch's authors, created or refreshed with what this import says."""
    wanted = {(r.platform, key): r.author for r in records
              if r.author and (key := _account_key(r.author))}
    if not wanted:
        return {}
    existing = {(a.platform, a.key): a for a in session.exec(
        select(Account).where(tuple_(Account.platform, Account.key).in_(list(wanted))))}
    for (platform, key), author in wanted.items():
        account = existing.get((platform, key)) or Account(platform=platform, key=key)
        for name, value in _author_fields(author).items():
            if value is not None:
                _set_account_field(account, name, value)
        existing[(platform, key)] = account
        session.add(account)
    session.flush()
    return existing


def _set_account_field(account: Account, name: str, value) -> None:
    if name in _ACCOUNT_TEXT_LIMITS:
        value = value[: _ACCOUNT_TEXT_LIMITS[name]]
    setattr(account, "account_created_at" if name == "created_at" else name, value)


def _posts(session: Session, records: list[ImportedComment]) -> dict[tuple[str, str], Post]:
    wanted = {(r.platform, r.post_external_id) for r in records if r.post_external_id}
    if not wanted:
        return {}
    existing = {(p.platform, p.external_id): p for p in session.exec(
        select(Post).where(tuple_(Post.platform, Post.external_id).in_(list(wanted))))}
    for platform, external_id in wanted - set(existing):
        existing[(platform, external_id)] = post = Post(platform=platform, external_id=external_id)
        session.add(post)
    session.flush()
    return existing


def _comment(record: ImportedComment, accounts: dict, posts: dict, own: set[str]) -> Comment:
    key = _account_key(record.author) if record.author else None
    ours = bool(record.author and (record.author.username or "").lower() in own)
    account = accounts.get((record.platform, key)) if key else None
    post = posts.get((record.platform, record.post_external_id))
    return Comment(platform=record.platform, external_id=record.external_id, text=record.text,
                   created_at=record.created_at or utcnow(),
                   parent_external_id=record.parent_external_id,
                   post_id=post.id if post else None, account_id=account.id if account else None,
                   like_count=record.like_count, hidden=record.hidden, status=OWN if ours else PENDING)


def _author_fields(author: Author | None) -> dict:
    return asdict(author) if author else {}
