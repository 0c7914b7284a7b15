"""Comments resolved without a person: recorded as the model's decisions with rule and
threshold, never for what must wait for a person, undone back to the queue, sampled for review,
and one decision applied to many comments by a person."""

import random

import pytest
from sqlmodel import select

from tests.factories import comment, load, make_user, store_engine, with_auto_thresholds
from triage.playbook.rules import AutoCheck, playbook
from triage.store import audit, autoresolve, queue
from triage.store.db import session_scope
from triage.store.models import Comment, Decision, Suggestion, Swarm, SwarmMember, Undo, utcnow
from triage.store.queue import AUTO, PENDING, QueueError
from triage.store.users import Role, find_user

PRAISE = comment("1", "mantap min semangat terus 👍", minutes=0)
COMPLAINT = comment("2", "keluarga saya dimintai uang sama petugas rutan, tolong ditindak", minutes=1)
QUESTION = comment("3", "min jam besuk lapas cipinang kapan ya?", minutes=2)
PRAISE_WITH_PHONE = comment("4", "mantap min semangat terus, wa saya 081234567890", minutes=3)
SAMPLE = [PRAISE, COMPLAINT, QUESTION, PRAISE_WITH_PHONE]
# Every label may be resolved from any confidence: what is held back is held back by the rules.
EVERY_LABEL = dict.fromkeys(("support", "info_request", "complaint", "attack", "fake_account", "other"), 0.0)


@pytest.fixture
def engine():
    engine = store_engine()
    make_user(engine, "ani")
    make_user(engine, "sari", Role.SUPERVISOR)
    return engine


def statuses(engine) -> dict[str, str]:
    with session_scope(engine) as session:
        return dict(session.exec(select(Comment.external_id, Comment.status)).all())


def test_a_confident_plain_comment_is_decided_by_the_model_with_its_rule_and_threshold(engine, shipped_model):
    model = with_auto_thresholds(shipped_model, {"support": 0.5}, review_below=0.0)
    summary = load(engine, model, SAMPLE, auto=True)
    assert summary.auto_resolved == 1 and statuses(engine)["1"] == AUTO
    with session_scope(engine) as session:
        decision, who = session.exec(select(Decision, autoresolve.User.username)
                                     .join(autoresolve.User, autoresolve.User.id == Decision.user_id)).one()
        suggestion = session.get(Suggestion, decision.suggestion_id)
        assert who == autoresolve.MODEL_USERNAME
        assert (decision.label, decision.action, decision.auto_rule) == ("support", "like", "plain praise")
        assert decision.auto_threshold == 0.5 and suggestion.confidence >= 0.5
        items, _ = queue.pending(session, queue.QueueFilters())
        assert "1" not in [item.comment.external_id for item in items]


def test_complaints_questions_and_personal_data_always_wait_for_a_person(engine, shipped_model):
    model = with_auto_thresholds(shipped_model, EVERY_LABEL, review_below=0.0)
    load(engine, model, SAMPLE, auto=True)
    found = statuses(engine)
    assert (found["2"], found["3"], found["4"]) == (PENDING, PENDING, PENDING)


def test_the_gate_refuses_what_must_wait_whatever_the_thresholds():
    book = playbook()
    plain = AutoCheck("support", "like", "support", 0.99, needs_review=False)
    assert book.auto_resolve(plain, {"support": 0.9}, "dry-run") is not None
    for check in (AutoCheck("complaint", "move_to_dm", "complaint", 0.99, False),
                  AutoCheck("support", "like", "support", 0.99, needs_review=True),
                  AutoCheck("support", "move_to_dm", "personal data posted in public", 0.99, False,
                            ("phone",)),
                  AutoCheck("support", "like", "support", 0.99, False, in_swarm=True),
                  AutoCheck("support", "like", "support", 0.89, False)):
        assert book.auto_resolve(check, EVERY_LABEL | {"support": 0.9}, "dry-run") is None
    assert book.auto_resolve(plain, {"support": 0.9}, "off") is None  # a like needs TRIAGE_ACTIONS
    assert book.auto_resolve(plain, {"support": None}, "dry-run") is None  # target not met: never
    spam = AutoCheck("fake_account", "no_response", "suspected fake account", 0.999, False)
    assert book.auto_resolve(spam, {"fake_account": 0.9}, "dry-run") is None  # no account signal
    flagged = AutoCheck("fake_account", "no_response", "suspected fake account", 0.999, False,
                        account_signal=True)
    assert book.auto_resolve(flagged, {"fake_account": 0.9}, "dry-run") is not None


