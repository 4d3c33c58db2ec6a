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


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(self), geolocation=(self), microphone=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        # Pages may hold personal data: no shared or disk caches, and the service worker never stores them.
        response.headers["Cache-Control"] = "no-store"
    if request.endpoint != "static":
        # Static files are the same for everyone: without Vary: Cookie the page and the service worker share one
        # copy in the browser's cache, fetched once.
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
