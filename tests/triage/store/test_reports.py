"""Report figures against a fixture whose answers are known by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import make_user, store_engine
from triage.playbook.workdays import WorkingCalendar
from triage.store import reports
from triage.store.db import session_scope
from triage.store.models import Comment, Decision, Suggestion
from triage.store.users import find_user

END = date(2026, 11, 20)  # a Friday
# (platform, model label, created (UTC), decided by, minutes until decided, decided label)
FIXTURE = [
    ("instagram", "complaint", datetime(2026, 11, 20, 1, 0, tzinfo=UTC), "ani", 10, "complaint"),
    ("instagram", "complaint", datetime(2026, 11, 20, 2, 0, tzinfo=UTC), "ani", 30, "complaint"),
    ("instagram", "support", datetime(2026, 11, 19, 3, 0, tzinfo=UTC), "ani", 20, "support"),
    ("x", "attack", datetime(2026, 11, 19, 4, 0, tzinfo=UTC), "budi", 60, "other"),
    ("x", "info_request", datetime(2026, 11, 18, 5, 0, tzinfo=UTC), "budi", 120, "info_request"),
    ("youtube", "fake_account", datetime(2026, 11, 18, 16, 30, tzinfo=UTC), None, None, None),  # 23:30 WIB
]


@pytest.fixture
def engine():
    engine = store_engine()
    make_user(engine, "ani")
    make_user(engine, "budi")
    with session_scope(engine) as session:
        for n, (platform, label, created, who, minutes, decided) in enumerate(FIXTURE):
            comment = Comment(platform=platform, external_id=str(n), text="t", created_at=created,
                              status="decided" if who else "pending")
            session.add(comment)
            session.flush()
            suggestion = Suggestion(comment_id=comment.id, label=label, confidence=0.9, probabilities={},
                                    action="no_response", reasons=[], model_version="v")
            session.add(suggestion)
            session.flush()
            if who:
                session.add(Decision(comment_id=comment.id, user_id=find_user(session, who).id, label=decided,
                                     action="no_response", suggestion_id=suggestion.id,
                                     overrode_suggestion=decided != label,
                                     decided_at=created + timedelta(minutes=minutes)))
    return engine


def test_window_buckets_per_day_week_and_month():
    assert reports.window("day", END).buckets[-3:] == [date(2026, 11, 18), date(2026, 11, 19), END]
    assert len(reports.window("day", END).buckets) == 14
    assert reports.window("week", END).buckets[-1] == date(2026, 11, 16)
    assert reports.window("month", END).buckets[-2:] == [date(2026, 10, 1), date(2026, 11, 1)]


def test_volume_counts_per_desk_day(engine):
    with session_scope(engine) as session:
        counts = reports.volume(session, reports.window("day", END))
    assert counts["platform"]["instagram"][-3:] == [0, 1, 2]
    assert counts["platform"]["x"][-3:] == [1, 1, 0]
    # 16:30 UTC on the 18th is 23:30 WIB: still the 18th at the desk.
    assert counts["platform"]["youtube"][-3:] == [1, 0, 0]
    assert counts["label"]["complaint"][-1] == 2 and sum(counts["label"]["support"]) == 1


def test_weekly_volume_puts_the_week_in_one_bucket(engine):
    with session_scope(engine) as session:
        counts = reports.volume(session, reports.window("week", END))
    assert counts["platform"]["instagram"][-1] == 3 and sum(counts["platform"]["x"]) == 2


def test_response_times_median_and_p90_per_admin_and_label(engine):
    with session_scope(engine) as session:
        times = {(t.who, t.label): t for t in reports.response_times(session, reports.window("day", END))}
    assert times[("ani", "complaint")].decisions == 2
    assert times[("ani", "complaint")].median_minutes == 20.0
    assert times[("ani", "complaint")].p90_minutes == 28.0
    assert times[("budi", "info_request")].median_minutes == 120.0


def test_override_rate_per_model_label(engine):
    with session_scope(engine) as session:
        rates = {r.label: r for r in reports.override_rates(session, reports.window("day", END))}
    assert rates["attack"].rate == 1.0 and rates["complaint"].rate == 0.0
    assert "fake_account" not in rates  # never decided


def test_every_figure_exports_as_a_table(engine):
    with session_scope(engine) as session:
        tables = reports.tables(session, reports.window("day", END), WorkingCalendar(extra={}))
    assert [t.name for t in tables] == ["volume by platform", "volume by label", "response times",
                                        "model overrides", "information requests", "swarms"]
    assert tables[0].header[0] == "platform" and len(tables[0].header) == 15
