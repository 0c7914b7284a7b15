from datetime import date

import pytest
from sqlmodel import select

from tests.factories import comment, load, make_user, store_engine
from triage.playbook.workdays import WorkingCalendar
from triage.store import formal_requests
from triage.store.db import session_scope
from triage.store.models import Comment
from triage.store.queue import QueueError
from triage.store.users import find_user

CALENDAR = WorkingCalendar(extra={})


@pytest.fixture
def engine(shipped_model):
    engine = store_engine()
    make_user(engine, "ani")
    load(engine, shipped_model, [comment("1", "minta data jumlah napi per lapas untuk penelitian"),
                                 comment("2", "syarat remisi apa aja")])
    return engine


def comment_id(session, external_id):
    return session.exec(select(Comment.id).where(Comment.external_id == external_id)).one()


def test_a_formal_request_is_due_in_ten_working_days_and_can_be_extended_once(engine):
    with session_scope(engine) as session:
        ani = find_user(session, "ani")
        request = formal_requests.open_request(session, comment_id(session, "1"), ani, CALENDAR,
                                               received=date(2026, 11, 2))
        assert request.due_on == date(2026, 11, 16)
        formal_requests.extend(session, request.id, CALENDAR)
        assert request.due_on == date(2026, 11, 25)
        with pytest.raises(QueueError, match="one extension only"):
            formal_requests.extend(session, request.id, CALENDAR)


def test_open_requests_show_days_left_and_overdue_most_urgent_first(engine):
    with session_scope(engine) as session:
        ani = find_user(session, "ani")
        late = formal_requests.open_request(session, comment_id(session, "1"), ani, CALENDAR,
                                            received=date(2026, 11, 2))
        formal_requests.open_request(session, comment_id(session, "2"), ani, CALENDAR,
                                     received=date(2026, 11, 20))
        listed = formal_requests.open_requests(session, CALENDAR, today=date(2026, 11, 18))
        assert [o.request.id for o in listed][0] == late.id
        assert listed[0].overdue and listed[0].working_days_left == -2
        assert not listed[1].overdue and listed[1].working_days_left == 12  # due Fri 4 Dec


def test_answered_requests_leave_the_clock_and_cannot_be_opened_twice(engine):
    with session_scope(engine) as session:
        ani = find_user(session, "ani")
        target = comment_id(session, "1")
        request = formal_requests.open_request(session, target, ani, CALENDAR)
        with pytest.raises(QueueError, match="already a formal request"):
            formal_requests.open_request(session, target, ani, CALENDAR)
        formal_requests.answer(session, request.id)
        assert formal_requests.open_requests(session, CALENDAR) == []
        with pytest.raises(QueueError, match="no open formal request"):
            formal_requests.answer(session, request.id)
