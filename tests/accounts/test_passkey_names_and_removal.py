"""Passkeys told apart and removed with care: each has a name the person can change (and a default naming the
device, the browser and the day); removing one asks first on a page of its own (no JavaScript needed), says when it
signs this device out, and the sign-in page then says why."""

import re

import pytest

from tests.conftest import token_from
from tests.support.authenticator import SoftAuthenticator
from webapp.accounts import passkeys
from webapp.accounts.models import Account, Passkey

CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture
def two_passkeys(test_day, client, db, post_form, ceremony):
    """A person signed up with one passkey (this session's) and added a second: (account, first, second)."""
    client.environ_base["HTTP_USER_AGENT"] = CHROME_ON_LINUX
    first_key, second_key = SoftAuthenticator(), SoftAuthenticator()
    post_form("/signup", {"display_name": "王芳", "roles": ["migrant"]})
    signed_up = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", first_key)
    assert signed_up.status_code == 200, signed_up.get_json()
    added = ceremony("/account", "/account/passkeys/options", "/account/passkeys/verify", second_key)
    assert added.status_code == 200, added.get_json()
    account = db.session.scalar(db.select(Account))
    first, second = sorted(account.passkeys, key=lambda p: p.id)
    return account, first, second


def page_token(client, url="/account"):
    return token_from(client.get(url).get_data(as_text=True))


def in_chinese(db, account) -> None:
    """The account's own language (it wins over the cookie once signed in)."""
    account.locale = "zh"
    db.session.commit()


def rename(client, passkey_id, name):
    token = page_token(client)
    prefix = f"passkey-{passkey_id}"
    return client.post(
        f"/account/passkeys/{passkey_id}/name", data={f"{prefix}-csrf_token": token, f"{prefix}-name": name}
    )


# Names ----------------------------------------------------------------------------------------------------------


def test_new_passkeys_get_a_name_that_tells_them_apart(two_passkeys):
    _account, first, second = two_passkeys
    assert first.name == second.name == "Linux · Chrome, added Jul 14, 2026"


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (CHROME_ON_LINUX, "Linux · Chrome"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Version/17.0 Mobile Safari/604.1",
            "iPhone · Safari",
        ),
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit Chrome/126.0 Mobile Safari/537.36 EdgA/126.0", "Android · Edge"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", "Windows · Firefox"),
        ("Mozilla/5.0 (Linux; Android 13) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0", "Android · WeChat"),
        ("", "Passkey"),
    ],
)
def test_the_default_name(app, agent, name):
    from datetime import date

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert passkeys.passkey_name_from(agent, date(2026, 12, 2)) == f"{name}, added Dec 2, 2026"


def test_the_default_name_in_chinese(app):
    from datetime import date

    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert passkeys.passkey_name_from(CHROME_ON_LINUX, date(2026, 12, 2)) == "Linux · Chrome，2026年12月2日添加"


