"""When each thing in the demo's history happened: pure, from the seed and the day it is loaded."""

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from triage.playbook.workdays import DESK_TIMEZONE, WorkingCalendar
from triage.settings import PROJECT_ROOT

HISTORY_FILE = PROJECT_ROOT / "demo" / "history.toml"
PLACEHOLDER = "[isi fakta resmi]"  # in the clarification template: the facts a supervisor fills in
CLAIM_MINUTES = 5
SWARM_ANSWERED_AFTER = timedelta(minutes=35)  # the supervisor's first clarification, after the burst



@dataclass(frozen=True)
class Shift:
    admin: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Planned:
    """One history comment and when things happened to it."""

    number: int
    entry: dict
    posted: datetime
    arrived: datetime  # imported by the desk (and resolved then, if the model may do so alone)
    decided: datetime
    decider: str  # the admin on duty then
    reviewed: datetime
    answered_after: int  # working days a formal request took, when it was answered



def desk_time(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=DESK_TIMEZONE).astimezone(UTC)


def plan_shifts(history: dict, now: datetime, calendar: WorkingCalendar) -> list[Shift]:
    """A shift each day from the day before the oldest comment to yesterday, the admins in turn."""
    today = now.astimezone(DESK_TIMEZONE).date()
    oldest = max(entry["day"] for entry in history["comment"]) + 1
    admins, hours = history["admins"], history["shift"]
    shifts = []
    for back in range(oldest, 0, -1):
        day = today - timedelta(days=back)
        start, end = hours["weekend"] if calendar.day_off(day) else hours["weekday"]
        admin = admins[day.toordinal() % len(admins)]
        shifts.append(Shift(admin, desk_time(day, start), desk_time(day, end)))
    return shifts


def plan_comments(history: dict, shifts: list[Shift], now: datetime) -> list[Planned]:
    today = now.astimezone(DESK_TIMEZONE).date()
    answered = swarm_answered_at(history, today)
    planned = []
    for number, entry in enumerate(history["comment"], start=1):
        rng = random.Random(f"{history['seed']}-{number}")  # noqa: S311 - an invented history, not a secret
        posted = desk_time(today - timedelta(days=entry["day"]), entry["at"]) + timedelta(
            seconds=rng.randint(0, 59))
        wait = rng.lognormvariate(math.log(history["wait_minutes"][entry["label"]]), 0.7)
        if entry.get("swarm") and answered:  # answered by narrative; anything left, soon after
            wait = (answered - posted).total_seconds() / 60 + rng.uniform(30, 60)
        decided, decider = _on_duty(shifts, posted + timedelta(minutes=wait), rng, now)
        decided = max(decided, posted + timedelta(minutes=2))
        review_day = decided.astimezone(DESK_TIMEZONE).date() + timedelta(days=rng.randint(1, 3))
        reviewed = desk_time(review_day, "10:00") + timedelta(minutes=rng.randint(0, 300))
        planned.append(Planned(number, entry, posted, posted + timedelta(seconds=rng.randint(30, 180)),
                               decided, decider, min(max(reviewed, decided + timedelta(hours=1)), now),
                               rng.randint(3, 8)))
    return planned


def swarm_answered_at(history: dict, today: date) -> datetime | None:
    burst = [desk_time(today - timedelta(days=entry["day"]), entry["at"])
             for entry in history["comment"] if entry.get("swarm")]
    return max(burst) + timedelta(minutes=1) + SWARM_ANSWERED_AFTER if burst else None


def _on_duty(shifts: list[Shift], moment: datetime, rng: random.Random,
             now: datetime) -> tuple[datetime, str]:
    """When a comment was decided, and by whom: at `moment` if someone was on duty, else soon
    after the next shift began."""
    for shift in shifts:
        if moment < shift.end:
            at = moment if moment >= shift.start else shift.start + timedelta(minutes=rng.uniform(4, 40))
            return min(at, shift.end - timedelta(minutes=1)), shift.admin
    return now - timedelta(minutes=rng.uniform(60, 120)), shifts[-1].admin

