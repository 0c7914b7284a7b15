"""Crisis mode in the store, on a replayed stream imported the way the desk imports."""

from pathlib import Path

import pytest
from sqlmodel import select

from tests.factories import make_user, store_engine
from triage.importers.registry import parse_file
from triage.store import queue, swarms
from triage.store.db import session_scope
from triage.store.ingest import import_records
from triage.store.models import Comment, Decision, Narrative, Suggestion, Swarm
from triage.store.queue import PENDING, QueueError, QueueFilters
from triage.store.users import Role, find_user

REPLAY = Path(__file__).resolve().parents[3] / "demo" / "x_swarm.json"
FACTS = "Halo Sahabat Pemasyarakatan, Lapas Sukamaju aman dan kondusif; tidak ada napi yang kabur."


@pytest.fixture
def engine(shipped_model):
    engine = store_engine()
    make_user(engine, "sari", Role.SUPERVISOR)
    summary = import_records(engine, parse_file(REPLAY, "x"), shipped_model.classifier, shipped_model.version)
    assert summary.swarms == 1
    return engine


def replay_attacks(model) -> int:
    """How many of the replay's comments the shipped model calls attacks (nearly all)."""
    texts = [record.text for record in parse_file(REPLAY, "x")]
    return sum(p.label == "attack" for p in model.classifier.predict(texts))


def test_a_replayed_swarm_opens_with_its_narratives(engine, shipped_model):
    with session_scope(engine) as session:
        swarm = session.exec(select(Swarm)).one()
        assert swarm.attack_count == replay_attacks(shipped_model) >= 20
        assert swarm.expected_count == 1.0
        assert swarm.suspicious_share > 0.5
        assert len(session.exec(select(Narrative)).all()) == 3


def test_swarm_comments_get_no_individual_answer(engine):
    with session_scope(engine) as session:
        members = session.exec(select(Suggestion).where(Suggestion.label == "attack")).all()
    assert {s.action for s in members} == {"no_response"}
    assert {s.rule for s in members} == {"attack in a swarm"}


def test_the_queue_filters_swarm_comments_by_their_new_action(engine):
    with session_scope(engine) as session:
        attacks = session.exec(select(Comment.id).where(Comment.suggested_label == "attack")).all()
        silenced = queue.pending(session, QueueFilters(action="no_response"), limit=len(attacks))[0]
        assert set(attacks) <= {item.comment.id for item in silenced}


def test_importing_the_replay_again_grows_nothing(engine, shipped_model):
    summary = import_records(engine, parse_file(REPLAY, "x"), shipped_model.classifier, shipped_model.version)
    assert (summary.new, summary.swarms) == (0, 0)


def test_approving_a_narrative_pins_one_answer_and_silences_the_rest(engine):
    with session_scope(engine) as session:
        narrative = session.exec(select(Narrative).where(Narrative.summary.contains("sukamaju"))).one()
        sari = find_user(session, "sari")
        with pytest.raises(QueueError, match="placeholder"):
            swarms.approve(session, narrative.id, sari, narrative.draft)
    with session_scope(engine) as session:
        decided = swarms.approve(session, narrative.id, find_user(session, "sari"), FACTS)
    with session_scope(engine) as session:
        decisions = session.exec(select(Decision)).all()
        pinned = [d for d in decisions if d.action == "pin_clarification"]
        assert decided == len(decisions) and len(pinned) == 1
        assert pinned[0].comment_id == narrative.representative_comment_id and pinned[0].reply_text == FACTS
        assert all(d.action == "no_response" for d in decisions if d not in pinned)
        left = session.exec(select(Comment).where(Comment.status == PENDING)).all()
        assert len(left) == 23 - decided  # the replay holds 23 comments
        with pytest.raises(QueueError, match="no narrative waiting"):
            swarms.approve(session, narrative.id, find_user(session, "sari"), FACTS)


def test_closing_a_swarm(engine):
    with session_scope(engine) as session:
        swarm = session.exec(select(Swarm)).one()
        swarms.close(session, swarm.id, find_user(session, "sari"))
        assert swarms.open_swarms(session) == []

