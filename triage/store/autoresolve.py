"""Comments the desk resolves without a person: recorded as the model's decisions (with the
auto rule and threshold), listed apart, undone back to the queue, sampled for review, and their
measured error set beside the promised one.

Which comments qualify is decided when they are scored (`Playbook.auto_resolve`: label and
action, confidence, personal data, needs_review); here, after an import has looked for swarms,
a comment in a swarm is held back too.
"""

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, insert, update
from sqlmodel import Session, select

from triage.labels import Action, Label
from triage.live import actions
from triage.model.thresholds import wilson_lower
from triage.store.models import (
    Account,
    Comment,
    Decision,
    Review,
    Suggestion,
    SwarmMember,
    Undo,
    User,
    utcnow,
)
from triage.store.queue import AUTO, PENDING, QueueError

MODEL_USERNAME = "(model)"  # not a name `triage users add` accepts, so no person can hold it
MODEL_ROLE = "model"
CHUNK = 2_000  # comments resolved per statement
NOT_AUTO = "This comment is not (or no longer) resolved automatically: nothing was undone."


@dataclass(frozen=True)
class Resolved:
    comment: Comment
    suggestion: Suggestion
    account: Account | None


@dataclass(frozen=True)
class ErrorRow:
    label: str
    resolved: int
    undone: int
    drawn: int
    reviewed: int
    wrong: int

    @property
    def measured_error(self) -> float | None:
        return self.wrong / self.reviewed if self.reviewed else None

    @property
    def error_upper_95(self) -> float | None:
        """The error it may be at most (one-sided 95%), given how few were reviewed."""
        return 1 - wilson_lower(self.reviewed - self.wrong, self.reviewed) if self.reviewed else None


def model_user(session: Session) -> User:
    """The user the model's own decisions are recorded under (made once; it cannot sign in)."""
    user = session.exec(select(User).where(User.username == MODEL_USERNAME)).first()
    if user is None:
        # "!" is no argon2 hash: no password matches it.
        user = User(username=MODEL_USERNAME, password_hash="!", role=MODEL_ROLE, active=False)  # noqa: S106
        session.add(user)
        session.flush()
    return user


def newest_comment_id(session: Session) -> int:
    """Comments stored after this call have larger ids (an import's new comments)."""
    return session.exec(select(func.max(Comment.id))).one() or 0


def resolve_new(session: Session, after_id: int, review_rate: float, rng: random.Random | None = None,
                platform_actions: str = "off") -> int:
    """Resolve the pending comments with ids above `after_id` whose suggestion allows it and
    which are in no swarm; draw each for review with probability `review_rate`. Unless
    `platform_actions` (TRIAGE_ACTIONS) is off, the like or hide each decision makes is written to
    the platform outbox, as a person's decision would. Returns how many were resolved."""
    rng = rng or random.Random()  # noqa: S311 - a review sample, not a secret
    model = None  # made on the first comment to resolve, so a desk without any has no such user
    done, last = 0, after_id
    while True:
        rows = session.exec(
            select(Comment.id, Suggestion.id, Suggestion.label, Suggestion.action, Suggestion.auto_rule,
                   Suggestion.auto_threshold, Suggestion.confidence, Suggestion.hide)
            .join(Suggestion, Suggestion.comment_id == Comment.id)
            .where(Comment.id > last, Comment.status == PENDING, Comment.claimed_by.is_(None),
                   Suggestion.auto_rule.is_not(None),
                   ~exists().where(SwarmMember.comment_id == Comment.id))
            .order_by(Comment.id).limit(CHUNK)).all()
        if not rows:
            return done
        last = rows[-1][0]
        model = model or model_user(session)
        done += _resolve(session, rows, model, review_rate, rng, platform_actions)


def _resolve(session: Session, rows, model: User, review_rate: float, rng: random.Random,
             platform_actions: str) -> int:
    ids = [row[0] for row in rows]
    taken = set(session.exec(update(Comment).where(Comment.id.in_(ids), Comment.status == PENDING,
                                                   Comment.claimed_by.is_(None))
                             .values(status=AUTO).returning(Comment.id)).scalars())
    now = utcnow()
    decisions = [{"comment_id": comment_id, "user_id": model.id, "decided_at": now, "label": label,
                  "action": action, "note": f"{rule}: confidence {confidence:.3f} ≥ {threshold:.3f}",
                  "overrode_suggestion": False, "suggestion_id": suggestion_id, "auto_rule": rule,
                  "auto_threshold": threshold, "review_drawn": rng.random() < review_rate, "hide": hide}
                 for comment_id, suggestion_id, label, action, rule, threshold, confidence, hide in rows
                 if comment_id in taken]
    if decisions:
        session.execute(insert(Decision), decisions)
        acting = [d["comment_id"] for d in decisions if d["hide"] or d["action"] == Action.LIKE]
        _plan_platform_calls(session, acting, now, platform_actions)
    return len(decisions)


