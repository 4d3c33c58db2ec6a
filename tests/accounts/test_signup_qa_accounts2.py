"""QA of sign-up (task J): names that look empty though strip() leaves something (accents alone, Hangul fillers, the
blank Braille pattern), hidden marks and lengths refused next to the field, only self-service roles and each once, the
under-14 rule said on the page, and nothing saved when the passkey step is abandoned or fails."""

import pytest

from tests.conftest import token_from
from tests.support.authenticator import SoftAuthenticator
from webapp.accounts.models import Account, Passkey, RoleGrant, WebAuthnChallenge


def pending(client):
    with client.session_transaction() as session:
        return session.get("pending_signup")


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize(
    "name",
    [
        "\u0301\u0301",  # two accents with no letter under them
        "\u20dd",  # an enclosing circle, alone
        "\ufe0f",  # a variation selector
        "\u3164",  # Hangul filler
        "\u115f\u1160",  # Hangul choseong and jungseong fillers
        "\uffa0",  # halfwidth Hangul filler
        "\u2800\u2800",  # the blank Braille pattern
        "\u3000\u0301\u3164",
    ],
)
def test_a_name_that_shows_nothing_is_refused_next_to_the_field(client, db, post_form, name):
    response = post_form("/signup", {"display_name": name, "roles": ["migrant"]})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and "Enter your name" in html
    assert pending(client) is None


def test_a_name_that_shows_nothing_is_refused_in_chinese(client, db, post_form):
    client.set_cookie("lang", "zh")
    html = post_form("/signup", {"display_name": "\u3164", "roles": ["migrant"]}).get_data(as_text=True)
    assert "请填写您的名字" in html


@pytest.mark.parametrize("name", ["Rene\u0301e", "Zoe\u0308", "李\u200d四", "ㅤ李"])
def test_letters_with_accents_or_joiners_are_names(client, db, post_form, name):
    response = post_form("/signup", {"display_name": name, "roles": ["migrant"]})
    assert response.status_code == 302 and response.location.endswith("/signup/passkey")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u202eanaW", "this has a control character or a hidden mark"),  # reads "Wana" backwards
        ("Wang\u2066Fang", "this has a control character or a hidden mark"),
        ("Wang\x07Fang", "this has a control character or a hidden mark"),
        ("Wang\nFang", "this has a control character or a hidden mark"),
        ("王" * 101, "Name must be 100 characters or fewer"),
    ],
)
def test_hidden_marks_and_long_names_are_refused_next_to_the_field(client, db, post_form, name, message):
    response = post_form("/signup", {"display_name": name, "roles": ["migrant"]})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and message in html
    assert pending(client) is None


def test_a_hundred_characters_are_enough(client, db, post_form):
    response = post_form("/signup", {"display_name": "王" * 100, "roles": ["migrant"]})
    assert response.status_code == 302


@pytest.mark.parametrize("roles", [["admin"], ["coordinator", "migrant"], ["officer"], []])
def test_only_the_self_service_roles_are_taken(client, db, post_form, roles):
    response = post_form("/signup", {"display_name": "李四", "roles": roles})
    assert response.status_code == 200
    assert 'id="roles-error"' in response.get_data(as_text=True)
    assert pending(client) is None


def test_a_staff_role_suggested_in_the_address_is_not_offered(client, db):
    html = client.get("/signup?role=admin").get_data(as_text=True)
    assert 'value="admin"' not in html and 'value="coordinator"' not in html
    assert (
        'checked class="checkboxes__input" id="roles-0" name="roles" required type="checkbox" value="migrant"' in html
    )


def test_a_role_ticked_twice_is_held_once(client, db, post_form, ceremony, authenticator):
    post_form("/signup", {"display_name": "李四", "roles": ["migrant", "landlord", "migrant"]})
    done = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", authenticator)
    assert done.status_code == 200, done.get_json()
    assert sorted(db.session.scalars(db.select(RoleGrant.role))) == ["landlord", "migrant"]
    assert client.get("/account").get_data(as_text=True).count("<li>New resident</li>") == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Under 14? Do not create an account: your parent or guardian adds you to their household on Xinju."),
        ("zh", "未满14周岁？请不要自己创建账号：由您的父母或监护人在新居上把您添加为家庭成员。"),
    ],
)
def test_the_sign_up_page_says_children_under_14_are_added_by_a_parent(client, db, language, words):
    client.set_cookie("lang", language)
    assert words in client.get("/signup").get_data(as_text=True)


def test_an_abandoned_passkey_step_saves_nothing_but_a_challenge_that_expires(client, db, post_form):
    post_form("/signup", {"display_name": "李四", "roles": ["migrant"]})
    headers = {"X-CSRFToken": token_from(client.get("/signup/passkey").get_data(as_text=True))}
    assert client.post("/signup/passkey/options", headers=headers, json={}).status_code == 200
    # The person closes the page here.
    assert count(db, Account) == 0 and count(db, Passkey) == 0 and count(db, RoleGrant) == 0
    assert count(db, WebAuthnChallenge) == 1
    # Back to the form later: what they typed is still there, and signing in instead drops it.
    assert "李四" in client.get("/signup").get_data(as_text=True)
    assert client.get("/signin").status_code == 200


def test_a_failed_passkey_step_saves_nothing_and_can_be_tried_again(client, db, post_form, ceremony):
    post_form("/signup", {"display_name": "李四", "roles": ["migrant"]})
    unverified = SoftAuthenticator(origin="http://localhost", user_verified=False)
    failed = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", unverified)
    assert failed.status_code == 400 and "fingerprint, face or PIN" in failed.get_json()["error"]
    assert count(db, Account) == 0 and count(db, Passkey) == 0
    assert pending(client)["display_name"] == "李四"
    again = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", SoftAuthenticator())
    assert again.status_code == 200, again.get_json()
    assert count(db, Account) == 1 and count(db, Passkey) == 1


def test_a_failure_in_chinese(client, db, post_form, ceremony):
    client.set_cookie("lang", "zh")
    post_form("/signup", {"display_name": "李四", "roles": ["migrant"]})
    unverified = SoftAuthenticator(origin="http://localhost", user_verified=False)
    failed = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", unverified)
    assert failed.status_code == 400
    assert "指纹" in failed.get_json()["error"]
