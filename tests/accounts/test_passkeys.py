"""Passkeys end to end through the HTTP client, with a software authenticator playing the browser."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from webapp.accounts.models import Account, Passkey, WebAuthnChallenge
from webapp.clock import utcnow


@pytest.fixture
def signup(client, post_form, ceremony):
    """signup(authenticator, name=..., roles=[...]): create an account through the two pages, return the response."""

    def _signup(authenticator, name="王芳", roles=("migrant",), tamper=None):
        response = post_form("/signup", {"display_name": name, "roles": list(roles)})
        assert response.status_code == 302 and response.location.endswith("/signup/passkey")
        return ceremony(
            "/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", authenticator, tamper=tamper
        )

    return _signup


@pytest.fixture
def signin(ceremony):
    def _signin(authenticator, **kwargs):
        return ceremony("/signin", "/signin/options", "/signin/verify", authenticator, mode="signin", **kwargs)

    return _signin


def signed_in_name(client) -> str | None:
    response = client.get("/account")
    if response.status_code != 200:
        return None
    return response.get_data(as_text=True)


def test_signup_creates_account_with_passkey_and_signs_in(client, db, signup, authenticator):
    response = signup(authenticator, name="王芳", roles=["migrant", "landlord"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["redirect"] == "/"
    account = db.session.scalar(db.select(Account))
    assert account.display_name == "王芳"
    assert {r.value for r in account.roles()} == {"migrant", "landlord"}
    assert len(account.passkeys) == 1
    assert account.passkeys[0].credential_id == authenticator.last_credential_id
    assert "王芳" in signed_in_name(client)


def test_signup_options_ask_for_a_resident_key_and_user_verification(client, post_form):
    post_form("/signup", {"display_name": "Li", "roles": ["migrant"]})
    page = client.get("/signup/passkey").get_data(as_text=True)
    from tests.conftest import token_from

    options = client.post("/signup/passkey/options", headers={"X-CSRFToken": token_from(page)}, json={}).get_json()
    selection = options["authenticatorSelection"]
    assert selection["residentKey"] == "required"
    assert selection["userVerification"] == "required"
    assert options["rp"]["id"] == "localhost"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"display_name": "", "roles": ["migrant"]}, "display_name", "Enter your name"),
        ({"display_name": "   ", "roles": ["migrant"]}, "display_name", "Enter your name"),
        ({"display_name": "x" * 101, "roles": ["migrant"]}, "display_name", "100 characters or fewer"),
        ({"display_name": "Li"}, "roles", "Select at least one"),
        ({"display_name": "Li", "roles": ["admin"]}, "roles", "Choose only from the options shown"),
    ],
)
def test_signup_form_errors_are_shown_next_to_the_field(client, db, post_form, data, field, message):
    response = post_form("/signup", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert 'class="error-summary"' in html
    assert db.session.scalar(db.select(Account)) is None


def test_signup_errors_in_chinese(client, post_form):
    client.set_cookie("lang", "zh")
    html = post_form("/signup", {"display_name": "", "roles": ["migrant"]}).get_data(as_text=True)
    assert "请填写您的名字" in html
    assert '<html lang="zh-Hans"' in html


def test_sign_out_then_sign_in_with_the_same_passkey(client, signup, signin, authenticator):
    signup(authenticator, name="Chen")
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    assert signed_in_name(client) is None
    response = signin(authenticator)
    assert response.status_code == 200, response.get_json()
    assert "Chen" in signed_in_name(client)


def _page_token(client, url):
    from tests.conftest import token_from

    return token_from(client.get(url).get_data(as_text=True))


def test_sign_in_updates_sign_count_and_last_used(client, db, signup, signin, authenticator):
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    signin(authenticator)
    passkey = db.session.scalar(db.select(Passkey))
    assert passkey.sign_count == authenticator.sign_count(passkey.credential_id) > 0
    assert passkey.last_used_at is not None


def test_sign_in_refused_without_user_verification(client, signup, signin, authenticator):
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    authenticator.user_verified = False
    response = signin(authenticator)
    assert response.status_code == 400
    assert "fingerprint" in response.get_json()["error"]
    assert signed_in_name(client) is None


def test_signup_refused_without_user_verification(client, db, signup, authenticator):
    authenticator.user_verified = False
    response = signup(authenticator)
    assert response.status_code == 400
    assert db.session.scalar(db.select(Account)) is None


def test_sign_in_refused_when_sign_count_goes_backwards(client, db, signup, signin, authenticator):
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    signin(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    authenticator.set_sign_count(authenticator.last_credential_id, 0)  # a cloned authenticator
    response = signin(authenticator)
    assert response.status_code == 400
    assert signed_in_name(client) is None


def test_unknown_passkey_is_refused(client, signup, signin, authenticator):
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    stranger = type(authenticator)(origin="http://localhost")
    stranger.create(
        {
            "rp": {"id": "localhost", "name": "x"},
            "user": {"id": "AAAA", "name": "x", "displayName": "x"},
            "challenge": "AAAA",
            "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
        }
    )
    response = signin(stranger)
    assert response.status_code == 400
    assert "do not know this passkey" in response.get_json()["error"]


def test_wrong_origin_is_refused(client, signup, authenticator):
    authenticator.origin = "https://phishing.example"
    assert signup(authenticator).status_code == 400


def test_challenge_is_single_use(client, db, signup, signin, authenticator):
    """Replaying a verified sign-in (same challenge, same session cookie) is refused."""
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    from tests.conftest import token_from

    headers = {"X-CSRFToken": token_from(client.get("/signin").get_data(as_text=True))}
    options = client.post("/signin/options", headers=headers, json={}).get_json()
    authenticator.counter_step = 0  # even a synced passkey (count stays 0) cannot replay
    credential = authenticator.get(options)
    with client.session_transaction() as session:
        saved = dict(session)
    import json

    assert (
        client.post(
            "/signin/verify", headers=headers, data=json.dumps(credential), content_type="application/json"
        ).status_code
        == 200
    )
    with client.session_transaction() as session:  # replay the old session cookie too
        session.clear()
        session.update(saved)
    replay = client.post(
        "/signin/verify", headers=headers, data=json.dumps(credential), content_type="application/json"
    )
    assert replay.status_code == 400
    assert db.session.scalar(db.select(WebAuthnChallenge)) is None


def test_expired_challenge_is_refused(client, db, post_form, authenticator):
    post_form("/signup", {"display_name": "Li", "roles": ["migrant"]})
    from tests.conftest import token_from

    headers = {"X-CSRFToken": token_from(client.get("/signup/passkey").get_data(as_text=True))}
    options = client.post("/signup/passkey/options", headers=headers, json={}).get_json()
    db.session.execute(update(WebAuthnChallenge).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    import json

    response = client.post(
        "/signup/passkey/verify",
        headers=headers,
        data=json.dumps(authenticator.create(options)),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "too long" in response.get_json()["error"]
    assert db.session.scalar(db.select(Account)) is None


def test_malformed_credential_is_a_clear_400(client, post_form):
    post_form("/signup", {"display_name": "Li", "roles": ["migrant"]})
    from tests.conftest import token_from

    headers = {"X-CSRFToken": token_from(client.get("/signup/passkey").get_data(as_text=True))}
    client.post("/signup/passkey/options", headers=headers, json={})
    response = client.post("/signup/passkey/verify", headers=headers, data="not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_ceremony_without_csrf_token_is_refused(client, post_form):
    post_form("/signup", {"display_name": "Li", "roles": ["migrant"]})
    response = client.post("/signup/passkey/options", json={})
    assert response.status_code == 400
    assert "forms expire" in response.get_json()["error"]


def test_add_list_and_remove_passkeys(client, db, signup, ceremony, authenticator):
    signup(authenticator)
    html = client.get("/account").get_data(as_text=True)
    assert "Your only passkey cannot be removed" in html
    assert "/remove" not in html
    second = type(authenticator)(origin="http://localhost")
    response = ceremony("/account", "/account/passkeys/options", "/account/passkeys/verify", second)
    assert response.status_code == 200, response.get_json()
    account = db.session.scalar(db.select(Account))
    assert len(account.passkeys) == 2
    first_id = account.passkeys[0].id
    response = client.post(f"/account/passkeys/{first_id}/remove", data={"csrf_token": _page_token(client, "/account")})
    assert response.status_code == 302
    db.session.expire_all()
    assert [p.credential_id for p in account.passkeys] == [second.last_credential_id]


def test_add_passkey_excludes_existing_ones(client, signup, authenticator):
    signup(authenticator)
    from tests.conftest import token_from

    headers = {"X-CSRFToken": token_from(client.get("/account").get_data(as_text=True))}
    options = client.post("/account/passkeys/options", headers=headers, json={}).get_json()
    assert [c["id"] for c in options["excludeCredentials"]]


def test_the_last_passkey_cannot_be_removed(client, db, signup, authenticator):
    signup(authenticator)
    passkey = db.session.scalar(db.select(Passkey))
    response = client.post(
        f"/account/passkeys/{passkey.id}/remove",
        data={"csrf_token": _page_token(client, "/account")},
        follow_redirects=True,
    )
    assert "cannot remove your only passkey" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Passkey)) is not None


def test_cannot_remove_someone_elses_passkey(client, db, signup, authenticator, create_account):
    other = create_account("migrant")
    other_key = Passkey(account=other, credential_id=b"other", public_key=b"k", name="x")
    db.session.add(other_key)
    db.session.commit()
    signup(authenticator)
    response = client.post(
        f"/account/passkeys/{other_key.id}/remove", data={"csrf_token": _page_token(client, "/account")}
    )
    assert response.status_code == 404
    assert db.session.get(Passkey, other_key.id) is not None


def test_deactivated_account_cannot_sign_in(client, db, signup, signin, authenticator):
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    account = db.session.scalar(db.select(Account))
    account.deactivated_at = utcnow()
    db.session.commit()
    refused = signin(authenticator)
    assert refused.status_code == 400
    # Whoever holds the passkey is told why, not that it is unknown (they would make a new account).
    assert "This account has been deactivated" in refused.get_json()["error"]
    passkey = db.session.scalar(db.select(Passkey))
    assert passkey.last_used_at is None


def test_an_unverified_assertion_for_a_deactivated_account_is_not_told_it_is_deactivated(
    client, db, signup, signin, authenticator
):
    signup(authenticator)
    client.post("/signout", data={"csrf_token": _page_token(client, "/account")})
    account = db.session.scalar(db.select(Account))
    account.deactivated_at = utcnow()
    db.session.commit()

    def forged(credential):
        signature = bytearray(base64url_to_bytes(credential["response"]["signature"]))
        signature[-1] ^= 1
        credential["response"]["signature"] = bytes_to_base64url(bytes(signature))
        return credential

    refused = signin(authenticator, tamper=forged)
    assert refused.status_code == 400
    assert "deactivated" not in refused.get_json()["error"]
