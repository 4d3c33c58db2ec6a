"""The app's date-and-time format, for scripts that show times without the server (field mode offline).

The browser's own toLocaleString() would use the phone's zone and locale; the pages show China's time in the
app's format (the templates' datetimeformat("short"): 2026-07-14 10:00 · 2026/7/14 10:00). This hands the script the
same CLDR pattern, period names and zone, and static/js/field.js (formatDateTime) fills the pattern in.
"""

from babel.dates import get_date_format, get_datetime_format, get_period_names, get_time_format
from flask import current_app
from flask_babel import get_locale

from webapp.i18n.formats import SHORT_DATETIME


def short_datetime(locale: str | None = None) -> dict[str, str]:
    locale = locale or str(get_locale())
    pattern = SHORT_DATETIME.get(locale) or (
        get_datetime_format("short", locale)
        .replace("{1}", get_date_format("short", locale).pattern)
        .replace("{0}", get_time_format("short", locale).pattern)
    )
    periods = get_period_names("abbreviated", "format", locale)
    return {"pattern": pattern, "am": periods["am"], "pm": periods["pm"], "timezone": current_app.config["TIMEZONE"]}
