"""Fingerprinted static URLs (?v=<hash>) so static files can be cached for a year and still update."""

import hashlib
from pathlib import Path

from flask import Flask, current_app, request, url_for

_hashes: dict[tuple[str, float], str] = {}


def fingerprint(filename: str) -> str:
    path = Path(current_app.static_folder) / filename
    key = (filename, path.stat().st_mtime)
    if key not in _hashes:
        _hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return _hashes[key]


def asset_url(filename: str) -> str:
    return url_for("static", filename=filename, v=fingerprint(filename))


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
