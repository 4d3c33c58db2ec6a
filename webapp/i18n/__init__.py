"""Languages: Simplified Chinese and English, chosen from the browser, switchable and remembered."""

from flask import current_app, request
from flask_login import current_user


def cookie_name() -> str:
    """ "lang", or "__Host-lang" in production (config LANGUAGE_COOKIE_NAME)."""
    return current_app.config["LANGUAGE_COOKIE_NAME"]


#: BCP 47 tags for <html lang>, hreflang and the manifest.
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
#: Each language's name in itself, for the switch.
NATIVE_NAMES = {"zh": "中文", "en": "English"}


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
