"""Personal data in the store (UU 27/2022 PDP): retention of decided comments, what the desk holds
on one account, erasing it, and the log of unmasked views.

Erasing keeps every fact the reports and the audit read (platform, times, labels, actions, who
decided, overrides) and replaces text and author details: a comment's text by a mark and the
hash of what it said, an account's names, bio and counts by nothing, free text around them
(replies, notes, the model's reasons that quote words) scrubbed of the person's words."""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, update
from sqlmodel import Session, select

from triage.privacy.masking import ERASED, looks_like_a_handle, mask, scrub
from triage.store.models import (
    Account,
    Comment,
    Decision,
    FormalRequest,
    Narrative,
    PersonalDataView,
    PrivacyEvent,
    Review,
    Suggestion,
    Swarm,
    SwarmMember,
    User,
    utcnow,
)
from triage.store.queue import DECIDED
from triage.store.users import Role

BATCH = 2_000  # comments erased per statement batch
ERASED_TABLES = ("comment", "account", "suggestion", "decision", "review", "formalrequest", "narrative")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Retention -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RetentionResult:
    cutoff: datetime
    comments: int
    accounts: int


def expired_comments(session: Session, cutoff: datetime, first: int, end: int) -> list[int]:
    """Decided comments whose last decision is older than `cutoff`, not yet erased, and not
    still needed: an open formal information request, or an open swarm under review. Among ids
    `first` to `end` (excluded): read as a range of the primary key, the conditions are checked
    on those rows only (a LIMIT over the whole table walked every decided comment again for
    each batch: bench/retention_speed.py, bench/README.md)."""
    newer = exists().where(Decision.comment_id == Comment.id, Decision.decided_at >= cutoff)
    open_request = exists().where(FormalRequest.comment_id == Comment.id, FormalRequest.answered_at.is_(None))
    open_swarm = exists().where(SwarmMember.comment_id == Comment.id, SwarmMember.swarm_id == Swarm.id,
                                Swarm.status == "open")
    query = (select(Comment.id).where(Comment.id >= first, Comment.id < end, Comment.status == DECIDED,
                                      Comment.redacted_at.is_(None), Comment.created_at < cutoff,
                                      ~newer, ~open_request, ~open_swarm)
             .order_by(Comment.id))
    return list(session.exec(query))


