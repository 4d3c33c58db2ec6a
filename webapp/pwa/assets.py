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


#: What the service worker keeps so the app opens without a network: public files only.
SHELL_ASSETS = [
    "css/app.css",
    "js/app.js",
    "js/passkeys.js",
    "js/field.js",
    "js/outbox.js",
    "icons/icon.svg",
    "icons/icon-192.png",
]


def cache_static(response):
    if request.endpoint == "static" and request.args.get("v"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def init_app(app: Flask) -> None:
    app.after_request(cache_static)
