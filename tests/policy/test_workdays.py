"""The working-day calendar past the years the chinesecalendar package carries (it stops at 2026): the statutory
public holidays of 全国年节及纪念日放假办法 (as amended in 2024, in force 2025) from holidays.toml, the State Council's
notice of a year from holiday_notices.toml when entered, weekends off.

The expected dates were worked out by hand: 1 January 2027 is a Friday; 正月初一 of 2027 is Saturday 6 February, so
除夕 is Friday 5 February and the four statutory days are 5-8 February (Friday to Monday); Qingming 2027 is Monday
5 April; 端午 Wednesday 9 June; 中秋 Wednesday 15 September.
"""

from datetime import date, timedelta

import chinese_calendar
import pytest

from webapp.policy import workdays
from webapp.policy.engine import change_deadline, landlord_report_deadline, registration_deadline
from webapp.policy.profiles import load_profiles
from webapp.policy.workdays import (
    add_working_days,
    is_working_day,
    load_notices,
    load_statutory,
    next_working_day,
    official_calendar,
    working_days_between,
)

PROFILES = load_profiles()
STATUTORY = load_statutory()


def test_new_years_day_2027_is_not_a_working_day():
    assert not is_working_day(date(2027, 1, 1))  # a Friday
    assert next_working_day(date(2027, 1, 1)) == date(2027, 1, 4)
    assert is_working_day(date(2026, 12, 31)) and is_working_day(date(2027, 1, 4))


@pytest.mark.parametrize("day", [5, 6, 7, 8], ids=["除夕 (Friday)", "初一", "初二", "初三 (Monday)"])
def test_spring_festival_2027_is_not_worked(day):
    assert not is_working_day(date(2027, 2, day))


def test_the_other_statutory_holidays_of_2027():
    off = [date(2027, 4, 5), date(2027, 6, 9), date(2027, 9, 15), date(2027, 10, 1)]  # Mon, Wed, Wed, Fri
    assert not any(is_working_day(day) for day in off)
    # No make-up days are known before the notice: the weekdays around stay working days, weekends stay off.
    assert is_working_day(date(2027, 2, 9)) and is_working_day(date(2027, 5, 3)) and is_working_day(date(2027, 10, 4))
    assert not is_working_day(date(2027, 2, 20))  # a Saturday: never worked unless a notice says so
    assert add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 9)


@pytest.mark.parametrize(
    ("arrival", "due"),
    [
        (date(2026, 12, 29), date(2027, 1, 4)),  # 3 days: Friday 1 January, a holiday, then the weekend
        (date(2026, 12, 30), date(2027, 1, 4)),
        (date(2026, 12, 31), date(2027, 1, 4)),
        (date(2026, 12, 28), date(2026, 12, 31)),
    ],
)
def test_a_registration_deadline_from_late_december_moves_past_new_years_day(arrival, due):
    assert registration_deadline(PROFILES["zhejiang-2017"], arrival) == due
    assert registration_deadline(PROFILES["national-2016"], arrival) == due


@pytest.mark.parametrize(
    ("changed_on", "due"),
    [
        (date(2026, 12, 29), date(2027, 1, 4)),  # 30 Dec, 31 Dec, (1-3 Jan off), 4 Jan
        (date(2026, 12, 30), date(2027, 1, 5)),
        (date(2026, 12, 31), date(2027, 1, 6)),
    ],
)
def test_a_change_deadline_in_working_days_skips_new_years_day(changed_on, due):
    assert change_deadline(PROFILES["shandong-2012"], changed_on) == due  # 3 working days
    assert landlord_report_deadline(PROFILES["zhejiang-2017"], changed_on) == due


def test_a_change_deadline_in_days_ending_on_new_years_day_moves():
    assert change_deadline(PROFILES["zhejiang-2017"], date(2026, 12, 22)) == date(2027, 1, 4)  # 10 days: 1 January


def test_counting_across_the_new_year_agrees_with_counting_day_by_day():
    start = date(2026, 12, 1)
    for length in range(0, 400, 7):
        end = start + timedelta(days=length)
        by_day = sum(is_working_day(start + timedelta(days=d)) for d in range(1, length + 1))
        assert working_days_between(start, end) == by_day, end


# --- the data ---------------------------------------------------------------------------------------------------


def test_the_statutory_table_covers_the_coming_years():
    assert set(range(2027, 2036)) <= set(STATUTORY)
    data = workdays.tomllib.loads(workdays.STATUTORY_FILE.read_text(encoding="utf-8"))
    for year in range(2025, 2036):
        kinds = data[str(year)]
        assert {name: len(days) for name, days in kinds.items()} == {
            "new_year": 1,
            "spring_festival": 4,
            "qingming": 1,
            "labour_day": 2,
            "dragon_boat": 1,
            "mid_autumn": 1,
            "national_day": 3,
        }, year
        eve, *festival = kinds["spring_festival"]
        assert [(day - eve).days for day in festival] == [1, 2, 3]
        assert date(year, 1, 21) <= festival[0] <= date(year, 2, 20)  # 正月初一 always falls in this span
        assert kinds["qingming"][0] in (date(year, 4, 4), date(year, 4, 5))


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_table_agrees_with_the_notices_of_2025_and_2026(year):
    # The years the table shares with the package: every statutory day was a day off in that year's notice.
    assert STATUTORY[year] <= set(chinese_calendar.holidays)


def test_the_shipped_notices_load():
    notices = load_notices()
    assert all(isinstance(year, int) for year in notices)


def test_a_notice_replaces_the_statutory_days_of_its_year(tmp_path):
    (tmp_path / "notices.toml").write_text(
        '[2027]\nsource = "国办发明电〔2026〕N号"\n'
        "holidays = [2027-01-01, 2027-01-02, 2027-01-03, 2027-02-04, 2027-02-05]\n"
        "workdays = [2027-02-20]\n",
        encoding="utf-8",
    )
    notices = load_notices(tmp_path / "notices.toml")
    package = [date(2026, 10, 1)]
    calendar = official_calendar(package, [], STATUTORY, notices)
    assert not is_working_day(date(2027, 2, 4), calendar)  # the notice's day off
    assert is_working_day(date(2027, 2, 8), calendar)  # a statutory day, but the notice is what counts
    assert is_working_day(date(2027, 2, 20), calendar)  # a Saturday worked
    assert not is_working_day(date(2026, 10, 1), calendar)  # the package's years as they were
    assert not is_working_day(date(2028, 1, 26), calendar)  # the year after the notice: statutory again
    assert not is_working_day(date(2040, 5, 2), calendar)  # past the table: the fixed-date holidays only
    assert working_days_between(date(2027, 1, 29), date(2027, 2, 26), calendar) == sum(
        is_working_day(date(2027, 1, 29) + timedelta(days=d), calendar) for d in range(1, 29)
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[2027]\nholidays = [2028-01-01]\n", "not a date in 2027"),
        ("[2027]\nholidays = [2027-01-01]\nworkdays = [2027-02-22]\n", "weekend days worked"),  # a Monday
        ("[2027]\nworkdays = [2027-02-20]\n", "needs holidays"),
        ("[2027]\nholidays = [2027-01-01]\nworkday = [2027-02-20]\n", "needs holidays"),
    ],
)
def test_a_wrong_notice_is_refused(tmp_path, text, error):
    (tmp_path / "notices.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        load_notices(tmp_path / "notices.toml")