def test_a_passkey_is_renamed(client, db, two_passkeys):
    _account, first, second = two_passkeys
    html = client.get("/account").get_data(as_text=True)
    assert f'action="/account/passkeys/{first.id}/name"' in html and f'id="passkey-{second.id}-name"' in html
    response = rename(client, first.id, "  我的手机  ")
    assert response.status_code == 302
    db.session.expire_all()
    assert (db.session.get(Passkey, first.id).name, db.session.get(Passkey, second.id).name[:5]) == (
        "我的手机",
        "Linux",
    )
    assert "Passkey renamed: 我的手机." in client.get("/account").get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "english", "chinese"),
    [
        ("", "Enter a name for the passkey", "请输入通行密钥的名称"),
        ("   ", "Enter a name for the passkey", "请输入通行密钥的名称"),
        ("长" * 41, "Use 40 characters or fewer", None),
    ],
)
def test_a_bad_name_is_refused_next_to_its_field(client, db, two_passkeys, name, english, chinese):
    account, first, second = two_passkeys
    before = first.name
    response = rename(client, first.id, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    error = re.search(rf'<p class="error-message" id="passkey-{first.id}-name-error">(.*?)</p>', html, re.S)
    assert error and english in error.group(1)
    assert f'href="#passkey-{first.id}-name"' in html  # the summary links to the field
    assert f'id="passkey-{second.id}-name-error"' not in html
    db.session.expire_all()
    assert db.session.get(Passkey, first.id).name == before
    if chinese:
        in_chinese(db, account)
        zh = rename(client, first.id, name).get_data(as_text=True)
        assert chinese in zh


def test_forty_characters_are_enough(client, db, two_passkeys):
    _account, first, _second = two_passkeys
    assert rename(client, first.id, "长" * 40).status_code == 302


def test_a_rename_needs_the_forms_token(client, db, two_passkeys):
    _account, first, _second = two_passkeys
    response = client.post(f"/account/passkeys/{first.id}/name", data={f"passkey-{first.id}-name": "x"})
    assert response.status_code in (400, 403)
    db.session.expire_all()
    assert db.session.get(Passkey, first.id).name != "x"


def test_only_ones_own_passkeys_are_renamed_or_removed(client, db, two_passkeys, create_account):
    other = create_account("migrant")
    theirs = Passkey(account=other, credential_id=b"theirs", public_key=b"k", name="Theirs")
    db.session.add(theirs)
    db.session.commit()
    assert rename(client, theirs.id, "Mine now").status_code == 404
    assert client.get(f"/account/passkeys/{theirs.id}/remove").status_code == 404
    response = client.post(f"/account/passkeys/{theirs.id}/remove", data={"csrf_token": page_token(client)})
    assert response.status_code == 404
    assert client.get("/account/passkeys/999999/remove").status_code == 404
    db.session.expire_all()
    assert db.session.get(Passkey, theirs.id).name == "Theirs"


# Removal --------------------------------------------------------------------------------------------------------


def test_remove_asks_first_on_its_own_page(client, db, two_passkeys):
    _account, _first, second = two_passkeys
    second_id = second.id
    rename(client, second.id, "Old laptop")
    account_page = client.get("/account").get_data(as_text=True)
    assert f'href="/account/passkeys/{second.id}/remove"' in account_page  # a link: no form posts from here
    assert f'action="/account/passkeys/{second.id}/remove"' not in account_page

    confirm = client.get(f"/account/passkeys/{second.id}/remove")
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Remove the passkey “Old laptop”?" in html
    assert f'action="/account/passkeys/{second.id}/remove"' in html and ">Remove</button>" in html
    assert 'href="/account">Cancel</a>' in html
    assert "signs you out here" not in html  # this device signed in with the other one
    db.session.expire_all()
    assert db.session.get(Passkey, second.id) is not None  # nothing removed by looking

    removed = client.post(f"/account/passkeys/{second.id}/remove", data={"csrf_token": page_token(client, "/account")})
    assert removed.status_code == 302 and removed.location.endswith("/account")
    db.session.expire_all()
    assert db.session.get(Passkey, second_id) is None
    assert "Passkey removed." in client.get("/account").get_data(as_text=True)  # still signed in


def test_removing_this_sessions_passkey_says_so_and_the_sign_in_page_says_why(client, db, two_passkeys):
    _account, first, second = two_passkeys
    second_id = second.id
    rename(client, first.id, "This phone")
    html = client.get(f"/account/passkeys/{first.id}/remove").get_data(as_text=True)
    assert "You signed in on this device with this passkey. Removing it signs you out here." in html

    removed = client.post(f"/account/passkeys/{first.id}/remove", data={"csrf_token": page_token(client)})
    assert removed.status_code == 302 and removed.location.endswith("/signin")
    signin = client.get(removed.location).get_data(as_text=True)
    assert "The passkey “This phone” was removed. You had signed in on this device with it" in signin
    assert client.get("/account").status_code == 302  # signed out
    db.session.expire_all()
    assert [p.id for p in db.session.scalars(db.select(Passkey))] == [second_id]


def test_the_confirmation_in_chinese(client, db, two_passkeys):
    account, first, _second = two_passkeys
    in_chinese(db, account)
    html = client.get(f"/account/passkeys/{first.id}/remove").get_data(as_text=True)
    assert "删除通行密钥“Linux · Chrome" in html and "删除它会让您在这里退出登录" in html


def test_the_last_usable_passkey_is_never_removed(client, db, two_passkeys):
    _account, first, second = two_passkeys
    first_id = first.id
    client.post(f"/account/passkeys/{second.id}/remove", data={"csrf_token": page_token(client)})
    html = client.get(f"/account/passkeys/{first_id}/remove").get_data(as_text=True)
    assert "You cannot remove your only passkey" in html
    assert f'action="/account/passkeys/{first_id}/remove"' not in html  # no button to press
    refused = client.post(
        f"/account/passkeys/{first_id}/remove", data={"csrf_token": page_token(client)}, follow_redirects=True
    )
    assert "cannot remove your only passkey" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Passkey, first_id) is not None