def _plan_platform_calls(session: Session, comment_ids: list[int], decided_at: datetime, mode: str) -> None:
    if mode == "off" or not comment_ids:
        return
    found = session.exec(select(Decision, Comment).join(Comment, Comment.id == Decision.comment_id)
                         .where(Decision.comment_id.in_(comment_ids), Decision.auto_rule.is_not(None),
                                Decision.decided_at == decided_at))
    for decision, comment in found:
        actions.plan(session, decision, comment, mode)


def undo(session: Session, comment_id: int, user: User) -> Undo:
    """Send an auto-resolved comment back to the queue; the model's decision stays in the audit
    trail and the undo is recorded beside it."""
    decision = session.exec(select(Decision).where(Decision.comment_id == comment_id,
                                                   Decision.auto_rule.is_not(None))
                            .order_by(Decision.id.desc())).first()
    moved = session.exec(update(Comment).where(Comment.id == comment_id, Comment.status == AUTO)
                         .values(status=PENDING, claimed_by=None, claim_expires_at=None))
    if decision is None or moved.rowcount != 1:
        raise QueueError(NOT_AUTO)
    record = Undo(decision_id=decision.id, user_id=user.id)
    session.add(record)
    session.flush()
    return record


def resolved(session: Session, before: int | None = None,
             limit: int = 25) -> tuple[list[Resolved], int | None]:
    """Auto-resolved comments still off the queue, newest first, and the id to page on from."""
    query = (select(Comment, Suggestion, Account)
             .join(Suggestion, Suggestion.comment_id == Comment.id)
             .join(Account, Account.id == Comment.account_id, isouter=True)
             .where(Comment.status == AUTO))
    if before:
        query = query.where(Comment.id < before)
    rows = session.exec(query.order_by(Comment.id.desc()).limit(limit + 1)).all()
    page = [Resolved(*row) for row in rows[:limit]]
    return page, page[-1].comment.id if len(rows) > limit else None


def resolved_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Comment).where(Comment.status == AUTO)).one()


def total(rows: list[ErrorRow]) -> ErrorRow:
    return ErrorRow("semua", *(sum(getattr(r, name) for r in rows)
                               for name in ("resolved", "undone", "drawn", "reviewed", "wrong")))


def error_rows(session: Session, start: datetime, end: datetime) -> list[ErrorRow]:
    """Per label, the model's decisions in [start, end): how many, how many a person undid,
    how many were drawn for review, reviewed and found wrong (the measured error is over the
    drawn sample, which is random, so it estimates the error of them all)."""
    in_window = (Decision.auto_rule.is_not(None), Decision.decided_at >= start, Decision.decided_at < end)
    resolved_by = dict(session.exec(select(Decision.label, func.count()).where(*in_window)
                                    .group_by(Decision.label)).all())
    drawn = dict(session.exec(select(Decision.label, func.count()).where(*in_window, Decision.review_drawn)
                              .group_by(Decision.label)).all())
    undone = dict(session.exec(select(Decision.label, func.count(func.distinct(Undo.decision_id)))
                               .join(Undo, Undo.decision_id == Decision.id).where(*in_window)
                               .group_by(Decision.label)).all())
    last_review = (select(Review.decision_id, func.max(Review.id).label("id"))
                   .group_by(Review.decision_id).subquery())
    verdicts = session.exec(select(Decision.label, Review.verdict, func.count())
                            .join(last_review, last_review.c.decision_id == Decision.id)
                            .join(Review, Review.id == last_review.c.id)
                            .where(*in_window, Decision.review_drawn)
                            .group_by(Decision.label, Review.verdict)).all()
    reviewed: dict[str, int] = {}
    wrong: dict[str, int] = {}
    for label, verdict, count in verdicts:
        reviewed[label] = reviewed.get(label, 0) + count
        if verdict == "wrong":
            wrong[label] = wrong.get(label, 0) + count
    return [ErrorRow(label.value, resolved_by.get(label, 0), undone.get(label, 0), drawn.get(label, 0),
                     reviewed.get(label, 0), wrong.get(label, 0))
            for label in Label if resolved_by.get(label)]
