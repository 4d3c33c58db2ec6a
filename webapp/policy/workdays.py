"""Working-day arithmetic for deadlines counted in working days (工作日).

A working day is Monday to Friday. There is NO holiday calendar here: China's public holidays, and the weekend days
turned into working days to bridge them (调休), are set each year by State Council notice. Callers that know the
holidays pass them as `holidays` (dates that are not working days); weekend days worked under 调休 are not modelled.

Periods are counted as Chinese law counts them (民法典 art. 201): the day of the event is not counted, so "within 3
working days" of a Friday ends on the following Wednesday.
"""

from collections.abc import Collection
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date] = ()) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, holidays):
        day += ONE_DAY
    return day


def add_working_days(start: date, days: int, holidays: Collection[date] = ()) -> date:
    """The `days`-th working day after `start` (`start` itself is not counted, whatever day it is)."""
    if days < 0:
        raise ValueError(f"cannot count {days} working days")
    day = start
    for _ in range(days):
        day = next_working_day(day + ONE_DAY, holidays)
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """How many working days fall after `start`, up to and including `end` (0 if `end` is not after `start`)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)  # every full week holds 5 working days
    count = 5 * weeks + sum(is_working_day(end - timedelta(days=i)) for i in range(rest))
    return count - sum(1 for day in set(holidays) if start < day <= end and day.weekday() < 5)
