"""Every route declares who may use it, and the refusals hold."""

import pytest

from webapp.security.access import EXEMPT_ENDPOINTS, PUBLIC, SIGNED_IN, rules_for


@pytest.fixture
def all_apps(app, make_app):
    return [app, make_app("development", RATELIMIT_STORAGE_URI="memory://")]


def test_every_route_declares_who_may_use_it(all_apps):
    missing = []
    for application in all_apps:
        for rule in application.url_map.iter_rules():
            if rule.endpoint in EXEMPT_ENDPOINTS:
                continue
            if not rules_for(application, rule.endpoint):
                missing.append(rule.rule)
    assert not missing, f"routes without @allow(...): {missing}"


def test_a_route_without_a_rule_is_refused(db, make_app):
    # Fail closed: an undeclared view answers 403 even though it exists.
    probe = make_app("test")
    probe.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    with probe.test_client() as client:
        response = client.get("/undeclared")
    assert response.status_code == 403
    assert b"secret" not in response.data


def test_rules_are_known_words(all_apps):
    from webapp.accounts.roles import Role

    known = {PUBLIC, SIGNED_IN} | {r.value for r in Role}
    for application in all_apps:
        for endpoint in application.view_functions:
            rules = rules_for(application, endpoint) or set()
            assert rules <= known, (endpoint, rules)


@pytest.mark.parametrize("url", ["/account", "/staff/invite", "/staff/recovery"])
def test_signed_out_people_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/signin?next=" in response.location


def test_signed_out_json_requests_get_401(client):
    response = client.post("/account/passkeys/options", headers={"Accept": "application/json"}, json={})
    assert response.status_code in (400, 401)  # CSRF is checked first, then sign-in; never the data


@pytest.mark.parametrize(
    ("roles", "url", "status"),
    [
        (("migrant",), "/staff/invite", 403),
        (("landlord", "employer"), "/staff/recovery", 403),
        (("coordinator",), "/staff/invite", 403),
        (("officer",), "/staff/recovery", 403),
        (("coordinator",), "/staff/recovery", 200),
        (("admin",), "/staff/invite", 200),
    ],
)
def test_roles_are_enforced(client, create_account, create_place, sign_in, roles, url, status):
    place = create_place("370303001001")
    account = create_account(*roles, place=place, department="public_security")
    sign_in(account)
    assert client.get(url).status_code == status


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_lax(client, post_form):
    response = post_form("/signup", {"display_name": "Li", "roles": ["migrant"]})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("xinju_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_forms_without_csrf_token_are_refused(client):
    response = client.post("/signup", data={"display_name": "Li", "roles": ["migrant"]})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_sign_in_is_rate_limited(client):
    from tests.conftest import token_from

    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True))}
    statuses = [client.post("/signin/options", headers=headers, json={}).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_account_creation_is_rate_limited(client, post_form):
    statuses = [post_form("/signup", {"display_name": "Li", "roles": ["migrant"]}).status_code for _ in range(6)]
    assert statuses[5] == 429
    assert "Too many tries" in post_form("/signup", {"display_name": "Li"}).get_data(as_text=True)


def test_enrolment_links_are_rate_limited(client):
    statuses = [client.get(f"/enrol/not-a-token-{i}").status_code for i in range(11)]  # guessing: one address
    assert statuses[:10] == [404] * 10
    assert statuses[10] == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"])
def test_redirects_stay_on_this_site(client, target):
    from tests.conftest import token_from

    token = token_from(client.get("/").get_data(as_text=True))
    response = client.post("/language", data={"csrf_token": token, "lang": "en", "next": target})
    assert response.location == "/"
