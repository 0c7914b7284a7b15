from datetime import timedelta

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from tests.factories import comment, load, make_user, store_engine
from triage.store import audit, queue
from triage.store.audit import AuditFilters
from triage.store.db import make_engine, session_scope, upgrade
from triage.store.models import Comment, Decision, Review, utcnow
from triage.store.queue import QueueError
from triage.store.users import Role, find_user

TEXTS = ["hadir", "mantap min", "jam besuk kapan?", "keluarga dimintai uang di rutan", "dasar goblok",
         "syarat remisi apa", "keren programnya", "pelayanan lambat"]


def desk_with_decisions(engine, model):
    make_user(engine, "ani")
    make_user(engine, "budi")
    make_user(engine, "sari", Role.SUPERVISOR)
    load(engine, model, [comment(str(i), text, minutes=i) for i, text in enumerate(TEXTS)])
    with session_scope(engine) as session:
        for i, c in enumerate(session.exec(select(Comment).order_by(Comment.id))):
            who = find_user(session, "ani" if i % 2 == 0 else "budi")
            queue.claim(session, c.id, who, minutes=10)
            label, action = _suggested(session, c.id)
            if i == 0:  # one override: "hadir" is surely not a complaint
                label, action = "complaint", "move_to_dm"
            queue.decide(session, c.id, who, label, action)


def _suggested(session, comment_id):
    from triage.store.models import Suggestion

    s = session.exec(select(Suggestion).where(Suggestion.comment_id == comment_id)).one()
    return s.label, s.action


@pytest.fixture
def engine(shipped_model):
    engine = store_engine()
    desk_with_decisions(engine, shipped_model)
    return engine


def test_audit_lists_decisions_beside_the_suggestion_newest_first(engine):
    with session_scope(engine) as session:
        rows, more = audit.decisions(session, AuditFilters())
    assert len(rows) == len(TEXTS) and more is None
    assert [r.decision.id for r in rows] == sorted((r.decision.id for r in rows), reverse=True)
    assert all(r.suggestion is not None and r.waited >= timedelta(0) for r in rows)


def test_audit_filters(engine):
    with session_scope(engine) as session:
        assert {r.decided_by for r in audit.decisions(session, AuditFilters(username="ani"))[0]} == {"ani"}
        overridden = audit.decisions(session, AuditFilters(overridden=True))[0]
        assert [r.comment.text for r in overridden] == ["hadir"]
        today = utcnow().date()
        assert len(audit.decisions(session, AuditFilters(start=today - timedelta(days=1)))[0]) == len(TEXTS)
        assert audit.decisions(session, AuditFilters(end=today - timedelta(days=2)))[0] == []


def test_paging_walks_every_decision_once(engine):
    seen, before = [], None
    with session_scope(engine) as session:
        while True:
            rows, before = audit.decisions(session, AuditFilters(), before=before, limit=3)
            seen += [r.decision.id for r in rows]
            if before is None:
                break
    assert len(seen) == len(set(seen)) == len(TEXTS)


def test_sampling_draws_distinct_decisions_within_the_filter(engine):
    with session_scope(engine) as session:
        drawn = audit.sample(session, AuditFilters(username="budi"), 3)
        everything = audit.sample(session, AuditFilters(), 100)
    assert len(drawn) == 3 and {r.decided_by for r in drawn} == {"budi"}
    assert len({r.decision.id for r in drawn}) == 3
    assert len(everything) == len(TEXTS)


def test_reviews_and_corrections_are_new_records(engine):
    with session_scope(engine) as session:
        sari = find_user(session, "sari")
        first = session.exec(select(Decision).order_by(Decision.id)).first()
        audit.review(session, first.id, sari, "wrong", "it is a greeting", correct_label="support")
        correction = audit.correct(session, first.id, sari, "support", "like", "a greeting is support")
        with pytest.raises(QueueError, match="say why"):
            audit.correct(session, first.id, sari, "support", "like", " ")
    with session_scope(engine) as session:
        original = session.get(Decision, first.id)
        assert (original.label, original.action) == (first.label, first.action)
        assert session.get(Decision, correction.id).corrects_id == first.id
        row = next(r for r in audit.decisions(session, AuditFilters())[0] if r.decision.id == correction.id)
        assert row.corrects.id == first.id
        assert session.exec(select(Review)).one().correct_label == "support"


def test_the_database_refuses_to_change_or_delete_the_audit_trail(tmp_path, shipped_model):
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    upgrade(url)
    engine = make_engine(url)
    desk_with_decisions(engine, shipped_model)
    for statement in ("UPDATE decision SET label = 'support'", "DELETE FROM decision"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.exec_driver_sql(statement)
    with session_scope(engine) as session:
        assert len(session.exec(select(Decision)).all()) == len(TEXTS)
