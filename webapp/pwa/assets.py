"""Fingerprinted static URLs (?v=<hash>) so static files can be cached for a year and still update."""

import hashlib
import time
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, url_for

#: How often a static file's modification time is looked at again: a file changed on disk (development) gets its
#: new fingerprint within this, and a page's five or six asset URLs cost no system call.
RECHECK_SECONDS = 1.0

_hashes: dict[tuple[str, float], str] = {}
#: (folder, filename) -> (time.monotonic() when looked at, fingerprint)
_checked: dict[tuple[str, str], tuple[float, str]] = {}
_urls: dict[tuple[str, str, str], str] = {}  # (script root, filename, fingerprint) -> URL


def fingerprint(filename: str) -> str:
    folder = current_app.static_folder
    now = time.monotonic()
    checked = _checked.get((folder, filename))
    if checked is not None and now - checked[0] < RECHECK_SECONDS:
        return checked[1]
    path = Path(folder) / filename
    key = (filename, path.stat().st_mtime)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    _checked[folder, filename] = (now, _hashes[key])
    return _hashes[key]


def asset_url(filename: str) -> str:
    """The fingerprinted URL; built once per file, fingerprint and script root (url_for costs more than the rest of
    a page's links together)."""
    version = fingerprint(filename)
    if not has_request_context():
        return url_for("static", filename=filename, v=version)
    key = (request.script_root, filename, version)
    url = _urls.get(key)
    if url is None:
        url = _urls[key] = url_for("static", filename=filename, v=version)
    return url


#: What the service worker keeps for every visitor so the app opens without a network: what every page loads.
#: The same fingerprinted URLs as the page's, so the worker takes them from the browser's cache, not the network.
SHELL_ASSETS = [
    "css/app.css",
    "js/app.js",
    "icons/icon.svg",
]

#: Kept only once someone opens the page online (a coordinator's field mode): the page and the scripts it needs
#: offline. Other scripts (passkeys, place chooser) are kept as they are first used, by their fingerprinted URL.
ROLE_ASSETS = {
    "visits.field": ["js/field.js", "js/outbox.js"],
}


def cache_static(response):
    if request.endpoint != "static":
        return response
    if request.args.get("v"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers.pop("Expires", None)  # send_file's one-hour Expires would only contradict the year
    return response


class StaticFilesWithoutSession:
    """The app's session interface, except that a static file never carries the session.

    A static file is the same for everyone. Flask would otherwise refresh a signed-in person's cookie on it
    (Set-Cookie on a response any cache may keep for a year) and add Vary: Cookie, because hooks such as
    Flask-Login's look at the session on every request; without them, the page and the service worker (which
    fetches without cookies) share one copy in the browser's cache, so a file is downloaded once."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def save_session(self, app, session, response):
        if request.endpoint == "static":
            return None
        return self.inner.save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.after_request(cache_static)


def keep_sessions_off_static_files(app: Flask) -> None:
    """Wrap whichever session interface the app ends up with (call it after every extension is set up)."""
    app.session_interface = StaticFilesWithoutSession(app.session_interface)
