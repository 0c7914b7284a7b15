"""Counts the operators' metrics read from the store, each one aggregate query (GROUP BY), so
that a scrape stays cheap however large the store grows."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, case, cast, func
from sqlmodel import Session, select

from triage.store.models import Comment, Decision, FormalRequest, Suggestion
from triage.store.queue import PENDING

# Upper bounds (seconds) of the arrival-to-decision histogram: a minute to a week.
DECISION_BUCKETS = (60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 86400, 3 * 86400, 7 * 86400)


@dataclass(frozen=True)
class DecisionTimes:
    """Cumulative counts of first decisions within each of DECISION_BUCKETS, their count and
    the sum of their seconds (a Prometheus histogram's parts)."""
    within: list[int]
    count: int
    total_seconds: float


def queue_by_label(session: Session) -> list[tuple[str, int]]:
    """(suggested label, comments waiting in the queue); counted in the queue's label index."""
    return _pending_by(session, Comment.suggested_label)


def queue_by_platform(session: Session) -> list[tuple[str, int]]:
    """(platform, comments waiting in the queue); counted in the queue's platform index."""
    return _pending_by(session, Comment.platform)


def _pending_by(session: Session, column) -> list[tuple[str, int]]:
    # One column at a time: each has a queue index that starts (status, column), so the count
    # never reads the table (both at once read every pending row: bench/metrics_speed.py).
    rows = session.exec(select(column, func.count()).where(Comment.status == PENDING).group_by(column))
    return [(value or "", count) for value, count in rows]


def imported_by_platform(session: Session) -> list[tuple[str, int]]:
    return list(session.exec(select(Comment.platform, func.count()).group_by(Comment.platform)))


def scored(session: Session) -> int:
    """Stored suggestions (every imported comment is scored once, as it is imported)."""
    return session.exec(select(func.count()).select_from(Suggestion)).one()


def decisions_by_action(session: Session) -> list[tuple[str, int]]:
    """Every decision recorded, corrections included, per action."""
    return list(session.exec(select(Decision.action, func.count()).group_by(Decision.action)))


def information_requests(session: Session, today: date) -> tuple[int, int]:
    """(open formal information requests, those past their due day)."""
    open_now = FormalRequest.answered_at.is_(None)
    overdue = func.sum(case((FormalRequest.due_on < today, 1), else_=0))
    total, late = session.exec(select(func.count(), overdue).where(open_now)).one()
    return total, int(late or 0)


def decision_times(session: Session) -> DecisionTimes:
    """How long comments waited from arrival at the desk (import) to their first decision."""
    seconds = _seconds_between(session, Comment.imported_at, Decision.decided_at)
    # Grouped by whole minutes so that each row's wait is worked out once (a CASE per bucket
    # worked it out for every bucket); the buckets' bounds are whole minutes too.
    minutes = _whole_minutes(session, seconds)
    rows = session.exec(select(minutes, func.count(), func.sum(seconds))
                        .join(Comment, Comment.id == Decision.comment_id)
                        .where(Decision.corrects_id.is_(None)).group_by(minutes)).all()
    within = [sum(count for minute, count, _ in rows if minute * 60 < bound) for bound in DECISION_BUCKETS]
    return DecisionTimes(within=within, count=sum(row[1] for row in rows),
                         total_seconds=float(sum(row[2] or 0 for row in rows)))


def _seconds_between(session: Session, start, end):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def _whole_minutes(session: Session, seconds):
    if session.get_bind().dialect.name == "postgresql":
        return func.floor(seconds / 60)
    return cast(seconds / 60, Integer)  # SQLite's CAST truncates, and waits are not negative
