"""QA of sessions (task J): the last passkey kept when two removals arrive at once, a removed passkey refused at
sign-in, a session left behind by signing in as someone else in another tab, sessions refused after deactivation and
deletion, the production cookie's flags, and rate limits answered plainly in the person's language."""

import json

import pytest

from tests.accounts.test_sessions import copy_of, csrf, passkey_sign_in, signed_in, with_passkeys  # noqa: F401
from tests.conftest import token_from
from tests.home.test_config import PRODUCTION_ENV, production_env  # noqa: F401 - the fixture
from webapp.accounts import views
from webapp.accounts.models import Account, AccountSession, Passkey
from webapp.clock import utcnow
from webapp.privacy.deletion import delete_account


def passkey_of(account, key) -> Passkey:
    return next(p for p in account.passkeys if p.credential_id == key.last_credential_id)


def sign_in_on(browser, key, page="/signin"):
    """A passkey sign-in on a browser (a test client), as passkeys.js does it from `page`."""
    headers = {"X-CSRFToken": token_from(browser.get(page).get_data(as_text=True)), "Accept": "application/json"}
    options = browser.post("/signin/options", headers=headers, json={}).get_json()
    credential = key.get(options)
    return browser.post("/signin/verify", headers=headers, data=json.dumps(credential), content_type="application/json")


def test_two_removals_at_the_same_moment_keep_the_last_passkey(client, db, with_passkeys, ceremony, monkeypatch):  # noqa: F811
    account, keys = with_passkeys
    passkey_sign_in(ceremony, keys[0])
    first, second = passkey_of(account, keys[0]), passkey_of(account, keys[1])
    token = csrf(client)
    assert client.post(f"/account/passkeys/{second.id}/remove", data={"csrf_token": token}).status_code == 302
    # The other tab's removal checked before the first was saved: it saw two passkeys.
    monkeypatch.setattr(views, "only_usable", lambda passkey: False)
    refused = client.post(f"/account/passkeys/{first.id}/remove", data={"csrf_token": token})
    assert refused.status_code == 302 and refused.location.endswith("/account")
    assert "You cannot remove your only passkey" in client.get("/account").get_data(as_text=True)
    db.session.expire_all()
    assert [p.id for p in db.session.get(Account, account.id).passkeys] == [first.id]
    assert signed_in(client)  # nothing changed: this session (made with the passkey kept) goes on


def test_a_removed_passkey_cannot_sign_in_anywhere(app, client, db, with_passkeys, ceremony):  # noqa: F811
    account, keys = with_passkeys
    passkey_sign_in(ceremony, keys[0])
    removed = passkey_of(account, keys[1])
    client.post(f"/account/passkeys/{removed.id}/remove", data={"csrf_token": csrf(client)})
    other = app.test_client()
    refused = sign_in_on(other, keys[1])
    assert refused.status_code == 400
    assert "We do not know this passkey" in refused.get_json()["error"]
    assert not signed_in(other)
    assert sign_in_on(other, keys[0]).status_code == 200


def test_signing_in_as_someone_else_ends_the_session_this_browser_had(app, client, db, with_passkeys, ceremony):  # noqa: F811
    """Two accounts on a shared phone: the second signs in from another tab (the sign-in page itself would have
    sent them home). The first account's session ends on the server, not only in this browser's cookie."""
    _account, keys = with_passkeys
    passkey_sign_in(ceremony, keys[0])
    copied = copy_of(app, client)
    assert signed_in(copied)
    other = app.test_client()
    other_key = keys[1].__class__(origin="http://localhost")
    headers = {"X-CSRFToken": token_from(other.get("/signup").get_data(as_text=True))}
    other.post("/signup", data={"csrf_token": headers["X-CSRFToken"], "display_name": "李四", "roles": ["migrant"]})
    options = other.post("/signup/passkey/options", headers=headers, json={}).get_json()
    made = other.post(
        "/signup/passkey/verify",
        headers=headers,
        data=json.dumps(other_key.create(options)),
        content_type="application/json",
    )
    assert made.status_code == 200, made.get_json()

    # Back on the shared phone, still signed in as 王芳: 李四 signs in from a tab opened before.
    assert sign_in_on(client, other_key, page="/").status_code == 200
    assert "李四" in client.get("/account").get_data(as_text=True)
    assert not signed_in(copied)  # 王芳's session ended with it
    names = db.session.scalars(db.select(Account.display_name).join(AccountSession.account)).all()
    assert "王芳" not in names


