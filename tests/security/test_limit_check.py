"""Flask-Limiter's before-request check runs only when there is a limit for it to count
(webapp.security.limits.check_only_where_limited): the limits behave as before, whichever kind they are."""

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from webapp.security.limits import check_only_where_limited


def small_app(**limiter_options):
    app = Flask("limits")
    app.config.update(RATELIMIT_STORAGE_URI="memory://", RATELIMIT_HEADERS_ENABLED=True)
    limiter = Limiter(key_func=get_remote_address, **limiter_options)
    limiter.init_app(app)
    calls = []
    original = limiter._check_request_limit

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    hooks = app.before_request_funcs[None]
    hooks[hooks.index(original)] = counted
    limiter._check_request_limit = counted
    check_only_where_limited(app, limiter)

    @app.get("/free")
    def free():
        return "free"

    @app.get("/limited")
    @limiter.limit("2 per minute")
    def limited():
        return "limited"

    return app, calls


def test_a_route_without_a_limit_skips_the_check_and_a_declared_limit_still_counts():
    app, calls = small_app()
    client = app.test_client()
    free = [client.get("/free") for _ in range(5)]
    assert [r.status_code for r in free] == [200] * 5 and calls == []
    assert not any("X-RateLimit-Limit" in r.headers for r in free)
    limited = [client.get("/limited") for _ in range(3)]
    assert [r.status_code for r in limited] == [200, 200, 429]
    assert limited[0].headers["X-RateLimit-Limit"] == "2" and limited[0].headers["X-RateLimit-Remaining"] == "1"


def test_default_and_application_limits_are_still_checked_before_every_view():
    for options in ({"default_limits": ["3 per minute"]}, {"application_limits": ["3 per minute"]}):
        app, calls = small_app(**options)
        client = app.test_client()
        assert [client.get("/free").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert len(calls) == 4


def test_the_app_uses_the_guard(app):
    hooks = [getattr(f, "__qualname__", "") for f in app.before_request_funcs[None]]
    assert "check_only_where_limited.<locals>.check_request_limit" in hooks
