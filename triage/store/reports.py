"""The figures supervisors report to leadership: volume, response times, where the model was
overridden, the information-request clock, swarms. Counts and waiting times are computed by
the database; the few expressions where SQLite and PostgreSQL differ (desk day, minutes
between two times) are chosen by dialect, and the percentiles are taken in Python."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, func, select

from triage.errors import TriageError
from triage.files.exports import Table
from triage.labels import LABELS
from triage.playbook.workdays import DESK_TIMEZONE, WorkingCalendar, desk_today
from triage.store import formal_requests
from triage.store.models import Comment, Decision, Suggestion, Swarm, User

PERIODS = {"day": 14, "week": 12, "month": 12}  # buckets shown for each granularity


@dataclass(frozen=True)
class Window:
    period: str
    start: date  # first desk day, inclusive
    end: date  # last desk day, inclusive
    buckets: list[date]  # the first day of each bucket


def window(period: str, end: date | None = None) -> Window:
    if period not in PERIODS:
        raise TriageError(f"period is one of {', '.join(PERIODS)}")
    end = end or desk_today()
    last = bucket_of(end, period)
    buckets = [last]
    for _ in range(PERIODS[period] - 1):
        buckets.insert(0, bucket_of(buckets[0] - timedelta(days=1), period))
    return Window(period, buckets[0], end, buckets)


def bucket_of(day: date, period: str) -> date:
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def bounds(w: Window) -> tuple[datetime, datetime]:
    """The window's first and last desk days as UTC-aware times [start, end)."""
    return _bounds(w)


def _bounds(w: Window) -> tuple[datetime, datetime]:
    return (datetime.combine(w.start, time(), tzinfo=DESK_TIMEZONE),
            datetime.combine(w.end + timedelta(days=1), time(), tzinfo=DESK_TIMEZONE))


def _desk_day_sql(session: Session, column):
    """The desk day (WIB, UTC+7 all year) of a stored UTC time, computed by the database so that
    counting groups rows there instead of fetching them."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(DESK_TIMEZONE.key, column))
    return func.date(column, "+7 hours")


def _minutes_between(session: Session, earlier, later):
    """Minutes from `earlier` to `later`, computed by the database (fetching 100,000 datetimes
    to subtract them in Python cost more than the rest of the report)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 60
    return (func.julianday(later) - func.julianday(earlier)) * 1440


def volume(session: Session, w: Window) -> dict[str, dict[str, list[int]]]:
    """Comments per bucket: {"platform": {name: counts}, "label": {label: counts}}."""
    start, end = _bounds(w)
    day = _desk_day_sql(session, Comment.created_at)
    rows = session.exec(select(day, Comment.platform, Suggestion.label, func.count())
                        .join(Suggestion, Suggestion.comment_id == Comment.id, isouter=True)
                        .where(Comment.created_at >= start, Comment.created_at < end)
                        .group_by(day, Comment.platform, Suggestion.label))
    index = {bucket: i for i, bucket in enumerate(w.buckets)}
    by_platform: dict[str, list[int]] = defaultdict(lambda: [0] * len(w.buckets))
    by_label: dict[str, list[int]] = {label: [0] * len(w.buckets) for label in LABELS}
    for desk_day, platform, label, count in rows:
        desk_day = desk_day if isinstance(desk_day, date) else date.fromisoformat(desk_day)
        i = index.get(bucket_of(desk_day, w.period))
        if i is None:
            continue
        by_platform[platform][i] += count
        if label:
            by_label[label][i] += count
    return {"platform": dict(sorted(by_platform.items())), "label": by_label}


@dataclass(frozen=True)
class ResponseTime:
    who: str
    label: str
    decisions: int
    median_minutes: float
    p90_minutes: float


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]


def response_times(session: Session, w: Window) -> list[ResponseTime]:
    """How long comments waited for a first decision, per admin and decided label (minutes)."""
    start, end = _bounds(w)
    rows = session.exec(select(User.username, Decision.label, _minutes_between(session, Comment.created_at,
                                                                              Decision.decided_at))
                        .join(User, User.id == Decision.user_id)
                        .join(Comment, Comment.id == Decision.comment_id)
                        .where(Decision.decided_at >= start, Decision.decided_at < end,
                               Decision.corrects_id.is_(None), Decision.auto_rule.is_(None)))
    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    for who, label, minutes in rows:
        waits[(who, label)].append(max(float(minutes), 0.0))
    return [ResponseTime(who, label, len(values), round(statistics.median(values), 1), round(_p90(values), 1))
            for (who, label), values in sorted(waits.items())]


@dataclass(frozen=True)
class OverrideRate:
    label: str  # the model's label
    decisions: int
    overridden: int

    @property
    def rate(self) -> float:
        return self.overridden / self.decisions if self.decisions else 0.0


def override_rates(session: Session, w: Window) -> list[OverrideRate]:
    """How often the desk changed the model's label or action, per label the model suggested."""
    start, end = _bounds(w)
    rows = session.exec(select(Suggestion.label, Decision.overrode_suggestion, func.count())
                        .join(Suggestion, Suggestion.id == Decision.suggestion_id)
                        .where(Decision.decided_at >= start, Decision.decided_at < end,
                               Decision.corrects_id.is_(None), Decision.auto_rule.is_(None))
                        .group_by(Suggestion.label, Decision.overrode_suggestion))
    totals, changed = Counter(), Counter()
    for label, overrode, count in rows:
        totals[label] += count
        changed[label] += count if overrode else 0
    return [OverrideRate(label, totals[label], changed[label]) for label in LABELS if totals[label]]


def clock(session: Session, calendar: WorkingCalendar, today: date | None = None) -> dict[str, int]:
    """Open formal information requests against their legal deadline."""
    open_requests = formal_requests.open_requests(session, calendar, today)
    return {"on time": sum(1 for r in open_requests if r.working_days_left > 2),
            "due within 2 working days": sum(1 for r in open_requests if 0 <= r.working_days_left <= 2),
            "overdue": sum(1 for r in open_requests if r.overdue)}


def swarm_episodes(session: Session, w: Window) -> list[Swarm]:
    start, end = _bounds(w)
    return list(session.exec(select(Swarm).where(Swarm.window_end >= start, Swarm.window_start < end)
                             .order_by(Swarm.window_start)))


def tables(session: Session, w: Window, calendar: WorkingCalendar) -> list[Table]:
    """Every figure of the reports page as a table, for CSV and Excel export."""
    buckets = [b.isoformat() for b in w.buckets]
    counts = volume(session, w)
    return [
        Table("volume by platform", ["platform", *buckets],
              [[name, *values] for name, values in counts["platform"].items()]),
        Table("volume by label", ["label", *buckets],
              [[name, *values] for name, values in counts["label"].items()]),
        Table("response times", ["admin", "label", "decisions", "median minutes", "p90 minutes"],
              [[r.who, r.label, r.decisions, r.median_minutes, r.p90_minutes]
               for r in response_times(session, w)]),
        Table("model overrides", ["model label", "decisions", "overridden", "rate"],
              [[o.label, o.decisions, o.overridden, round(o.rate, 3)] for o in override_rates(session, w)]),
        Table("information requests", ["state", "open requests"], list(clock(session, calendar).items())),
        Table("swarms", ["swarm", "platform", "from", "to", "attacks", "usual", "status"],
              [[s.id, s.platform, s.window_start.isoformat(), s.window_end.isoformat(), s.attack_count,
                round(s.expected_count, 1), s.status] for s in swarm_episodes(session, w)]),
    ]