def test_a_session_is_refused_at_the_next_request_after_staff_deactivation(
    app, client, db, community, create_account, sign_in
):
    coordinator = create_account("coordinator", place=community, display_name="赵磊")
    sign_in(coordinator)
    assert signed_in(client)
    coordinator.deactivated_at = utcnow()
    db.session.commit()
    response = client.get("/account")
    assert response.status_code == 302 and "/signin" in response.location
    refused = client.post("/account/signout-everywhere", data={"csrf_token": "x"})
    assert refused.status_code == 400  # a plain refusal, not the account's page


def test_a_session_is_refused_at_the_next_request_after_the_account_is_deleted(app, client, db, migrant, sign_in):
    sign_in(migrant)
    copied = copy_of(app, client)
    delete_account(migrant, None)
    for browser in (client, copied):
        response = browser.get("/account")
        assert response.status_code == 302 and "/signin" in response.location
    assert db.session.scalar(db.select(AccountSession)) is None


def test_the_production_session_cookie_is_secure_httponly_and_lax(db, production_env, make_app):  # noqa: F811
    production_env(**PRODUCTION_ENV)
    app = make_app("production", RATELIMIT_STORAGE_URI="memory://")
    browser = app.test_client()
    site = {"base_url": "https://xinju.example.gov.cn"}
    page = browser.get("/signup", **site)
    sent = browser.post(
        "/signup",
        data={"csrf_token": token_from(page.get_data(as_text=True)), "display_name": "Li", "roles": ["migrant"]},
        headers={"Referer": "https://xinju.example.gov.cn/signup"},
        **site,
    )
    assert sent.status_code == 302
    [cookie] = [c for c in sent.headers.getlist("Set-Cookie") if c.startswith("__Host-xinju_session=")]
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite", "path"} <= set(attributes)
    assert attributes["samesite"] == "SameSite=Lax" and attributes["path"] == "Path=/"
    assert "domain" not in attributes


@pytest.mark.parametrize(
    ("language", "title", "body"),
    [("en", "Too many tries", "Wait a minute, then try again."), ("zh", "尝试次数太多", "请等一分钟再试。")],
)
def test_too_many_sign_ups_is_a_plain_429_page_in_the_persons_language(client, db, language, title, body):
    client.set_cookie("lang", language)
    token = token_from(client.get("/signup").get_data(as_text=True))
    for _ in range(5):  # accepted sign-ups count, a form refused for a typing mistake not (test_signup_limit_qa_h9)
        client.post("/signup", data={"csrf_token": token, "display_name": "Li", "roles": ["migrant"]})
    refused = client.post("/signup", data={"csrf_token": token, "display_name": "Li", "roles": ["migrant"]})
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    html = refused.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in html and body in html
    assert "Traceback" not in html and "429" not in html.split("<main", 1)[1]


def test_too_many_sign_ins_answer_the_passkey_script_in_the_persons_language(client, db):
    client.set_cookie("lang", "zh")
    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True))}
    for _ in range(10):
        client.post("/signin/options", headers=headers, json={})
    refused = client.post("/signin/options", headers=headers, json={})
    assert refused.status_code == 429
    assert refused.get_json() == {"error": "请等一分钟再试。"}


@pytest.mark.parametrize(
    ("options", "verify"),
    [
        ("/account/passkeys/options", "/account/passkeys/verify"),
        ("/account/verify/options", "/account/verify/verify"),
    ],
)
@pytest.mark.parametrize(
    "body",
    [
        "",
        "null",
        "[]",
        '{"id": 1}',
        '{"id": "AAAA", "rawId": "AAAA", "type": "public-key"}',
        json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {"clientDataJSON": ["x"]}}),
        "x" * 70_000,
    ],
)
def test_the_signed_in_ceremonies_answer_garbage_with_a_clear_400(client, db, migrant, sign_in, options, verify, body):
    sign_in(migrant)
    headers = {"X-CSRFToken": csrf(client)}
    assert client.post(options, headers=headers, json={}).status_code == 200
    response = client.post(verify, headers=headers, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Your browser sent something we could not read. Try again."}
    assert db.session.scalar(db.select(db.func.count(Passkey.id))) == 0
