"""Periods of the assessment and the work record: a calendar year ("2026") or month ("2026-11"), in China time."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from webapp import clock

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None  # None: the whole year

    @property
    def key(self) -> str:
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    @property
    def is_year(self) -> bool:
        return self.month is None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end_day(self) -> date:
        """The day after the last."""
        if self.month is None or self.month == 12:
            return date(self.year + 1, 1, 1)
        return date(self.year, self.month + 1, 1)

    @property
    def months(self) -> list[str]:
        if self.month is not None:
            return [self.key]
        return [f"{self.year:04d}-{m:02d}" for m in range(1, 13)]

    def bounds(self) -> tuple[datetime, datetime]:
        """Its first instant and the first instant after it, as stored (naive UTC): China's midnights."""
        return clock.start_of_day(self.first_day), clock.start_of_day(self.end_day)

    def previous(self) -> "Period":
        if self.month is None:
            return Period(self.year - 1)
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def contains(self, day: date) -> bool:
        return self.first_day <= day < self.end_day

    def last_month_until(self, day: date) -> str:
        """The period's last month, or today's month when the period is running."""
        return f"{day.year:04d}-{day.month:02d}" if self.contains(day) else self.months[-1]


def parse(text: str | None, today: date, default_month: bool = False) -> Period:
    """The period a query string names, or the current one (year, or month) when it names none or one not yet begun
    or before Xinju's records could start."""
    current = Period(today.year, today.month if default_month else None)
    match = _PATTERN.match(text or "")
    if not match:
        return current
    year, month = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        return current
    period = Period(year, month)
    if year < FIRST_YEAR or period.first_day > today:
        return current
    return period


def choices(today: date, years: int = 3) -> list[Period]:
    """The periods offered: the last `years` years, each followed by its months (up to this month), newest first."""
    out = []
    for year in range(today.year, today.year - years, -1):
        out.append(Period(year))
        last = today.month if year == today.year else 12
        out.extend(Period(year, m) for m in range(last, 0, -1))
    return out
