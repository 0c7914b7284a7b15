"""The audit trail: every decision beside the model's suggestion, reviews of sampled decisions,
and corrections. Append-only: a correction or a review is a new row pointing to the old one."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from triage.files.exports import Table
from triage.labels import Action, Label
from triage.playbook.workdays import DESK_TIMEZONE
from triage.store.models import Comment, Decision, ModelEvent, Review, Suggestion, Undo, User, utcnow
from triage.store.queue import QueueError

VERDICTS = ("right", "wrong")
AUTO_FILTERS = ("all", "drawn")


@dataclass(frozen=True)
class AuditFilters:
    username: str | None = None
    platform: str | None = None
    label: str | None = None  # the label the desk decided
    overridden: bool | None = None
    start: date | None = None  # desk days (WIB), inclusive
    end: date | None = None
    auto: str | None = None  # "all": the model's own decisions; "drawn": those drawn for review


@dataclass
class AuditRow:
    decision: Decision
    comment: Comment
    suggestion: Suggestion | None
    decided_by: str
    corrects: Decision | None = None
    reviews: list[tuple[Review, str]] = field(default_factory=list)
    undone_by: str | None = None  # a person sent the model's decision back to the queue

    @property
    def waited(self) -> timedelta:
        return self.decision.decided_at - self.comment.created_at


def _desk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=DESK_TIMEZONE)


def _query(filters: AuditFilters):
    query = (select(Decision, Comment, Suggestion, User.username)
             .join(Comment, Comment.id == Decision.comment_id)
             .join(Suggestion, Suggestion.id == Decision.suggestion_id, isouter=True)
             .join(User, User.id == Decision.user_id))
    if filters.username:
        query = query.where(User.username == filters.username)
    if filters.platform:
        query = query.where(Comment.platform == filters.platform)
    if filters.label:
        query = query.where(Decision.label == filters.label)
    if filters.overridden is not None:
        query = query.where(Decision.overrode_suggestion == filters.overridden)
    if filters.start:
        query = query.where(Decision.decided_at >= _desk_midnight(filters.start))
    if filters.end:
        query = query.where(Decision.decided_at < _desk_midnight(filters.end + timedelta(days=1)))
    if filters.auto in AUTO_FILTERS:
        query = query.where(Decision.auto_rule.is_not(None))
    if filters.auto == "drawn":
        query = query.where(Decision.review_drawn)
    return query


def decisions(session: Session, filters: AuditFilters, before: int | None = None,
              limit: int = 50) -> tuple[list[AuditRow], int | None]:
    """Newest first, one page; the id to pass as `before` for the next page (keyset paging)."""
    query = _query(filters)
    if before:
        query = query.where(Decision.id < before)
    rows = session.exec(query.order_by(Decision.id.desc()).limit(limit + 1)).all()
    page = _rows(session, rows[:limit])
    return page, page[-1].decision.id if len(rows) > limit else None


def sample(session: Session, filters: AuditFilters, count: int) -> list[AuditRow]:
    """`count` decisions drawn at random from those matching `filters`, for review."""
    rows = session.exec(_query(filters).order_by(func.random()).limit(count)).all()
    return _rows(session, rows)


def _rows(session: Session, rows) -> list[AuditRow]:
    result = [AuditRow(d, c, s, name) for d, c, s, name in rows]
    ids = [row.decision.id for row in result]
    reviewer = aliased(User)
    reviews: dict[int, list] = {}
    for review, name in session.exec(select(Review, reviewer.username)
                                     .join(reviewer, reviewer.id == Review.reviewer_id)
                                     .where(Review.decision_id.in_(ids)).order_by(Review.id)):
        reviews.setdefault(review.decision_id, []).append((review, name))
    earlier = {d.id: d for d in session.exec(select(Decision).where(
        Decision.id.in_([r.decision.corrects_id for r in result if r.decision.corrects_id])))}
    undone = dict(session.exec(select(Undo.decision_id, User.username).join(User, User.id == Undo.user_id)
                               .where(Undo.decision_id.in_(ids))).all())
    for row in result:
        row.undone_by = undone.get(row.decision.id)
        row.reviews = reviews.get(row.decision.id, [])
        row.corrects = earlier.get(row.decision.corrects_id)
    return result


def review(session: Session, decision_id: int, reviewer: User, verdict: str, note: str | None = None,
           correct_label: str | None = None) -> Review:
    if verdict not in VERDICTS:
        raise QueueError("a review says right or wrong")
    if session.get(Decision, decision_id) is None:
        raise QueueError("no decision with that number")
    if verdict == "right" and correct_label:
        raise QueueError("a decision reviewed as right has no other correct label")
    item = Review(decision_id=decision_id, reviewer_id=reviewer.id, verdict=verdict, note=note or None,
                  correct_label=Label(correct_label).value if correct_label else None)
    session.add(item)
    session.flush()
    return item


def correct(session: Session, decision_id: int, supervisor: User, label: str, action: str,
            note: str) -> Decision:
    """Record a correction: a new decision that points to the one it corrects."""
    earlier = session.get(Decision, decision_id)
    if earlier is None:
        raise QueueError("no decision with that number")
    if not note.strip():
        raise QueueError("say why the decision is corrected")
    label, action = Label(label).value, Action(action).value
    suggestion = session.get(Suggestion, earlier.suggestion_id) if earlier.suggestion_id else None
    overrode = suggestion is None or (suggestion.label, suggestion.action) != (label, action)
    correction = Decision(comment_id=earlier.comment_id, user_id=supervisor.id, label=label, action=action,
                          note=note.strip(), corrects_id=earlier.id, suggestion_id=earlier.suggestion_id,
                          decided_at=utcnow(), overrode_suggestion=overrode)
    session.add(correction)
    session.flush()
    return correction


def model_events(session: Session, limit: int = 20) -> list[ModelEvent]:
    return list(session.exec(select(ModelEvent).order_by(ModelEvent.id.desc()).limit(limit)))


AUDIT_HEADER = ["decision", "decided at (UTC)", "decided by", "platform", "comment", "waited minutes",
                "model label", "model action", "confidence", "model version", "label", "action",
                "overridden", "reply sent", "note", "corrects decision", "reviews"]


def as_table(rows: list[AuditRow]) -> Table:
    """Audit rows for CSV and Excel export (comments and replies are hostile text: the export
    neutralises formulas)."""
    return Table("audit", AUDIT_HEADER, [
        [r.decision.id, r.decision.decided_at.isoformat(timespec="seconds"), r.decided_by, r.comment.platform,
         r.comment.text, round(r.waited.total_seconds() / 60, 1),
         r.suggestion.label if r.suggestion else "", r.suggestion.action if r.suggestion else "",
         r.suggestion.confidence if r.suggestion else "", r.suggestion.model_version if r.suggestion else "",
         r.decision.label, r.decision.action, r.decision.overrode_suggestion, r.decision.reply_text or "",
         r.decision.note or "", r.decision.corrects_id or "",
         "; ".join(f"{name}: {review.verdict}" for review, name in r.reviews)]
        for r in rows])


def record_model_event(session: Session, kind: str, version: str, previous: str | None, actor: str,
                       details: dict) -> None:
    """A promotion or rollback of a model (`triage.model.promotion`), for the audit page."""
    session.add(ModelEvent(kind=kind, version=version, previous_version=previous, actor=actor,
                           details=details))
