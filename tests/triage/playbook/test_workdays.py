from datetime import date

import pytest

from triage.errors import DataFileError
from triage.playbook.workdays import WorkingCalendar, local_days


@pytest.fixture
def calendar():
    return WorkingCalendar(extra={})


def test_ten_working_days_skip_weekends(calendar):
    # Received Monday 2 Nov 2026: 10 working days later is Monday 16 Nov.
    assert calendar.answer_due(date(2026, 11, 2)) == date(2026, 11, 16)


def test_public_holidays_and_cuti_bersama_do_not_count(calendar):
    # Nyepi (19 Mar), Idul Fitri (21-22 Mar), cuti bersama (18, 20, 23, 24 Mar), Good Friday (3 Apr).
    assert calendar.day_off(date(2026, 3, 23)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert calendar.answer_due(date(2026, 3, 16)) == date(2026, 4, 7)


def test_the_extension_adds_seven_working_days(calendar):
    assert calendar.answer_due(date(2026, 11, 2), extended=True) == date(2026, 11, 25)


def test_local_additions_count_as_days_off():
    calendar = WorkingCalendar(extra={date(2026, 11, 3): "Libur daerah"})
    assert calendar.day_off(date(2026, 11, 3)) == "Libur daerah"
    assert calendar.answer_due(date(2026, 11, 2)) == date(2026, 11, 17)


def test_working_days_between_counts_both_ways(calendar):
    assert calendar.working_days_between(date(2026, 11, 2), date(2026, 11, 16)) == 10
    assert calendar.working_days_between(date(2026, 11, 16), date(2026, 11, 2)) == -10


def test_local_holidays_file_is_read_and_checked(tmp_path):
    path = tmp_path / "local.toml"
    path.write_text('[[day]]\ndate = 2026-12-31\nname = "Cuti tambahan"\n')
    assert local_days(path) == {date(2026, 12, 31): "Cuti tambahan"}
    broken = tmp_path / "broken.toml"
    broken.write_text('[[day]]\ndate = "besok"\nname = "x"\n')
    with pytest.raises(DataFileError, match="needs a date"):
        local_days(broken)
