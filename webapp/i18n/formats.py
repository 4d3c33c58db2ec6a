"""Numbers, dates and lists in the templates: Flask-Babel's filters, the same text, without their cost per value.

Flask-Babel's `format_number` and `dateformat` find the request's locale, parse it, look its number or date
pattern up and apply it for every value (some 30 µs each): a city's dashboard shows about 90 numbers, an
officer's queue about 40 dates.
- A whole number (`int`) is written with Python's thousands separator where the locale writes whole numbers that
  way (checked against Babel once per locale, on sample numbers: Chinese and English do); anything else (a
  float, a Decimal, another locale) goes to Flask-Babel as before.
- A date is formatted by Flask-Babel once per date, format and locale, then remembered (a bounded table per app):
  the text depends on nothing else. A datetime is first moved to the viewer's time zone, as Flask-Babel does
  (unless `rebase=False`), and written as that day.
"""

from datetime import date, datetime

from babel.lists import format_list
from flask import current_app
from flask_babel import format_date, format_datetime, format_number, format_percent, get_locale, to_user_timezone

from webapp.i18n import locale_name

#: Numbers the fast path must write exactly as Babel does before it is used for a locale.
SAMPLES = (0, 7, -7, 999, 1000, -1000, 12_345, 1_234_567, -1_234_567, 10**12)
#: Dates remembered per app before the table starts again.
DATES_KEPT = 4096

_plain_grouping: dict[str, bool] = {}


def _groups_like_python(locale: str) -> bool:
    known = _plain_grouping.get(locale)
    if known is None:
        from babel import numbers

        known = _plain_grouping[locale] = all(numbers.format_decimal(n, locale=locale) == f"{n:,}" for n in SAMPLES)
    return known


def number(value) -> str:
    """`{{ n|format_number }}`: Flask-Babel's format_number."""
    if type(value) is int and _groups_like_python(locale_name()):
        return f"{value:,}"
    return format_number(value)


#: A short date and time where the locale's own is ambiguous: English's "12/3/26, 3:16 PM" reads as 12 March to
#: most of the world; "2026-12-03 15:16" reads one way only, like Chinese's own "2026/12/3 15:16" (kept). Field mode
#: writes times offline with the same pattern (webapp/pwa/formats.py).
SHORT_DATETIME = {"en": "y-MM-dd HH:mm"}


def datetimeformat(value, format: str | None = None, rebase: bool = True) -> str:
    """`{{ t|datetimeformat("short") }}`: Flask-Babel's format_datetime, with an unambiguous short form in English."""
    if format == "short":
        format = SHORT_DATETIME.get(locale_name(), format)
    return format_datetime(value, format, rebase)


def dateformat(value, format: str | None = None, rebase: bool = True) -> str:
    """`{{ d|dateformat("long") }}`: Flask-Babel's format_date (also its `dateformat` filter)."""
    if type(value) is datetime:
        value = (to_user_timezone(value) if rebase else value).date()  # what Babel formats of a datetime
    elif type(value) is not date:
        return format_date(value, format, rebase)
    table = current_app.extensions.setdefault("xinju_dates", {})
    key = (value, format, locale_name())
    text = table.get(key)
    if text is None:
        if len(table) >= DATES_KEPT:
            table.clear()
        text = table[key] = format_date(value, format, rebase)
    return text


#: The dashboards' percentages: whole percents.
PERCENT_PATTERN = "#,##0%"


def percent(value) -> str:
    """`{{ share|format_percent }}`: Flask-Babel's format_percent, in whole percents, remembered per value and locale
    as dates are (a bounded table per app): a dashboard's shares are the same figures on every view."""
    table = current_app.extensions.setdefault("xinju_percents", {})
    key = (value, locale_name())
    text = table.get(key)
    if text is None:
        if len(table) >= DATES_KEPT:
            table.clear()
        text = table[key] = format_percent(value, PERCENT_PATTERN)
    return text


def listing(values) -> str:
    """`{{ names|format_list }}`: words joined as the reader's language joins them ("甲、乙和丙", "A, B, and C"),
    not with one language's comma."""
    return format_list([str(value) for value in values], locale=get_locale())
