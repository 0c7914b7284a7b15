"""Decisions carried out on the platforms, against a real local server standing in for their APIs:
sent once, retried on failure, never twice, and nothing at all in dry-run."""

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import comment, load
from tests.triage.live.conftest import connect
from triage.live import actions
from triage.store import live, queue
from triage.store.db import session_scope
from triage.store.models import Comment, PlatformAction, User, utcnow

GREETING = "Halo Sahabat Pemasyarakatan, "
REPLY = GREETING + "jam kunjungan ada di laman resmi kami ya. Terima kasih."


@pytest.fixture
def desk(intake, shipped_model):
    load(intake.engine, shipped_model, [
        comment("17858154961981086", "min jam besuk lapas cipinang kapan ya?"),
        comment("10158407654328553_10158407835073553", "mantap pelayanannya", platform="facebook"),
        comment("1578516295611748353", "min jam besuk kapan?", platform="x"),
        comment("Ugz-yt-1", "jam besuk kapan min?", platform="youtube"),
    ])
    return intake


def decide(intake, external_id, action="reply", reply=REPLY, hide=False, mode="live"):
    with session_scope(intake.engine) as session:
        user = session.exec(select(User).where(User.username == "ani")).one()
        target = session.exec(select(Comment).where(Comment.external_id == external_id)).one()
        assert queue.claim(session, target.id, user, 10)
        label = "support" if action == "like" else "info_request"
        return queue.decide(session, target.id, user, label, action, reply if action != "like" else None,
                            hide=hide, platform_actions=mode)


def calls(intake) -> list[PlatformAction]:
    with session_scope(intake.engine) as session:
        return list(session.exec(select(PlatformAction).order_by(PlatformAction.id)))


def test_a_reply_in_live_mode_reaches_the_platform_once_with_its_answer_kept(fake, settings, desk):
    platforms, _ = fake
    connect(desk, settings, "ig", "instagram_media", "17955956875141196", act=True)
    decide(desk, "17858154961981086")
    assert actions.send_due(desk.engine, settings) == 1
    assert actions.send_due(desk.engine, settings) == 0  # done: nothing to send again
    [posted] = [c for c in platforms.posted() if c.path.endswith("/replies")]
    assert posted.path == "/graph/17858154961981086/replies" and posted.body == {"message": REPLY}
    [call] = calls(desk)
    assert (call.status, call.kind, call.response_status) == ("sent", "post_reply", 200)
    assert call.remote_id and call.remote_id in call.response_body


def test_dry_run_records_what_would_be_sent_and_sends_nothing(fake, settings, desk):
    platforms, _ = fake
    connect(desk, settings, "ig", "instagram_media", "17955956875141196", act=True)
    decide(desk, "17858154961981086", hide=True, mode="dry-run")
    assert actions.send_due(desk.engine, settings) == 0
    assert platforms.posted() == []
    assert [(c.kind, c.status) for c in calls(desk)] == [("post_reply", "dry_run"), ("hide", "dry_run")]
    assert "POST /17858154961981086/replies" in calls(desk)[0].response_body


def test_off_records_no_call(fake, settings, desk):
    decide(desk, "17858154961981086", mode="off")
    assert calls(desk) == []


def test_a_failure_is_retried_later_and_stays_visible_until_sent(fake, settings, desk):
    platforms, _ = fake
    connect(desk, settings, "fb", "facebook_post", "19292868552_10158407654328553", act=True)
    decide(desk, "10158407654328553_10158407835073553", action="like")
    platforms.fail_next(1, 500)
    now = utcnow()
    actions.send_due(desk.engine, settings, now=now)
    [call] = calls(desk)
    assert (call.status, call.response_status, call.attempts) == ("pending", 500, 1)
    assert actions.send_due(desk.engine, settings, now=now) == 0  # not before its retry time
    actions.send_due(desk.engine, settings, now=call.next_attempt_at + timedelta(seconds=1))
    assert calls(desk)[0].status == "sent"
    assert len([c for c in platforms.posted() if c.path.endswith("/likes")]) == 2  # the 500, then the like


def test_a_reply_in_flight_when_the_process_died_is_not_posted_twice(fake, settings, desk):
    platforms, _ = fake
    connect(desk, settings, "ig", "instagram_media", "17955956875141196", act=True)
    decide(desk, "17858154961981086")
    [call] = calls(desk)
    now = utcnow()
    # The call reaches the platform, then the process dies before recording the answer.
    with session_scope(desk.engine) as session:
        assert live.take_action(session, call.id, "pending", now, actions.IN_FLIGHT_HOLD)
    platforms.replies["17858154961981086"] = [{"id": "18000000000000001", "text": REPLY}]
    assert actions.send_due(desk.engine, settings, now=now + timedelta(seconds=30)) == 0  # held
    actions.send_due(desk.engine, settings, now=now + actions.IN_FLIGHT_HOLD + timedelta(seconds=1))
    [call] = calls(desk)
    assert (call.status, call.remote_id) == ("sent", "18000000000000001")
    assert [c for c in platforms.posted() if c.path.endswith("/replies")] == []  # looked, not posted


def test_a_reply_in_flight_that_never_arrived_is_sent(fake, settings, desk):
    platforms, _ = fake
    connect(desk, settings, "x", "x_mentions", "2244994945", act=True)
    decide(desk, "1578516295611748353")
    [call] = calls(desk)
    now = utcnow()
    with session_scope(desk.engine) as session:
        live.take_action(session, call.id, "pending", now, actions.IN_FLIGHT_HOLD)
    actions.send_due(desk.engine, settings, now=now + actions.IN_FLIGHT_HOLD + timedelta(seconds=1))
    [posted] = platforms.posted()
    assert posted.path == "/x/2/tweets"
    assert posted.body["reply"] == {"in_reply_to_tweet_id": "1578516295611748353"}
    assert calls(desk)[0].status == "sent"


def test_a_refused_call_fails_visibly_and_a_supervisor_can_send_it_again(fake, settings, desk):
    platforms, _ = fake
    connect(desk, settings, "yt", "youtube_threads", "F1UP7wRCPH8", act=True)
    decide(desk, "Ugz-yt-1")
    platforms.fail_next(1, 403)
    actions.send_due(desk.engine, settings)
    [call] = calls(desk)
    assert (call.status, call.response_status) == ("failed", 403)
    with session_scope(desk.engine) as session:
        assert live.retry_action(session, call.id)
    actions.send_due(desk.engine, settings)
    assert calls(desk)[0].status == "sent"
    posted = [c for c in platforms.posted() if c.path == "/youtube/v3/comments"]
    assert posted[-1].body["snippet"] == {"parentId": "Ugz-yt-1", "textOriginal": REPLY}


def test_what_a_platform_cannot_do_is_recorded_as_such(fake, settings, desk):
    decide(desk, "17858154961981086", action="like")  # Instagram has no API to like a comment
    [call] = calls(desk)
    assert call.status == "unsupported" and "by hand" in call.response_body


def test_without_an_acting_connection_the_call_waits_with_the_reason(fake, settings, desk):
    decide(desk, "17858154961981086")
    actions.send_due(desk.engine, settings)
    [call] = calls(desk)
    assert call.status == "pending" and "triage connect add" in call.response_body
