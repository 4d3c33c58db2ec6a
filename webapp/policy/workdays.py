"""Working-day arithmetic for deadlines counted in working days (工作日).

A working day is what the State Council's yearly notice says: Monday to Friday, except public holidays, and the
weekend days turned into working days to bridge them (调休). `OFFICIAL` is that calendar, built at start-up from
local data only (nothing is fetched), year by year, from the first source that has the year:
1. holiday_notices.toml: a notice entered by hand, for a year the package does not carry yet. THE place to add the
   State Council's arrangement of a year when it is published (the file says how);
2. the chinesecalendar package (the notices since 2004; a new release each year carries the next year's notice);
3. for a later year: the statutory public holidays fixed by law (全国年节及纪念日放假办法 as amended in 2024, in force
   2025), from holidays.toml (written by scripts/make_holidays.py: the lunar dates and Qingming of each year), or, past
   its last year, only the holidays on fixed solar dates (元旦, 劳动节, 国庆节). Weekends stay days off: which ones
   are worked is unknown until the notice.
Callers may pass `holidays` instead: a plain set of dates that are not working days (weekdays otherwise), which is how
the rules' tests pin their examples.

Periods are counted as Chinese law counts them (民法典 art. 201): the day of the event is not counted, so "within 3
working days" of a Friday ends on the following Wednesday.
"""

import tomllib
from bisect import bisect_right
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

ONE_DAY = timedelta(days=1)


class OfficialCalendar:
    """China's working days: the holidays and the working weekend days of each year's State Council notice."""

    def __init__(self, holidays: Collection[date], workdays: Collection[date]):
        self.holidays = frozenset(holidays)  # weekdays and weekend days off
        self.workdays = frozenset(workdays)  # weekend days worked (调休)
        # Sorted, for counting those in a range by bisection: weekdays off, and weekend days worked.
        self._weekdays_off = sorted(d for d in self.holidays if d.weekday() < 5)
        self._weekends_worked = sorted(d for d in self.workdays if d.weekday() >= 5)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def adjustment(self, start: date, end: date) -> int:
        """Working days gained (make-up weekends) minus weekdays lost (holidays) in (start, end]."""

        def within(days: list[date]) -> int:
            return bisect_right(days, end) - bisect_right(days, start)

        return within(self._weekends_worked) - within(self._weekdays_off)


STATUTORY_FILE = Path(__file__).with_name("holidays.toml")
NOTICES_FILE = Path(__file__).with_name("holiday_notices.toml")
#: The statutory holidays on fixed solar dates (全国年节及纪念日放假办法 art. 2, as amended in 2024).
FIXED_DATE_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))
#: The first year of the statutory holidays as amended in 2024 (four days of Spring Festival, two of Labour Day).
STATUTORY_SINCE = 2025
#: The fixed-date holidays are counted up to this year (inclusive), past the years holidays.toml covers.
LAST_YEAR = 2099


def _dates(year: int, values, where: str) -> set[date]:
    days = set(values)
    for day in days:
        if type(day) is not date or day.year != year:
            raise ValueError(f"{where}: {day!r} is not a date in {year}")
    return days


def load_statutory(path: Path = STATUTORY_FILE) -> dict[int, set[date]]:
    """holidays.toml: year -> the statutory public holidays of that year (no 调休)."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        int(year): set().union(
            *(_dates(int(year), days, f"{path.name} [{year}] {name}") for name, days in kinds.items())
        )
        for year, kinds in data.items()
    }


def load_notices(path: Path = NOTICES_FILE) -> dict[int, tuple[set[date], set[date]]]:
    """holiday_notices.toml: year -> (days off, weekend days worked) of the State Council's notice for that year."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    notices = {}
    for year, notice in data.items():
        where = f"{path.name} [{year}]"
        unknown = set(notice) - {"source", "holidays", "workdays"}
        if unknown or "holidays" not in notice:
            raise ValueError(f"{where}: needs holidays (and workdays, source), not {sorted(unknown)}")
        days_off = _dates(int(year), notice["holidays"], where)
        worked = _dates(int(year), notice.get("workdays", []), where)
        if any(day.weekday() < 5 for day in worked) or days_off & worked:
            raise ValueError(f"{where}: workdays are the weekend days worked, and not days off")
        notices[int(year)] = (days_off, worked)
    return notices


def official_calendar(
    package_holidays: Collection[date],
    package_workdays: Collection[date],
    statutory: Mapping[int, Collection[date]],
    notices: Mapping[int, tuple[Collection[date], Collection[date]]],
    last_year: int = LAST_YEAR,
) -> OfficialCalendar:
    """The calendar from its sources, year by year (see the module's docstring): a notice entered by hand, else the
    package's year, else (after the package's last year) the statutory holidays."""
    holidays = {day for day in package_holidays if day.year not in notices}
    workdays = {day for day in package_workdays if day.year not in notices}
    for days_off, worked in notices.values():
        holidays |= set(days_off)
        workdays |= set(worked)
    # The statutory days from the year after the package's last (the 2024 law is in force from 2025).
    first = max((day.year for day in package_holidays), default=STATUTORY_SINCE - 1) + 1
    for year in range(max(first, STATUTORY_SINCE), last_year + 1):
        if year not in notices:
            holidays |= set(statutory.get(year, ())) | {date(year, m, d) for m, d in FIXED_DATE_HOLIDAYS}
    return OfficialCalendar(holidays, workdays)


OFFICIAL = official_calendar(
    chinese_calendar.holidays.keys(), chinese_calendar.workdays.keys(), load_statutory(), load_notices()
)
#: What every function here takes as `holidays`: the official calendar (the default), or a plain set of days off.
Holidays = Collection[date] | OfficialCalendar


def is_working_day(day: date, holidays: Holidays = OFFICIAL) -> bool:
    if isinstance(holidays, OfficialCalendar):
        return holidays.is_working_day(day)
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Holidays = OFFICIAL) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def add_working_days(start: date, days: int, holidays: Holidays = OFFICIAL) -> date:
    """The `days`-th working day after `start` (`start` itself is not counted, whatever day it is)."""
    if days < 0:
        raise ValueError(f"cannot count {days} working days")
    day = start
    for _ in range(days):
        day = next_working_day(day + ONE_DAY, holidays)
    return day


def working_days_between(start: date, end: date, holidays: Holidays = OFFICIAL) -> int:
    """How many working days fall after `start`, up to and including `end` (0 if `end` is not after `start`)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)  # every full week holds 5 weekdays
    count = 5 * weeks + sum((end - timedelta(days=i)).weekday() < 5 for i in range(rest))
    if isinstance(holidays, OfficialCalendar):
        return count + holidays.adjustment(start, end)
    return count - sum(1 for day in set(holidays) if start < day <= end and day.weekday() < 5)
