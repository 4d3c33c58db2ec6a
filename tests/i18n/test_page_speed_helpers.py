"""The helpers that made the signed-in pages cheaper (webapp/i18n: locale_name, lazy_text; formats.percent) give
what Flask-Babel gives, and follow a locale changed within the request."""

from decimal import Decimal

import flask_babel
import pytest
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from webapp.i18n import colon, lazy_text, locale_name
from webapp.i18n.formats import PERCENT_PATTERN

SHARES = [0, 0.004, 0.005, 0.015, 0.125, 0.5, 0.8734, 1, 1.0, 12.3456, Decimal("0.335")]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_locale_name_follows_the_locale(app, language):
    other = "en" if language == "zh" else "zh"
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert locale_name() == str(get_locale()) == language
        with force_locale(other):
            assert locale_name() == other
            assert colon() == {"zh": "：", "en": ": "}[other]
        assert locale_name() == language
        flask_babel.refresh()
        assert locale_name() == language


@pytest.mark.parametrize("language", ["zh", "en"])
def test_percent_as_flask_babel_writes_it(app, language):
    percent = app.jinja_env.filters["format_percent"]
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for value in SHARES:
            for _ in range(2):  # the second time from the table
                assert percent(value) == flask_babel.format_percent(value, PERCENT_PATTERN), value


def test_lazy_text_reads_as_str(app):
    words = [_l("Sent"), _l("Name"), _l("No such words in the catalogue"), "plain", _l("%(n)s days", n=3)]
    for language in ("zh", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            for lazy in words:
                assert lazy_text(lazy) == str(lazy)
            with force_locale("en" if language == "zh" else "zh"):
                assert lazy_text(words[0]) == str(words[0])
