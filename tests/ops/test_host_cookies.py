"""Production cookies carry the __Host- prefix (issue 13, point 9): the browser then accepts them only when Secure,
with Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite them."""

from tests.conftest import token_from
from tests.home.test_config import PRODUCTION_ENV, production_env  # noqa: F401 - the fixture

SITE = {"base_url": "https://xinju.example.gov.cn"}


def host_cookie(response, name: str) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    attributes = [part.strip() for part in cookie.split(";")]
    assert "Secure" in attributes and "Path=/" in attributes
    assert not any(part.lower().startswith("domain=") for part in attributes)
    return cookie


def test_production_cookies_have_the_host_prefix(db, production_env, make_app):  # noqa: F811
    production_env(**PRODUCTION_ENV)
    app = make_app("production", RATELIMIT_STORAGE_URI="memory://")
    client = app.test_client()
    page = client.get("/signin", **SITE)
    host_cookie(page, "__Host-xinju_session")
    headers = {"Referer": "https://xinju.example.gov.cn/signin"}
    switched = client.post(
        "/language",
        data={"lang": "zh", "next": "/signin", "csrf_token": token_from(page.get_data(as_text=True))},
        headers=headers,
        **SITE,
    )
    assert switched.status_code == 302
    host_cookie(switched, "__Host-lang")
    assert 'lang="zh-Hans"' in client.get("/signin", headers={"Accept-Language": "en"}, **SITE).get_data(as_text=True)


def test_other_configurations_keep_plain_cookie_names(client):
    response = client.get("/signin")
    assert any(c.startswith("xinju_session=") for c in response.headers.getlist("Set-Cookie"))
