"""The templates' format_number and dateformat filters (webapp/i18n/formats.py) write what Flask-Babel's write,
in both languages, for every kind of value they are given, and follow a locale changed within the request."""

from datetime import UTC, date, datetime
from decimal import Decimal

import flask_babel
import pytest
from flask_babel import force_locale

NUMBERS = [0, 1, -1, 999, 1000, -1000, 12_345, 987_654_321, -(10**15), 3.5, 1234.5678, Decimal("12345.6")]
DATES = [
    date(2026, 7, 14),
    date(2028, 2, 29),
    date(1999, 12, 31),
    datetime(2026, 7, 14, 15, 59, tzinfo=UTC),  # 23:59 in China
    datetime(2026, 7, 14, 16, 0, tzinfo=UTC),  # already the 15th in China
    datetime(2026, 12, 31, 23, 30),  # naive: UTC, as stored
]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_numbers_as_flask_babel_writes_them(app, language):
    filters = app.jinja_env.filters
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for value in NUMBERS:
            assert filters["format_number"](value) == flask_babel.format_number(value), value
        assert filters["format_number"](1234567) == "1,234,567"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("form", [None, "short", "medium", "long", "full", "yyyy-MM-dd"])
def test_dates_as_flask_babel_writes_them(app, language, form):
    template = app.jinja_env.from_string("{{ d|dateformat(f) }} {{ d|dateformat(f, rebase=False) }}")
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for value in DATES:
            expected = f"{flask_babel.format_date(value, form)} {flask_babel.format_date(value, form, rebase=False)}"
            for _ in range(2):  # the second time from the table
                assert template.render(d=value, f=form) == expected, value


def test_a_locale_changed_within_the_request_is_followed(app):
    template = app.jinja_env.from_string("{{ d|dateformat('long') }}")
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        assert template.render(d=date(2026, 7, 14)) == "2026年7月14日"
        with force_locale("en"):
            assert template.render(d=date(2026, 7, 14)) == "July 14, 2026"
        assert template.render(d=date(2026, 7, 14)) == "2026年7月14日"
