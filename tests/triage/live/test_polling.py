"""Polling the platforms' APIs (a real local HTTP server replaying recorded answers)."""

from datetime import timedelta

from sqlmodel import func, select

from tests.fakes.platforms import TOKEN
from tests.triage.live.conftest import connect
from triage.live import connections, polling
from triage.store.db import session_scope
from triage.store.models import Comment, Connection, Post, utcnow


def comments_of(intake, platform):
    with session_scope(intake.engine) as session:
        return list(session.exec(select(Comment).where(Comment.platform == platform)))


def state(intake, name) -> Connection:
    with session_scope(intake.engine) as session:
        return session.exec(select(Connection).where(Connection.name == name)).one()


def test_youtube_threads_are_polled_page_by_page_and_only_once(fake, settings, intake):
    platforms, _ = fake
    connect(intake, settings, "yt", "youtube_threads", "F1UP7wRCPH8")
    [report] = polling.poll_due(intake, settings)
    assert report.error is None and report.new == len(comments_of(intake, "youtube")) > 5  # both pages
    pages = [c for c in platforms.calls if c.path.endswith("commentThreads")]
    assert [c.params.get("pageToken") for c in pages] == [None, "1"]
    assert state(intake, "yt").cursor == "2019-11-26T15:51:44+00:00"  # the newest comment seen
    # Due again: the first page reaches back to the cursor, so the poll stops there; nothing new.
    again = polling.poll(intake, settings, state(intake, "yt"))
    assert again.new == 0 and len([c for c in platforms.calls if c.path.endswith("commentThreads")]) == 3


def test_x_mentions_ask_only_for_posts_after_the_newest_seen(fake, settings, intake):
    platforms, _ = fake
    connect(intake, settings, "x-desk", "x_mentions", "2244994945")
    first = polling.poll(intake, settings, state(intake, "x-desk"))
    assert first.new == 10
    assert state(intake, "x-desk").cursor == "1578516295611748353"
    second = polling.poll(intake, settings, state(intake, "x-desk"))
    assert second.new == 0 and platforms.calls[-1].params["since_id"] == "1578516295611748353"
    assert state(intake, "x-desk").count_today == 10


def test_graph_polling_puts_comments_on_the_post_asked_about(fake, settings, intake):
    connect(intake, settings, "ig-post", "instagram_media", "17955956875141196")
    connect(intake, settings, "fb-post", "facebook_post", "19292868552_10158407654328553")
    reports = {r.name: r for r in polling.poll_due(intake, settings)}
    assert reports["ig-post"].new == 2 and reports["fb-post"].new > 0
    with session_scope(intake.engine) as session:
        posts = set(session.exec(select(Post.external_id).join(Comment, Comment.post_id == Post.id)
                                 .where(Comment.platform == "instagram")))
    assert posts == {"17955956875141196"}


def test_a_rate_limit_waits_as_long_as_the_platform_asks(fake, settings, intake):
    platforms, _ = fake
    connect(intake, settings, "x-desk", "x_mentions", "2244994945")
    platforms.fail_next(1, 429, retry_after=120)
    before = utcnow()
    report = polling.poll(intake, settings, state(intake, "x-desk"), now=before)
    after = state(intake, "x-desk")
    assert "rate limited" in report.error and after.failures == 0
    assert timedelta(seconds=119) <= after.next_poll_at - before <= timedelta(seconds=121)
    assert polling.poll_due(intake, settings, now=before + timedelta(seconds=60)) == []  # still waiting
    [report] = polling.poll_due(intake, settings, now=before + timedelta(seconds=121))
    assert report.new == 10


def test_failures_back_off_doubling_and_a_success_resets_them(fake, settings, intake):
    platforms, _ = fake
    connect(intake, settings, "yt", "youtube_threads", "F1UP7wRCPH8", interval=60)
    now = utcnow()
    platforms.fail_next(2, 500)
    polling.poll(intake, settings, state(intake, "yt"), now=now)
    first = state(intake, "yt")
    polling.poll(intake, settings, first, now=now)
    second = state(intake, "yt")
    assert (first.failures, second.failures) == (1, 2)
    assert first.next_poll_at - now == timedelta(seconds=120)
    assert second.next_poll_at - now == timedelta(seconds=240)
    assert "HTTP 500" in second.last_error
    assert polling.poll(intake, settings, second, now=now).new > 0
    assert state(intake, "yt").failures == 0 and state(intake, "yt").last_success_at is not None


def test_a_wrong_token_is_an_error_shown_on_the_connection(fake, settings, intake):
    with session_scope(intake.engine) as session:
        connections.add(session, settings, "bad", "x_search", "pemasyarakatan", "wrong-token", 60)
    report = polling.poll(intake, settings, state(intake, "bad"))
    assert "HTTP 401" in report.error and "wrong-token" not in report.error
    assert state(intake, "bad").last_error == report.error


def test_the_token_is_stored_sealed(fake, settings, intake):
    connect(intake, settings, "yt", "youtube_threads", "F1UP7wRCPH8")
    with session_scope(intake.engine) as session:
        stored = session.exec(select(Connection.token_encrypted)).one()
        assert session.exec(select(func.count()).select_from(Connection)).one() == 1
    assert TOKEN not in stored and len(stored) > 50
