"""The top and bottom of every page (templates/layout/), rendered once per kind of page and kept in memory.

The header, the footer and the head's links are the same for everybody who sees the same kind of page: the same
language, signed in or not, a coordinator or not, the demo or not, the same fingerprinted files. Rendering them
cost about half a page's time (some forty strings and links through the template's calls), so each kind is
rendered once, with markers where a request's own values go, and each request puts in its own: the page's title,
the CSRF token, the path (for the language switch) and the count of unread messages. Nobody's personal data is
kept: the markers are filled per request, and what is kept is what any visitor of that kind would see.

The kept copies belong to the template object they were rendered from: a template reloaded from disk (development)
is a new object, with nothing kept.
"""

from flask import current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import Undefined, pass_context
from markupsafe import Markup, escape

from webapp.i18n import locale_name, translations
from webapp.notifications.notify import unread_count
from webapp.pwa.assets import fingerprint

TOP = "layout/_top.html"
BOTTOM = "layout/_bottom.html"
#: The files the top links: a new fingerprint is a new kind of page.
LINKED_FILES = ("icons/icon.svg", "icons/apple-touch-icon.png", "css/app.css", "js/app.js", "js/outbox.js")
#: Where a request's own values go: characters of Unicode's private use area, which no text of ours contains and
#: which escaping leaves as they are.
MARKERS = {
    "title": "\ue000title\ue001",
    "csrf": "\ue000csrf\ue001",
    "path": "\ue000path\ue001",
    "unread": "\ue000n\ue001",
}
#: Kinds of page kept per template (2 languages x 3 kinds of visitor x demo or not); cleared when it would grow past.
KEPT_MAX = 64


def _kept(name: str, key: tuple, values: dict) -> str:
    template = current_app.jinja_env.get_template(name)
    kept = template.__dict__.setdefault("_xinju_kept", {})
    page = kept.get(key)
    if page is None:
        page = str(template.render(**values))
        if len(kept) >= KEPT_MAX:
            kept.clear()
        kept[key] = page
    return page


def _kind() -> tuple:
    """What a kind of page depends on besides who sees it; worked out once per request (the top and the bottom)."""
    kind = g.get("_xinju_page_kind")
    if kind is None or kind[1] != locale_name():
        config = current_app.config
        kind = g._xinju_page_kind = (
            request.script_root,
            locale_name(),
            bool(config["DEMO"]),
            tuple(config["LANGUAGES"]),
            tuple(fingerprint(name) for name in LINKED_FILES),
        )
    return kind


def unread_badge(count: int) -> Markup:
    if not count:
        return Markup("")
    new = translations().ugettext("new")
    return Markup(' <span class="badge">%s<span class="visually-hidden"> %s</span></span>') % (count, new)


@pass_context
def layout_top(context) -> Markup:
    """The page from <!doctype html> to <main>: the kept copy for this kind of page, with this request's values."""
    anonymous = bool(context.get("anonymous"))
    signed_in = not anonymous and current_user.is_authenticated
    coordinator = signed_in and current_user.has_role("coordinator")
    page = _kept(
        TOP,
        (*_kind(), anonymous, signed_in, coordinator),
        dict(MARKERS, anonymous=anonymous, signed_in=signed_in, coordinator=coordinator),
    )
    title = context.get("title")
    page = page.replace(MARKERS["title"], "" if title is None or isinstance(title, Undefined) else escape(title))
    page = page.replace(MARKERS["path"], escape(request.path))
    if not anonymous:
        page = page.replace(MARKERS["csrf"], escape(generate_csrf()))
    if signed_in:
        page = page.replace(MARKERS["unread"], unread_badge(unread_count(current_user)))
    return Markup(page)


def layout_bottom() -> Markup:
    """The page from </main> to the end: the same for every page of a language."""
    return Markup(_kept(BOTTOM, _kind(), {}))


def template_helpers() -> dict:
    return {"layout_top": layout_top, "layout_bottom": layout_bottom}