def run_retention(session: Session, days: int, actor: str, now: datetime | None = None) -> RetentionResult:
    """Erase the text and author details of comments decided more than `days` ago, and record
    the run. Idempotent: erased comments are not counted again."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    comments = accounts = 0
    first, last = session.exec(select(func.min(Comment.id), func.max(Comment.id))).one()
    for start in range(first or 0, (last or 0) + 1, BATCH):
        if ids := expired_comments(session, cutoff, start, start + BATCH):
            comments += erase_comments(session, ids)
            accounts += erase_finished_accounts(session, ids)
    session.add(PrivacyEvent(kind="retention", actor=actor[:64],
                             details={"days": days, "cutoff": cutoff.isoformat(timespec="seconds"),
                                      "comments": comments, "accounts": accounts}))
    session.flush()
    return RetentionResult(cutoff, comments, accounts)


def erase_comments(session: Session, ids: Sequence[int], usernames: Iterable[str] = ()) -> int:
    """Replace the texts of comments `ids` by the erased mark and their hash, and scrub the free
    text around them (the model's reasons and draft, replies and notes about them)."""
    now = utcnow()
    rows = session.exec(select(Comment.id, Comment.text, Account.username, Account.display_name)
                        .join(Account, Account.id == Comment.account_id, isouter=True)
                        .where(Comment.id.in_(ids), Comment.redacted_at.is_(None))).all()
    if not rows:
        return 0
    ids = [row[0] for row in rows]
    session.execute(update(Comment), [{"id": i, "text": ERASED, "text_sha256": text_sha256(text),
                                       "redacted_at": now} for i, text, _, _ in rows])
    session.exec(update(Suggestion).where(Suggestion.comment_id.in_(ids))
                 .values(reasons=[], reply_draft=None))
    # Each comment's own words and author: a batch's other texts are not looked for around it.
    words = {i: ({text, mask(text)}, {n for n in (*author, *usernames) if n}) for i, text, *author in rows}
    _scrub_around(session, words)
    return len(rows)


def _scrub_around(session: Session, words: dict[int, tuple[set[str], set[str]]]) -> None:
    """Replies and notes about the comments in `words` (decisions, their reviews, formal
    requests), scrubbed of each comment's (texts, usernames). Read as tuples and written back as
    one UPDATE per changed row by primary key, of the changed columns only (the audit trail's
    triggers allow these): loading and flushing a Decision object each took half the run."""
    ids = list(words)
    decisions = session.exec(select(Decision.id, Decision.comment_id, Decision.reply_text, Decision.note)
                             .where(Decision.comment_id.in_(ids),
                                    or_(Decision.reply_text.is_not(None), Decision.note.is_not(None))))
    _write_scrubbed(session, Decision, ("reply_text", "note"), decisions, words)
    reviews = session.exec(select(Review.id, Decision.comment_id, Review.note)
                           .join(Decision, Decision.id == Review.decision_id)
                           .where(Decision.comment_id.in_(ids), Review.note.is_not(None)))
    _write_scrubbed(session, Review, ("note",), reviews, words)
    requests = session.exec(select(FormalRequest.id, FormalRequest.comment_id, FormalRequest.note)
                            .where(FormalRequest.comment_id.in_(ids), FormalRequest.note.is_not(None)))
    _write_scrubbed(session, FormalRequest, ("note",), requests, words)


def _write_scrubbed(session: Session, model, fields: tuple[str, ...], rows, words: dict) -> None:
    """`rows` of (id, comment id, *fields) scrubbed of their comment's words."""
    changes = []
    for row_id, comment_id, *values in rows:
        change = {name: cleaned for name, value in zip(fields, values, strict=True)
                  if (cleaned := scrub(value, *words[comment_id])) != value}
        if change:
            changes.append({"id": row_id, **change})
    if changes:
        session.execute(update(model), changes)


def erase_finished_accounts(session: Session, comment_ids: Sequence[int]) -> int:
    """Erase the details of the authors of `comment_ids` whose every comment is now erased."""
    authors = select(Comment.account_id).where(Comment.id.in_(comment_ids), Comment.account_id.is_not(None))
    unerased = exists().where(Comment.account_id == Account.id, Comment.redacted_at.is_(None))
    done = list(session.exec(select(Account.id).where(Account.id.in_(authors), Account.redacted_at.is_(None),
                                                      ~unerased)))
    return erase_accounts(session, done)


def erase_accounts(session: Session, ids: Sequence[int]) -> int:
    if not ids:
        return 0
    # The key becomes the row's own number: unique, and no later import can match it.
    session.execute(update(Account), [
        {"id": i, "key": f"erased-{i}", "external_id": None, "username": None, "display_name": None,
         "followers": None, "following": None, "posts": None, "has_profile_picture": None, "is_private": None,
         "bio": None, "account_created_at": None, "verified": None, "redacted_at": utcnow()} for i in ids])
    return len(ids)


# --- One person: what the desk holds, and erasing it -----------------------------------------

def accounts_of(session: Session, platform: str, username: str) -> list[Account]:
    name = username.strip().lstrip("@").lower()
    return list(session.exec(select(Account).where(Account.platform == platform,
                                                   func.lower(Account.username) == name)))


ACCOUNT_FIELDS = ("platform", "external_id", "username", "display_name", "followers", "following", "posts",
                  "has_profile_picture", "is_private", "bio", "account_created_at", "verified")


def holdings(session: Session, platform: str, username: str) -> dict:
    """Everything the desk holds on the account, as JSON-ready values (an access request)."""
    accounts = accounts_of(session, platform, username)
    comments = list(session.exec(select(Comment).where(Comment.account_id.in_([a.id for a in accounts]))
                                 .order_by(Comment.created_at)))
    return {"platform": platform, "username": username,
            "accounts": [{name: _plain(getattr(a, name)) for name in ACCOUNT_FIELDS} for a in accounts],
            "comments": [_comment_holding(session, c) for c in comments]}


def _comment_holding(session: Session, comment: Comment) -> dict:
    suggestion = session.exec(select(Suggestion).where(Suggestion.comment_id == comment.id)).first()
    decisions = session.exec(select(Decision, User.username).join(User, User.id == Decision.user_id)
                             .where(Decision.comment_id == comment.id).order_by(Decision.id)).all()
    request = session.exec(select(FormalRequest).where(FormalRequest.comment_id == comment.id)).first()
    return {
        "id": comment.id, "external_id": comment.external_id, "text": comment.text,
        "created_at": _plain(comment.created_at), "status": comment.status,
        "erased_at": _plain(comment.redacted_at),
        "suggestion": suggestion and {"label": suggestion.label, "action": suggestion.action,
                                      "confidence": suggestion.confidence, "reasons": suggestion.reasons,
                                      "personal_data": suggestion.personal_data,
                                      "model_version": suggestion.model_version},
        "decisions": [{"decided_at": _plain(d.decided_at), "decided_by": who, "label": d.label,
                       "action": d.action, "reply_text": d.reply_text, "note": d.note,
                       "corrects": d.corrects_id} for d, who in decisions],
        "formal_request": request and {"received_on": _plain(request.received_on),
                                       "due_on": _plain(request.due_on),
                                       "answered_at": _plain(request.answered_at)},
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass(frozen=True)
class Erasure:
    accounts: int
    comments: int
    mentions: int  # other texts the username was scrubbed from
    texts: list[str]  # what was erased, for the caller to scrub files with; never stored
    usernames: list[str]


# Where free text may name a person: (table, columns, whether the desk wrote it: then the
# person's words and bare username are looked for too).
FREE_TEXT = ((Comment, ("text",), False), (Decision, ("reply_text", "note"), True), (Review, ("note",), True),
             (FormalRequest, ("note",), True), (Narrative, ("summary", "draft", "approved_text"), True))
NEEDLES_PER_QUERY = 100  # an OR of LIKEs per query, well below SQLite's expression depth of 1,000


def forget(session: Session, platform: str, username: str, actor: str) -> Erasure:
    """Erase everything the desk holds on the account, and record that it was done (counts only)."""
    overwrite_freed_space(session)
    accounts = accounts_of(session, platform, username)
    ids = list(session.exec(select(Comment.id).where(Comment.account_id.in_([a.id for a in accounts]))))
    texts = list(session.exec(select(Comment.text).where(Comment.id.in_(ids), Comment.redacted_at.is_(None))))
    # Display names are scrubbed only around the person's own comments: one may be a common
    # word ("Sahabat"), which must not be erased from every other text.
    usernames = sorted({username.strip().lstrip("@")} | {a.username for a in accounts if a.username})
    for start in range(0, len(ids), BATCH):
        erase_comments(session, ids[start:start + BATCH], usernames)
    erase_accounts(session, [a.id for a in accounts])
    mentions = _scrub_mentions(session, set(texts) | {mask(t) for t in texts}, usernames)
    session.add(PrivacyEvent(kind="forget", actor=actor[:64], platform=platform,
                             details={"accounts": len(accounts), "comments": len(ids), "mentions": mentions}))
    session.flush()
    return Erasure(len(accounts), len(ids), mentions, texts, usernames)


def _scrub_mentions(session: Session, secrets: set[str], usernames: list[str]) -> int:
    """The person's username wherever else free text holds it, and their words in the desk's own
    texts (replies, notes, crisis narratives). In others' comments only the name is erased (as a
    mention, or bare when no ordinary word could be it): their own words stay, even where they
    repeat the person's."""
    changed = 0
    for model, fields, desk_text in FREE_TEXT:
        words = {s.lower() for s in secrets} if desk_text else set()
        names = {n.lower() if desk_text or looks_like_a_handle(n) else f"@{n.lower()}" for n in usernames}
        looked_for = sorted(names | words)
        columns = [getattr(model, f) for f in fields]
        for start in range(0, len(looked_for), NEEDLES_PER_QUERY):
            needles = looked_for[start:start + NEEDLES_PER_QUERY]
            hits = session.exec(select(model).where(or_(*(func.lower(c).contains(n, autoescape=True)
                                                          for c in columns for n in needles)))).all()
            for row in hits:
                before = [getattr(row, f) for f in fields]
                for name in fields:
                    value = getattr(row, name)
                    cleaned = scrub(value, secrets if desk_text else (), usernames, bare_names=desk_text)
                    if cleaned != value:  # only changed columns are written (the audit's triggers)
                        setattr(row, name, cleaned)
                changed += before != [getattr(row, f) for f in fields]
    return changed


# --- The access log ---------------------------------------------------------------------------

def may_see_unmasked(user: User, claimed_by: str | None) -> bool:
    """Supervisors, and the admin who holds the comment's live claim."""
    return user.role == Role.SUPERVISOR or claimed_by == user.username


def shown_texts(session: Session, user: User, items: Iterable, place: str = "queue") -> dict[int, str]:
    """The text each queue item shows `user` (masked unless they may see it), logging each
    unmasked view of a text that holds personal data."""
    shown, seen = {}, []
    for item in items:
        text, masked = item.comment.text, mask(item.comment.text)
        if masked != text and may_see_unmasked(user, item.claimed_by):
            seen.append(item.comment.id)
            shown[item.comment.id] = text
        else:
            shown[item.comment.id] = masked
    log_views(session, user, seen, place)
    return shown


def log_views(session: Session, user: User, comment_ids: Iterable[int], place: str) -> None:
    now = utcnow()
    session.add_all([PersonalDataView(user_id=user.id, comment_id=i, place=place, viewed_at=now)
                     for i in comment_ids])
    session.flush()


def recent_views(session: Session, limit: int = 50) -> list[tuple[PersonalDataView, str]]:
    return list(session.exec(select(PersonalDataView, User.username)
                             .join(User, User.id == PersonalDataView.user_id)
                             .order_by(PersonalDataView.id.desc()).limit(limit)))


def recent_events(session: Session, limit: int = 20) -> list[PrivacyEvent]:
    return list(session.exec(select(PrivacyEvent).order_by(PrivacyEvent.id.desc()).limit(limit)))


def record_access(session: Session, platform: str, actor: str, found: dict) -> None:
    counts = {"accounts": len(found["accounts"]), "comments": len(found["comments"])}
    session.add(PrivacyEvent(kind="access", actor=actor[:64], platform=platform, details=counts))
    session.flush()


def overwrite_freed_space(session: Session) -> None:
    """SQLite: zero the space erased text leaves behind, on this connection (secure_delete)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA secure_delete=ON")


def compact(engine) -> None:
    """Make erased text unrecoverable from the database files: SQLite's search index merged
    (dropping old entries), free pages dropped (VACUUM) and the write-ahead log emptied;
    PostgreSQL's dead row versions vacuumed."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("INSERT INTO comment_search(comment_search) VALUES ('optimize')")
            connection.exec_driver_sql("VACUUM")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            for table in ERASED_TABLES:
                connection.exec_driver_sql(f"VACUUM {table}")
