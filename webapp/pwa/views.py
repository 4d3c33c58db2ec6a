"""/manifest.json, /sw.js (from the site root, so its scope is the whole app) and /offline."""

import hashlib
import json

from flask import Blueprint, current_app, render_template, url_for
from flask_babel import get_locale

from webapp.config import PROJECT_ROOT
from webapp.guide import pages as guide_pages
from webapp.i18n import HTML_LANG
from webapp.policy.profiles import PROFILE_DIR
from webapp.pwa.assets import ROLE_ASSETS, SHELL_ASSETS, asset_url, fingerprint
from webapp.security.access import PUBLIC, allow
from webapp.services.catalogue import CATALOGUE_PATH

bp = Blueprint("pwa", __name__)

MANIFEST = PROJECT_ROOT / "manifest.json"


@bp.get("/manifest.json")
@allow(PUBLIC)
def manifest():
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    lang = str(get_locale())
    data["lang"] = HTML_LANG[lang]
    for icon in data["icons"]:
        icon["src"] = asset_url(icon["src"].removeprefix("/static/"))
    response = current_app.response_class(json.dumps(data, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Accept-Language")
    return response


#: Pages kept for use without a network. They hold no personal data (field mode reads it from IndexedDB).
#: The offline page is kept for every visitor; the others when first opened online (ROLE_ASSETS).
SHELL_PAGES = ("pwa.offline",)


def shell_urls() -> list[str]:
    return [url_for(page) for page in SHELL_PAGES] + [asset_url(name) for name in SHELL_ASSETS]


def role_shells() -> dict[str, list[str]]:
    """Each page kept on first use, with the fingerprinted files it needs offline."""
    return {url_for(page): [asset_url(name) for name in names] for page, names in ROLE_ASSETS.items()}


def shell_languages() -> dict[str, str]:
    """The app's languages by their BCP 47 tag (as pages send them in Content-Language)."""
    return {HTML_LANG[code]: code for code in current_app.config["LANGUAGES"]}


@bp.after_app_request
def content_language(response):
    """Each page says its language, so the service worker opens the kept pages in the one the person last saw
    (the account's when signed in), not the phone's."""
    if response.mimetype == "text/html" and "Content-Language" not in response.headers:
        response.headers["Content-Language"] = HTML_LANG.get(str(get_locale()), "")
    return response


def guide_urls() -> list[str]:
    """The rights guide's pages, kept together (in every language) once any of them is opened online: public, the
    same for everybody, fetched without cookies."""
    rules = [url_for("guide.rules", profile_id=profile.id) for profile in guide_pages.guide_profiles()]
    return [url_for("guide.index"), *rules, url_for("guide.services"), url_for("guide.work")]


#: The guide's words and what fills them: a change is a new version, so a kept guide is fetched anew.
GUIDE_DATA = (guide_pages.POLICY_GUIDE, guide_pages.SERVICES_GUIDE, CATALOGUE_PATH, *sorted(PROFILE_DIR.glob("*.toml")))

#: The templates of the kept pages: a change to them is a new version of the shell too.
SHELL_TEMPLATES = (
    "base.html",
    "layout/_top.html",
    "layout/_bottom.html",
    "pwa/offline.html",
    "visits/field.html",
    "guide/_parts.html",
    "guide/index.html",
    "guide/rules.html",
    "guide/services.html",
    "guide/work.html",
)


def shell_version() -> str:
    names = SHELL_ASSETS + [name for names in ROLE_ASSETS.values() for name in names]
    digest = hashlib.sha256("".join(fingerprint(name) for name in names).encode())
    for name in SHELL_TEMPLATES:
        digest.update((PROJECT_ROOT / "templates" / name).read_bytes())
    for path in GUIDE_DATA:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@bp.get("/sw.js")
@allow(PUBLIC)
def service_worker():
    urls = shell_urls()
    guide = guide_urls()
    body = render_template(
        "pwa/sw.js",
        version=shell_version(),
        shell=json.dumps(urls),
        roles=json.dumps(role_shells()),
        pages=json.dumps([url_for(page) for page in (*SHELL_PAGES, *ROLE_ASSETS)] + guide),
        guide=json.dumps(guide),
        languages=json.dumps(shell_languages()),
        offline_url=url_for("pwa.offline"),
        sync_url=url_for("visits.sync"),
        outbox_url=asset_url("js/outbox.js"),
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/offline")
@allow(PUBLIC)
def offline():
    # The one page the service worker keeps: it must never hold personal data, so it ignores who is signed in.
    response = current_app.make_response(render_template("pwa/offline.html", anonymous=True))
    response.headers["Cache-Control"] = "no-cache"
    return response