def test_flagged_for_review_waits_for_a_person(engine, shipped_model):
    load(engine, with_auto_thresholds(shipped_model, {"support": 0.0}, review_below=1.0), [PRAISE], auto=True)
    assert statuses(engine)["1"] == PENDING


def _scored_resolvable(engine, model, records) -> None:
    """Store `records` as the import would with nothing resolved yet, each suggestion marked
    resolvable (as scoring marks it), so that `resolve_new` can be called as the test wants."""
    load(engine, model, records)
    with session_scope(engine) as session:
        for suggestion in session.exec(select(Suggestion)):
            suggestion.auto_rule, suggestion.auto_threshold = "chatter", 0.5
            session.add(suggestion)


def test_a_comment_in_a_swarm_waits_for_a_person(engine, shipped_model):
    _scored_resolvable(engine, shipped_model, [PRAISE, comment("9", "hadir")])
    with session_scope(engine) as session:
        first = session.exec(select(Comment).where(Comment.external_id == "1")).one()
        now = utcnow()
        swarm = Swarm(platform="instagram", window_start=now, window_end=now, attack_count=9,
                      expected_count=1,
                      suspicious_share=0, duplicate_share=0)
        session.add(swarm)
        session.flush()
        session.add(SwarmMember(swarm_id=swarm.id, comment_id=first.id))
        session.flush()
        assert autoresolve.resolve_new(session, 0, review_rate=0.0) == 1
    assert statuses(engine) == {"1": PENDING, "9": AUTO}


def test_only_comments_stored_after_the_given_id_are_resolved(engine, shipped_model):
    _scored_resolvable(engine, shipped_model, [PRAISE, comment("9", "hadir")])
    with session_scope(engine) as session:
        newest = autoresolve.newest_comment_id(session)
        assert autoresolve.resolve_new(session, newest, review_rate=0.0) == 0
        assert autoresolve.resolve_new(session, newest - 1, review_rate=0.0) == 1


def test_undo_sends_it_back_to_the_queue_and_keeps_both_records(engine, shipped_model):
    load(engine, with_auto_thresholds(shipped_model, {"support": 0.5}, review_below=0.0), [PRAISE], auto=True)
    with session_scope(engine) as session:
        ani = find_user(session, "ani")
        comment_id = session.exec(select(Comment.id)).one()
        assert [r.comment.id for r in autoresolve.resolved(session)[0]] == [comment_id]
        autoresolve.undo(session, comment_id, ani)
        with pytest.raises(QueueError):
            autoresolve.undo(session, comment_id, ani)  # already back
        assert autoresolve.resolved(session)[0] == [] and autoresolve.resolved_count(session) == 0
        assert queue.claim(session, comment_id, ani, 10)
        queue.decide(session, comment_id, ani, "other", "no_response")
    with session_scope(engine) as session:
        rows, _ = audit.decisions(session, audit.AuditFilters())
        assert [(r.decided_by, r.undone_by) for r in rows] == [("ani", None),
                                                              (autoresolve.MODEL_USERNAME, "ani")]
        assert len(session.exec(select(Undo)).all()) == 1


