"""The templates' _() and friends (webapp/i18n: template_gettext) give what Jinja's new-style gettext over
Flask-Babel gives, only faster: the same translation, escaping and formatting, and a locale changed within a
request is followed."""

import pytest
from flask_babel import force_locale, get_translations, refresh
from jinja2.ext import _gettext_alias, _make_new_gettext, _make_new_ngettext, _make_new_npgettext, _make_new_pgettext

#: Jinja's own new-style callables over Flask-Babel's functions: what Flask-Babel installs.
REFERENCE = {
    "_": _gettext_alias,
    "gettext": _make_new_gettext(lambda s: get_translations().ugettext(s)),
    "ngettext": _make_new_ngettext(lambda s, p, n: get_translations().ungettext(s, p, n)),
    "pgettext": _make_new_pgettext(lambda c, s: get_translations().upgettext(c, s)),
    "npgettext": _make_new_npgettext(lambda c, s, p, n: get_translations().unpgettext(c, s, p, n)),
}

SOURCES = [
    "{{ _('Xinju') }}",
    "{{ gettext('Sign out') }}",
    "{{ _('Hello, %(name)s', name='<b>王芳</b>') }}",
    "{{ _('Visits to send: %(count)s', count='%(count)s') }}",
    "{{ _('100%% not a message') }}",
    "{{ ngettext('%(num)d person.', '%(num)d people.', 1) }} {{ ngettext('%(num)d person.', '%(num)d people.', 3) }}",
    "{{ pgettext('menu', 'Xinju') }} {{ npgettext('menu', '%(num)d person.', '%(num)d people.', 2) }}",
    "{% trans %}Xinju{% endtrans %} {% trans n=2 %}{{ n }} person.{% pluralize %}{{ n }} people.{% endtrans %}",
]


def render_both(app, source: str, autoescape: bool) -> tuple[str, str]:
    original = app.jinja_env.autoescape
    app.jinja_env.autoescape = autoescape
    try:
        template = app.jinja_env.from_string(source)
        return template.render(), template.render(**REFERENCE)  # names passed to render() win over the globals
    finally:
        app.jinja_env.autoescape = original


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_same_words_as_flask_babels(app, source, language, autoescape):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        ours, reference = render_both(app, source, autoescape)
    assert ours == reference
    if language == "zh" and source == SOURCES[0]:
        assert ours == "新居"


def test_a_locale_changed_within_the_request_is_followed(app):
    template = app.jinja_env.from_string("{{ _('Sign out') }}")
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        chinese = template.render()
        assert chinese == "退出登录"
        with force_locale("en"):
            assert template.render() == "Sign out"
        assert template.render() == chinese
        refresh()
        assert template.render() == chinese


def test_outside_the_app_the_words_are_untranslated(app):
    assert app.jinja_env.from_string("{{ _('Sign out') }}").render() == "Sign out"


def test_the_templates_use_them(app):
    from webapp.i18n import template_gettext

    installed = template_gettext()
    for name in ("_", "gettext", "ngettext", "pgettext", "npgettext"):
        assert app.jinja_env.globals[name].__qualname__ == installed[name].__qualname__
