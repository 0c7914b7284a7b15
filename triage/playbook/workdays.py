"""Working days for the public-information clock (UU 14/2008 on public information, art. 22):
a formal information request is answered within 10 working days, extendable once by 7.

Working days skip weekends, Indonesia's public holidays and cuti bersama (from the maintained
`holidays` library) and the agency's own additions in `responses/holidays_local.toml`.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, ConfigDict, Field, field_validator

from triage.playbook.data_files import read_data_file
from triage.settings import RESPONSES_DIR

LOCAL_HOLIDAYS = RESPONSES_DIR / "holidays_local.toml"
DESK_TIMEZONE = ZoneInfo("Asia/Jakarta")  # WIB: the desk's working time
ANSWER_DAYS = 10
EXTENSION_DAYS = 7


def desk_today() -> date:
    """Today where the desk works: the legal clock counts the desk's days, not UTC's."""
    return datetime.now(DESK_TIMEZONE).date()


class DayOff(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: date
    name: str = Field(min_length=1)

    @field_validator("date", mode="before")
    @classmethod
    def a_toml_date(cls, value):
        if not isinstance(value, date):  # TOML has dates: a string here is a typo, not a date
            raise ValueError("needs a date (YYYY-MM-DD), written without quotes")
        return value


class LocalHolidaysFile(BaseModel):
    """responses/holidays_local.toml: the agency's own days off."""

    model_config = ConfigDict(extra="forbid")
    day: list[DayOff] = Field(default_factory=list)


def read_local_days(path: Path) -> dict[date, str]:
    return {day.date: day.name for day in read_data_file(path, LocalHolidaysFile).day}


@lru_cache
def local_days(path: Path = LOCAL_HOLIDAYS) -> dict[date, str]:
    return read_local_days(path)


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
