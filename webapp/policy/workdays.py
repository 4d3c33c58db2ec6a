"""Working-day arithmetic for deadlines counted in working days (工作日).

A working day is what the State Council's yearly notice says: Monday to Friday, except public holidays, and the
weekend days turned into working days to bridge them (调休). `OFFICIAL` is that calendar, from the chinesecalendar
package (the notices since 2004; a new release each year carries the next year's notice). For a year it does not
know yet, Monday to Friday is used. Callers may pass `holidays` instead: a plain set of dates that are not working
days (weekdays otherwise), which is how the rules' tests pin their examples.

Periods are counted as Chinese law counts them (民法典 art. 201): the day of the event is not counted, so "within 3
working days" of a Friday ends on the following Wednesday.
"""

from bisect import bisect_right
from collections.abc import Collection
from datetime import date, timedelta

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


OFFICIAL = OfficialCalendar(chinese_calendar.holidays.keys(), chinese_calendar.workdays.keys())
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
