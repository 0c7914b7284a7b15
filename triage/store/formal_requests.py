"""Formal information requests on the legal clock (UU 14/2008, art. 22): opened from an
information-request comment, due in 10 working days, extendable once by 7, then answered."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from triage.playbook.workdays import WorkingCalendar, desk_today
from triage.store.models import Comment, FormalRequest, User, utcnow
from triage.store.queue import QueueError


@dataclass(frozen=True)
class OpenRequest:
    request: FormalRequest
    comment: Comment
    working_days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


def open_request(session: Session, comment_id: int, user: User, calendar: WorkingCalendar,
                 received: date | None = None, note: str | None = None) -> FormalRequest:
    if session.get(Comment, comment_id) is None:
        raise QueueError("no such comment")
    if session.exec(select(FormalRequest).where(FormalRequest.comment_id == comment_id)).first():
        raise QueueError("this comment is already a formal request")
    received = received or desk_today()
    request = FormalRequest(comment_id=comment_id, opened_by=user.id, received_on=received,
                            due_on=calendar.answer_due(received), note=note or None)
    session.add(request)
    session.flush()
    return request


def extend(session: Session, request_id: int, calendar: WorkingCalendar) -> FormalRequest:
    request = _open(session, request_id)
    if request.extended:
        raise QueueError("the law allows one extension only (7 working days)")
    request.extended = True
    request.due_on = calendar.answer_due(request.received_on, extended=True)
    return request


def answer(session: Session, request_id: int) -> FormalRequest:
    request = _open(session, request_id)
    request.answered_at = utcnow()
    return request


def _open(session: Session, request_id: int) -> FormalRequest:
    request = session.get(FormalRequest, request_id)
    if request is None or request.answered_at is not None:
        raise QueueError("no open formal request with that number")
    return request


def open_requests(session: Session, calendar: WorkingCalendar,
                  today: date | None = None) -> list[OpenRequest]:
    """Open requests, the most urgent first."""
    today = today or desk_today()
    rows = session.exec(select(FormalRequest, Comment)
                        .join(Comment, Comment.id == FormalRequest.comment_id)
                        .where(FormalRequest.answered_at.is_(None)).order_by(FormalRequest.due_on))
    return [OpenRequest(request, comment, calendar.working_days_between(today, request.due_on))
            for request, comment in rows]
