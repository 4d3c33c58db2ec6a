"""What every part of the generator shares: the writer, one random.Random(seed) for every choice, and the calendar.

Times are stored as naive UTC (webapp.clock); days are China's. Everything happened before the day generated as
of began.
"""

import random
from datetime import date, datetime, timedelta

from webapp import clock
from webapp.synthetic.writer import BulkWriter


def local_day(stored: datetime) -> date:
    """China's day of a stored (naive UTC) time."""
    return clock.local(stored).date()


class Base(BulkWriter):
    def __init__(self, connection, seed: int, today: date) -> None:
        super().__init__(connection)
        self.rng = random.Random(seed)
        self.today = today
        self.now = clock.start_of_day(today)
        self.yesterday = today - timedelta(days=1)

    def at(self, day: date) -> datetime:
        """A moment in office hours (China time) on `day` (never today or later), as stored: naive UTC."""
        moment = clock.start_of_day(day) + timedelta(seconds=self.rng.randrange(8 * 3600, 21 * 3600))
        return min(moment, self.now - timedelta(minutes=1))

    def later(self, moment: datetime, max_days: int) -> datetime:
        """A moment up to `max_days` after `moment` (never today or later)."""
        return min(moment + timedelta(seconds=self.rng.randrange(3600, max(2, max_days) * 86400)), self.now)
