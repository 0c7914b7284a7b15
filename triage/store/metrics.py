"""Counts the operators' metrics read from the store, each one aggregate query (GROUP BY), so
that a scrape stays cheap however large the store grows."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func
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


def queue_depth(session: Session) -> list[tuple[str, str, int]]:
    """(label, platform, pending comments) for every pair that has any."""
    rows = session.exec(select(Comment.suggested_label, Comment.platform, func.count())
                        .where(Comment.status == PENDING)
                        .group_by(Comment.suggested_label, Comment.platform))
    return [(label or "", platform, count) for label, platform, count in rows]


def imported_by_platform(session: Session) -> list[tuple[str, int]]:
    return list(session.exec(select(Comment.platform, func.count()).group_by(Comment.platform)))


def scored_by_model(session: Session) -> list[tuple[str, int]]:
    """Stored suggestions per model version (every imported comment is scored once)."""
    return list(session.exec(select(Suggestion.model_version, func.count())
                             .group_by(Suggestion.model_version)))


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
    buckets = [func.sum(case((seconds <= bound, 1), else_=0)) for bound in DECISION_BUCKETS]
    row = session.exec(select(func.count(), func.sum(seconds), *buckets)
                       .join(Comment, Comment.id == Decision.comment_id)
                       .where(Decision.corrects_id.is_(None))).one()
    return DecisionTimes(within=[int(n or 0) for n in row[2:]], count=row[0],
                         total_seconds=float(row[1] or 0))


def _seconds_between(session: Session, start, end):
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0
