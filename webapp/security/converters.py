"""URL converters that take only what the database can hold: every `<int:…>` is a whole number from 0 to 2^31 − 1
(PostgreSQL's integer; SQLite overflows at 2^63), every `<…>` text part has no control character. Anything else is
a 404 before a view or a query sees it. Registered in the application factory under the usual names, so a new
route is bounded without asking."""

import builtins

from werkzeug.routing import IntegerConverter, UnicodeConverter

#: The largest value of a PostgreSQL integer column, which every id is.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - Werkzeug's names
        bound = MAX_ID if max is None else builtins.min(max, MAX_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)


class PlainTextConverter(UnicodeConverter):
    """One path segment, as Werkzeug's default, without C0/C1 control characters (a NUL PostgreSQL cannot compare)."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f-\\x9f]")


CONVERTERS = {"int": BoundedIntConverter, "default": PlainTextConverter, "string": PlainTextConverter}


def init_app(app) -> None:
    app.url_map.converters.update(CONVERTERS)
