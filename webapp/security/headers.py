"""Security headers on every response: a strict CSP with no inline script, and friends."""

from flask import Flask, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


#: Set on every response, replacing any value a view gave (the CSP only when the view set none).
FIXED = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()"),
)
_FIXED_NAMES = frozenset(name.lower() for name, _ in FIXED)
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response):
    """The same headers as setting each (replacing what was there), in one pass over what the response has: a
    page's response has none of them, and Werkzeug's per-header set looks through every header again."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    if "content-security-policy" not in present:
        headers.add("Content-Security-Policy", CSP)
    if _FIXED_NAMES.isdisjoint(present):
        headers.extend(FIXED)
    else:
        for name, value in FIXED:
            headers[name] = value
    static = request.endpoint == "static"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    if not static and "cache-control" not in present:
        # Pages may hold personal data: no shared or disk caches, and the service worker never stores them.
        headers.add("Cache-Control", "no-store")
    if not static:
        # Static files are the same for everyone: without Vary: Cookie the page and the service worker share one
        # copy in the browser's cache, fetched once.
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