@pytest.mark.parametrize("rate", [0.0, 1.0])
def test_the_review_sample_is_drawn_at_the_set_rate(engine, shipped_model, rate):
    texts = ["hadir", "hadir min", "mantap", "keren min", "semangat terus", "top"]
    _scored_resolvable(engine, shipped_model, [comment(f"c{i}", t, minutes=i) for i, t in enumerate(texts)])
    with session_scope(engine) as session:
        assert autoresolve.resolve_new(session, 0, review_rate=rate, rng=random.Random(1)) == len(texts)
        drawn = audit.decisions(session, audit.AuditFilters(auto="drawn"))[0]
        assert len(drawn) == round(rate * len(texts))
        assert len(audit.decisions(session, audit.AuditFilters(auto="all"))[0]) == len(texts)


def test_measured_error_counts_the_last_review_of_each_drawn_decision(engine, shipped_model):
    from datetime import timedelta

    texts = ["hadir", "hadir min", "mantap", "keren min"]
    _scored_resolvable(engine, shipped_model, [comment(f"c{i}", t, minutes=i) for i, t in enumerate(texts)])
    with session_scope(engine) as session:
        autoresolve.resolve_new(session, 0, review_rate=1.0)
        sari = find_user(session, "sari")
        decisions = session.exec(select(Decision).order_by(Decision.id)).all()
        audit.review(session, decisions[0].id, sari, "right")
        audit.review(session, decisions[0].id, sari, "wrong", correct_label="support")  # the last one counts
        audit.review(session, decisions[1].id, sari, "right")
        autoresolve.undo(session, decisions[2].comment_id, find_user(session, "ani"))
        now = utcnow()
        day = timedelta(days=1)
        total = autoresolve.total(autoresolve.error_rows(session, now - day, now + day))
    assert (total.resolved, total.drawn, total.reviewed, total.wrong, total.undone) == (4, 4, 2, 1, 1)
    assert total.measured_error == 0.5 and 0.5 < total.error_upper_95 < 1


def test_one_decision_for_many_is_recorded_one_by_one(engine, shipped_model):
    spam = [comment(f"s{i}", f"slot gacor maxwin depo {i}0rb link di bio", minutes=i, username="promo_99")
            for i in range(3)]
    load(engine, shipped_model, spam + [PRAISE])
    make_user(engine, "budi")
    with session_scope(engine) as session:
        ani, budi = find_user(session, "ani"), find_user(session, "budi")
        ids = {c.external_id: c.id for c in session.exec(select(Comment))}
        assert queue.claim(session, ids["s2"], budi, 10)  # held by someone else: refused, not taken
        account = session.get(Comment, ids["s0"]).account_id
        chosen = queue.pending_of_account(session, account, "fake_account")
        assert sorted(chosen) == sorted(ids[f"s{i}"] for i in range(3))
        decided, refused = queue.decide_many(session, chosen + [ids["1"]], ani, "fake_account", "no_response",
                                             10,
                                             "spam dari satu akun")
        assert sorted(d.comment_id for d in decided) == sorted([ids["s0"], ids["s1"], ids["1"]])
        assert list(refused) == [ids["s2"]] and "budi" in refused[ids["s2"]]
        assert all(d.user_id == ani.id and d.note == "spam dari satu akun" for d in decided)


def test_the_models_like_goes_to_the_platform_outbox_as_a_persons_would(engine, shipped_model, monkeypatch):
    from triage.settings import get_settings
    from triage.store.models import PlatformAction

    monkeypatch.setenv("TRIAGE_ACTIONS", "dry-run")
    get_settings.cache_clear()
    try:
        model = with_auto_thresholds(shipped_model, {"support": 0.5}, review_below=0.0)
        load(engine, model, [comment("fb-1", "mantap min semangat terus 👍", platform="facebook")], auto=True)
    finally:
        get_settings.cache_clear()
    with session_scope(engine) as session:
        [call] = session.exec(select(PlatformAction)).all()
        decision = session.get(Decision, call.decision_id)
    assert (call.kind, call.status, call.platform) == ("like_comment", "dry_run", "facebook")
    assert decision.auto_rule == "plain praise" and "POST /fb-1/likes" in call.response_body
