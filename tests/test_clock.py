"""The app's one clock (webapp/clock.py): China's day and time whatever the server's, one zone setting, and no other
clock in the code."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from webapp import clock

ROOT = Path(__file__).resolve().parent.parent

#: Calls that read the system's clock or zone directly. Only webapp/clock.py may; the exceptions below say why.
OTHER_CLOCKS = re.compile(r"\b(date\.today|datetime\.today|datetime\.now|datetime\.utcnow|time\.time)\(")
#: (file, call): files compared with the system clock, which the file system (and faketime) keep on the real one.
ALLOWED = {
    # Uploads never committed are pruned when their file is a day old: the file's mtime is the system's.
    ("webapp/documents/storage.py", "time.time("),
    # A new signing key's file is named by its day, and same-day keys are ordered by mtime: both the system's.
    ("webapp/permits/tokens.py", "datetime.now("),
    # The load test's devices date their visits by the gunicorn server's clock, another process that a test's
    # pinned clock does not move (the kill -9 test runs it from a pinned test).
    ("scripts/loadtest.py", "time.time("),
}


def test_no_other_clock_in_the_code():
    found = set()
    for path in [*ROOT.glob("webapp/**/*.py"), *ROOT.glob("scripts/*.py")]:
        relative = path.relative_to(ROOT).as_posix()
        if relative == "webapp/clock.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in OTHER_CLOCKS.finditer(line):
                if (relative, match.group(0)) not in ALLOWED:
                    found.add(f"{relative}:{number}: {line.strip()}")
    assert not found, "use webapp.clock (today(), now(), utcnow()) instead:\n" + "\n".join(sorted(found))


def close_to(value: datetime, expected: datetime) -> bool:
    """A pinned clock runs on from the instant given: allow the test's own few seconds."""
    return timedelta(0) <= value - expected < timedelta(seconds=30)


def test_at_23_30_utc_it_is_already_tomorrow_in_china():
    with clock.pinned_at(datetime(2026, 3, 9, 23, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 3, 10)
        now = clock.now()
        assert now.tzinfo is not None and now.utcoffset() == timedelta(hours=8)
        assert close_to(now, datetime(2026, 3, 10, 7, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
        stored = clock.utcnow()
        assert stored.tzinfo is None and close_to(stored, datetime(2026, 3, 9, 23, 30))
        assert clock.local(stored).date() == date(2026, 3, 10)
        assert clock.start_of_day(clock.today()) == datetime(2026, 3, 9, 16, 0)


def test_at_16_30_utc_china_has_just_started_the_next_day():
    with clock.pinned_at(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)):
        assert clock.today() == date(2027, 1, 1)
        assert close_to(clock.now(), datetime(2027, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
        assert clock.utcnow().date() == date(2026, 12, 31)
    with clock.pinned_at(datetime(2026, 12, 31, 15, 30, tzinfo=UTC)):
        assert clock.today() == date(2026, 12, 31)  # 23:30 in China


def test_a_date_pins_10_00_in_china_and_the_pin_is_undone():
    before = clock.pinned()
    with clock.pinned_at(date(2028, 2, 29)):
        assert clock.today() == date(2028, 2, 29)
        assert close_to(clock.utcnow(), datetime(2028, 2, 29, 2, 0))
        with clock.pinned_at(datetime(2028, 3, 1, 9, 0)):  # naive: China's wall time
            assert clock.today() == date(2028, 3, 1)
        assert clock.today() == date(2028, 2, 29)
    assert clock.pinned() == before


@pytest.fixture
def zone_restored():
    yield
    clock.set_zone(clock.DEFAULT_ZONE)


@pytest.mark.usefixtures("zone_restored")
def test_set_zone_moves_the_calendar():
    with clock.pinned_at(datetime(2026, 3, 9, 23, 30, tzinfo=UTC)):
        clock.set_zone("UTC")
        assert clock.zone().key == "UTC"
        assert clock.today() == date(2026, 3, 9)
        assert clock.start_of_day(date(2026, 3, 9)) == datetime(2026, 3, 9)
        clock.set_zone("Asia/Shanghai")
        assert clock.today() == date(2026, 3, 10)
    with pytest.raises(ZoneInfoNotFoundError):
        clock.set_zone("Not/AZone")
    assert clock.zone().key == "Asia/Shanghai"  # unchanged


@pytest.mark.usefixtures("zone_restored")
def test_the_timezone_setting_sets_the_clock_and_the_dates_shown(app, make_app):
    assert app.config["TIMEZONE"] == "Asia/Shanghai" == clock.zone().key  # the default
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Asia/Shanghai"
    app = make_app(TIMEZONE="Asia/Urumqi")
    assert clock.zone().key == "Asia/Urumqi"
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Asia/Urumqi"
