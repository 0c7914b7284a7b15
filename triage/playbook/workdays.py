"""Working days for the public-information clock (UU 14/2008 on public information, art. 22):
a formal information request is answered within 10 working days, extendable once by 7.

Working days skip weekends, Indonesia's public holidays and cuti bersama (from the maintained
`holidays` library) and the agency's own additions in `responses/holidays_local.toml`.
"""

import tomllib
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

from triage.settings import RESPONSES_DIR

LOCAL_HOLIDAYS = RESPONSES_DIR / "holidays_local.toml"
DESK_TIMEZONE = ZoneInfo("Asia/Jakarta")  # WIB: the desk's working time
ANSWER_DAYS = 10
EXTENSION_DAYS = 7


def desk_today() -> date:
    """Today where the desk works: the legal clock counts the desk's days, not UTC's."""
    return datetime.now(DESK_TIMEZONE).date()


@lru_cache
def local_days(path: Path = LOCAL_HOLIDAYS) -> dict[date, str]:
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("day", [])
    days = {}
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry.get("date"), date) or not entry.get("name"):
            raise ValueError(f"{path}: day {number} needs a date (YYYY-MM-DD) and a name")
        days[entry["date"]] = entry["name"]
    return days


class WorkingCalendar:
    def __init__(self, extra: dict[date, str] | None = None):
        self.extra = local_days() if extra is None else extra
        self._national = holidays.country_holidays("ID", categories=("public", "government"), language="id")

    def day_off(self, day: date) -> str | None:
        """Why `day` is not a working day, or None if it is."""
        if day.weekday() >= 5:
            return "weekend"
        return self.extra.get(day) or self._national.get(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (the day of receipt does not count)."""
        current = start
        for _ in range(days):
            current += timedelta(days=1)
            while self.day_off(current):
                current += timedelta(days=1)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1)
                   if not self.day_off(start + timedelta(days=n)))

    def answer_due(self, received: date, extended: bool = False) -> date:
        due = self.add_working_days(received, ANSWER_DAYS)
        return self.add_working_days(due, EXTENSION_DAYS) if extended else due
