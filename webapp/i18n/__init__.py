"""Languages: Simplified Chinese and English, chosen from the browser, switchable and remembered."""

from flask import current_app, g, has_app_context, request
from flask_babel import get_locale, get_translations
from flask_babel import gettext as lazy_gettext_func
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup, escape


def cookie_name() -> str:
    """ "lang", or "__Host-lang" in production (config LANGUAGE_COOKIE_NAME)."""
    return current_app.config["LANGUAGE_COOKIE_NAME"]


#: BCP 47 tags for <html lang>, hreflang and the manifest.
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
#: Each language's name in itself, for the switch.
NATIVE_NAMES = {"zh": "中文", "en": "English"}
#: Between a label and its value ("Receipt number: …"): the full-width colon in Chinese, with no space after it.
LABEL_COLON = {"zh": "：", "en": ": "}
#: Between items that hold commas or colons themselves ("Coordinator: A; Officer: B"): full-width in Chinese.
SEMICOLON = {"zh": "；", "en": "; "}
#: An aside after a word ("Ended (left the county)"): full-width brackets, with no space before them, in Chinese.
BRACKETS = {"zh": ("（", "）"), "en": (" (", ")")}


def _in_page_language(marks: dict[str, str]) -> str:
    return marks.get(locale_name(), marks["en"])


def colon() -> str:
    """The templates' `{{ _("Rental code") }}{{ colon() }}…`: the colon of the page's language."""
    return _in_page_language(LABEL_COLON)


def semicolon() -> str:
    """The templates' `{% if not loop.last %}{{ semicolon() }}{% endif %}`: the page's language's semicolon."""
    return _in_page_language(SEMICOLON)


def aside(text) -> Markup:
    """The templates' `{{ name }}{{ aside(room) }}`: the text in brackets of the page's language, escaped."""
    opening, closing = _in_page_language(BRACKETS)
    return Markup(opening) + escape(text) + Markup(closing)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    # ?lang=: the switch of the pages everyone sees alike (offline, field mode, a permit check), which have no
    # form to post (a cached page cannot carry a CSRF token); and how the service worker keeps both languages.
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(cookie_name())
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def translations():
    """This request's catalogue, looked up once per request and locale. Flask-Babel's own template callables look it
    up again for every string (the context, the locale, its name, the domain, the cache: some 20 µs each, for the
    dozens of strings of every page). A locale changed within the request (flask_babel.force_locale, refresh) is a
    new Locale object, and is looked up again."""
    if not has_app_context():  # Flask-Babel's answer (no translations)
        return get_translations()
    namespace = vars(g._get_current_object())  # one look through the proxy, then plain dictionaries
    babel = namespace.get("_flask_babel")
    cached = namespace.get("_xinju_translations")
    if (
        cached is not None
        and babel is not None
        and cached[0] is babel.__dict__.get("babel_locale", cached)
        and cached[1] is babel.__dict__.get("babel_domain", cached)
    ):
        return cached[2]
    found = get_translations()
    babel = namespace["_flask_babel"]
    namespace["_xinju_translations"] = (
        getattr(babel, "babel_locale", None),
        getattr(babel, "babel_domain", None),
        found,
    )
    return found


def locale_name() -> str:
    """`str(get_locale())` ("zh", "en"), worked out once per request and locale, as `translations` is: Flask-Babel
    finds the locale through the request's globals, and Babel writes its name anew, on every call (a dashboard's
    numbers and a catalogue's service names ask about a hundred times a page)."""
    if not has_app_context():
        return str(get_locale())
    namespace = vars(g._get_current_object())
    babel = namespace.get("_flask_babel")
    cached = namespace.get("_xinju_locale_name")
    if cached is not None and babel is not None and cached[0] is babel.__dict__.get("babel_locale", cached):
        return cached[1]
    locale = get_locale()
    name = str(locale)
    babel = namespace.get("_flask_babel")
    if babel is not None and locale is not None:
        namespace["_xinju_locale_name"] = (babel.__dict__.get("babel_locale"), name)
    return name


def lazy_text(words) -> str:
    """`str(words)` for a lazy string (`_l(...)`): a plain one (no variables) is looked up in the request's
    catalogue directly (`translations`: found once per request), not through Flask-Babel's gettext, which looks the
    catalogue up again for every string. Anything else reads as str() reads it."""
    if isinstance(words, LazyString) and words._func is lazy_gettext_func and not words._kwargs:
        if len(words._args) == 1:
            return translations().ugettext(words._args[0])
    return str(words)


def template_gettext() -> dict:
    """The templates' _(), gettext, ngettext, pgettext and npgettext, as Jinja's new-style gettext makes them from
    Flask-Babel's (the same strings, escaped and formatted alike: a translation is Markup where the template is
    autoescaped, then `%` with the keyword arguments), minus their cost: Jinja's _() calls gettext, which calls
    Flask-Babel's function, each call through the template context's inspection of what it calls; and
    Flask-Babel looks the catalogue up again for every string. Here _() is gettext, and the catalogue is looked up
    once per request (see translations). The app factory installs them over Flask-Babel's."""

    @pass_eval_context
    def gettext(eval_ctx, __string: str, **variables) -> str:
        rv = translations().ugettext(__string)
        if not variables and "%" not in rv:  # what `% {}` would give, without formatting
            return Markup(rv) if eval_ctx.autoescape else rv
        return (Markup(rv) if eval_ctx.autoescape else rv) % variables

    @pass_eval_context
    def ngettext(eval_ctx, __singular: str, __plural: str, __num: int, **variables) -> str:
        variables.setdefault("num", __num)
        rv = translations().ungettext(__singular, __plural, __num)
        return (Markup(rv) if eval_ctx.autoescape else rv) % variables

    @pass_eval_context
    def pgettext(eval_ctx, __string_ctx: str, __string: str, **variables) -> str:
        variables.setdefault("context", __string_ctx)
        rv = translations().upgettext(__string_ctx, __string)
        return (Markup(rv) if eval_ctx.autoescape else rv) % variables

    @pass_eval_context
    def npgettext(eval_ctx, __string_ctx: str, __singular: str, __plural: str, __num: int, **variables) -> str:
        variables.setdefault("context", __string_ctx)
        variables.setdefault("num", __num)
        rv = translations().unpgettext(__string_ctx, __singular, __plural, __num)
        return (Markup(rv) if eval_ctx.autoescape else rv) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}
