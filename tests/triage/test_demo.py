"""The demo desk's invented history: `triage demo` loads it once, through the store, at past times."""

import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from triage.cli import app
from triage.demo import HISTORY_FILE, plan_comments, plan_shifts
from triage.playbook.replies import reply_book
from triage.playbook.workdays import DESK_TIMEZONE, WorkingCalendar
from triage.privacy import personal_data
from triage.settings import get_settings
from triage.store import audit, formal_requests, reports, swarms
from triage.store.db import engine_for, session_scope
from triage.store.models import Comment, Decision, DutyShift, FormalRequest, Review, Swarm, User

runner = CliRunner()
TABLES = (Comment, Decision, Review, Swarm, FormalRequest, DutyShift, User)


@dataclass
class DemoRuns:
    engine: object
    outputs: list[str]
    counts: list[dict[str, int]]


def _counts(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {table.__name__: session.exec(select(func.count()).select_from(table)).one()
                for table in TABLES}


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory) -> DemoRuns:
    """`triage demo` run twice on a fresh SQLite file."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'desk.db'}"
    outputs, counts = [], []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        for _ in range(2):
            answer = runner.invoke(app, ["demo"])
            assert answer.exit_code == 0, answer.output
            outputs.append(answer.output)
            counts.append(_counts(engine_for(url)))
    get_settings.cache_clear()
    return DemoRuns(engine_for(url), outputs, counts)


def _history_line(output: str) -> dict[str, int]:
    line = next(line for line in output.splitlines() if line.startswith("history:"))
    counted = re.findall(r"([a-z ]+) (\d+)", line.split(":", 1)[1])
    return {name.strip(): int(number) for name, number in counted}


def test_the_demo_loads_a_history_and_the_second_run_adds_nothing(demo_runs):
    first, again = (_history_line(output) for output in demo_runs.outputs)
    assert first["comments"] >= 80 and first["decisions"] >= 50 and first["reviews"] >= 10
    assert first["in a swarm"] >= 10 and first["formal requests"] >= 4 and first["duty shifts"] >= 20
    assert set(again.values()) == {0}
    assert demo_runs.counts[0] == demo_runs.counts[1]


def test_past_decisions_by_the_admins_on_duty_agree_and_override_reply_and_hide(demo_runs):
    with session_scope(demo_runs.engine) as session:
        rows, _ = audit.decisions(session, audit.AuditFilters(), limit=500)
        shifts = session.exec(select(DutyShift, User.username).join(User, User.id == DutyShift.user_id)).all()
    past = [r for r in rows if r.comment.external_id.startswith("hist-")]
    admins = [r for r in past if r.decided_by.startswith("piket.")]
    assert {r.decided_by for r in admins} == {"piket.wulan", "piket.rizal"}
    assert {r.decision.overrode_suggestion for r in admins} == {True, False}
    assert sum(r.decision.hide for r in admins) >= 3
    replies = [r for r in admins if r.decision.reply_text]
    assert len(replies) >= 10 and all(not reply_book().problems(r.decision.reply_text, r.comment.platform)
                                      for r in replies)
    # Each was decided after it was posted, within a shift of the admin who decided it.
    for row in admins:
        assert row.waited > timedelta(0)
        assert any(name == row.decided_by and s.started_at <= row.decision.decided_at <= s.ended_at
                   for s, name in shifts), row.decision
    now = datetime.now(UTC)
    assert all(now - timedelta(days=29) < r.decision.decided_at < now for r in past)
    # Newest first, as the audit page lists them: the history was recorded in time order.
    times = [r.decision.decided_at for r in past]
    assert times == sorted(times, reverse=True)


def test_reviews_say_right_and_wrong_with_a_note(demo_runs):
    with session_scope(demo_runs.engine) as session:
        rows, _ = audit.decisions(session, audit.AuditFilters(), limit=500)
    reviews = [(row, review) for row in rows for review, name in row.reviews if name == "spv.humas"]
    assert {review.verdict for _, review in reviews} == {"right", "wrong"}
    wrong = [review for _, review in reviews if review.verdict == "wrong"]
    assert all(review.note for review in wrong)
    assert all(row.decision.decided_at < review.created_at for row, review in reviews)


def test_the_month_report_shows_volume_and_response_times(demo_runs):
    window = reports.window("month")
    with session_scope(demo_runs.engine) as session:
        volume = reports.volume(session, window)
        times = reports.response_times(session, window)
        overrides = reports.override_rates(session, window)
    assert sum(sum(counts) for counts in volume["platform"].values()) > 0
    assert {t.who for t in times} >= {"piket.wulan", "piket.rizal"}
    assert all(t.median_minutes > 0 for t in times if t.who.startswith("piket."))
    assert any(o.overridden for o in overrides)


def test_the_swarm_was_found_by_crisis_mode_and_answered(demo_runs):
    with session_scope(demo_runs.engine) as session:
        found = [(s, post) for s, post in swarms.open_swarms(session)
                 if post is not None and post.external_id == "hist-ig-post-karangsari"]
        assert len(found) == 1
        swarm = found[0][0]
        view = swarms.view(session, swarm.id)
    assert swarm.attack_count >= 10 and swarm.attack_count >= 5 * swarm.expected_count
    assert swarm.window_start < swarm.detected_at < datetime.now(UTC) - timedelta(days=7)
    assert view.pending == 0
    assert all(n.approved_text and "[" not in n.approved_text for n, _ in view.narratives)


def test_formal_requests_are_answered_open_extended_and_overdue(demo_runs):
    calendar = WorkingCalendar()
    with session_scope(demo_runs.engine) as session:
        still_open = formal_requests.open_requests(session, calendar)
        answered = session.exec(select(FormalRequest).where(FormalRequest.answered_at.is_not(None))).all()
    assert any(r.overdue for r in still_open) and any(not r.overdue for r in still_open)
    assert any(r.request.extended for r in still_open)
    assert answered and all(r.answered_at.astimezone(DESK_TIMEZONE).date() <= r.due_on for r in answered)


def test_the_history_is_invented_text_without_personal_data():
    history = tomllib.loads(HISTORY_FILE.read_text(encoding="utf-8"))
    texts = [entry["text"] for entry in history["comment"]]
    texts += [fact["text"] for fact in history["swarm_fact"]]
    texts += [entry["reply_text"] for entry in history["comment"] if "reply_text" in entry]
    assert [text for text in texts if personal_data.kinds(text)] == []


def test_the_plan_is_the_same_for_the_same_day_and_moves_with_it():
    history = tomllib.loads(HISTORY_FILE.read_text(encoding="utf-8"))
    calendar = WorkingCalendar()
    now = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)

    def plan(at):
        return plan_comments(history, plan_shifts(history, at, calendar), at)

    assert plan(now) == plan(now)
    week_later = plan(now + timedelta(days=7))
    assert [p.posted + timedelta(days=7) for p in plan(now)] == [p.posted for p in week_later]
    assert all(now - timedelta(days=29) < p.posted < p.decided < now for p in plan(now))
