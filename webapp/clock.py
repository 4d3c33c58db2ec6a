"""The app's one clock. Every "today" and "now" comes from here, never from `date.today()` or `datetime.now()`.

- `today()` and `now()` are China's calendar day and wall time (`Asia/Shanghai` unless the `TIMEZONE` setting says
  otherwise), whatever the server's own clock or zone: between 00:00 and 08:00 Beijing time a server in UTC is
  still on the day before, and every deadline, age and "today" would be a day behind.
- `utcnow()` is the instant as a naive UTC datetime: what the database stores (the same on SQLite and PostgreSQL).
  `local(stored)` turns a stored value back into China's wall time.
- `pin(instant)` moves the clock (tests, `--today` of the generator, a replay of a day): the clock keeps running
  from the instant given. `unpin()` puts it back on the system clock.
"""

from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"

_zone = ZoneInfo(DEFAULT_ZONE)
_offset = timedelta(0)


def set_zone(name: str) -> None:
    """Use another IANA zone as the app's calendar (create_app calls this with the `TIMEZONE` setting)."""
    global _zone
    _zone = ZoneInfo(name)


def zone() -> ZoneInfo:
    return _zone


def _system_now() -> datetime:
    return datetime.now(UTC)


def instant() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    return _system_now() + _offset


def utcnow() -> datetime:
    """The current instant as a naive UTC datetime, as stored in the database."""
    return instant().replace(tzinfo=None)


def now() -> datetime:
    """The current wall time in the app's zone, timezone-aware."""
    return instant().astimezone(_zone)


def today() -> date:
    """The current calendar day in the app's zone."""
    return now().date()


def local(stored: datetime | None) -> datetime | None:
    """A stored (naive UTC) or aware datetime in the app's zone."""
    if stored is None:
        return None
    if stored.tzinfo is None:
        stored = stored.replace(tzinfo=UTC)
    return stored.astimezone(_zone)


def start_of_day(day: date) -> datetime:
    """The first instant of `day` in the app's zone, as a naive UTC datetime (for comparing with stored times)."""
    return datetime.combine(day, time.min, tzinfo=_zone).astimezone(UTC).replace(tzinfo=None)


def pin(at: datetime | date) -> None:
    """Move the clock so that it reads `at` now and runs on from there. A date means 10:00 that day in the app's
    zone; a naive datetime is read in the app's zone."""
    global _offset
    if not isinstance(at, datetime):
        at = datetime.combine(at, time(10, 0))
    if at.tzinfo is None:
        at = at.replace(tzinfo=_zone)
    _offset = at - _system_now()


def unpin() -> None:
    global _offset
    _offset = timedelta(0)


def pinned() -> bool:
    return _offset != timedelta(0)


@contextmanager
def pinned_at(at: datetime | date):
    """`with pinned_at(day): ...` moves the clock for the block, then puts it back where it was."""
    global _offset
    before = _offset
    pin(at)
    try:
        yield
    finally:
        _offset = before


@contextmanager
def unpinned():
    """`with unpinned(): ...` reads the real clock for the block (a session made for a server process of its own,
    which runs on the real clock), then puts the pin back."""
    global _offset
    before = _offset
    _offset = timedelta(0)
    try:
        yield
    finally:
        _offset = before
