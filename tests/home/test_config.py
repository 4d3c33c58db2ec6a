"""Configurations: production refuses to start unsafely; the demo exists only where it should."""

import pytest

from webapp import create_app
from webapp.config import ConfigError

PRODUCTION_ENV = {
    "SECRET_KEY": "s" * 40,
    "DATABASE_URL": "sqlite://",
    "WEBAUTHN_RP_ID": "xinju.example.gov.cn",
    "WEBAUTHN_ORIGINS": "https://xinju.example.gov.cn, https://m.xinju.example.gov.cn",
    # The keys that encrypt ID numbers and mobiles at rest, and the blind index's (webapp/security/crypto.py).
    "XINJU_DATA_KEYS": "k1=" + "A" * 43 + "=",
    "XINJU_INDEX_KEY": "B" * 43 + "=",
}


@pytest.fixture
def production_env(monkeypatch):
    for name in (*PRODUCTION_ENV, "XINJU_DATA_KEYS_FILE"):
        monkeypatch.delenv(name, raising=False)

    def _set(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return _set


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without(production_env, missing):
    production_env(**{k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    with pytest.raises(ConfigError) as error:
        create_app("production")
    assert missing in str(error.value)
    assert "will not start" in str(error.value)


def test_production_refuses_a_short_secret(production_env):
    production_env(**{**PRODUCTION_ENV, "SECRET_KEY": "short"})
    with pytest.raises(ConfigError, match="at least 32"):
        create_app("production")


def test_production_configuration(production_env, make_app):
    production_env(**PRODUCTION_ENV)
    app = make_app("production", RATELIMIT_STORAGE_URI="memory://")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["WEBAUTHN_ORIGINS"] == ["https://xinju.example.gov.cn", "https://m.xinju.example.gov.cn"]
    assert app.config["DEMO"] is False
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert not any(rule.startswith("/demo") for rule in rules)
    assert "demo" not in app.blueprints


def test_production_rate_limits_use_redis_by_default(production_env, make_app):
    production_env(**PRODUCTION_ENV)
    app = make_app("production")
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_production_sign_in_page_has_no_demo_buttons(production_env, make_app):
    production_env(**PRODUCTION_ENV)
    app = make_app("production", RATELIMIT_STORAGE_URI="memory://")
    html = app.test_client().get("/signin", base_url="https://xinju.example.gov.cn").get_data(as_text=True)
    assert "DEMO" not in html and "演示" not in html


def test_demo_configuration_has_demo_sign_in(app, make_app):
    demo = make_app("development", RATELIMIT_STORAGE_URI="memory://")
    assert "/demo/sign-in" in {rule.rule for rule in demo.url_map.iter_rules()}
    assert "/demo/sign-in" not in {rule.rule for rule in app.url_map.iter_rules()}


def test_rate_limits_work_on_redis(app, db, make_app):
    """Production keeps rate limits in Redis; check against a real one (CI always has it)."""
    import os

    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL must be set in CI")
        pytest.skip("no TEST_REDIS_URL: Redis rate-limit storage not checked here")
    redis_app = make_app("test", RATELIMIT_STORAGE_URI=url, RATELIMIT_SIGNIN="2 per minute")
    from webapp.extensions import limiter

    with redis_app.app_context():
        limiter.reset()
    client = redis_app.test_client()
    from tests.conftest import token_from

    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True)), "Accept": "application/json"}
    statuses = [client.post("/signin/options", headers=headers, json={}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    with redis_app.app_context():
        limiter.reset()
