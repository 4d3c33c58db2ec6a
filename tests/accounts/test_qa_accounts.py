"""QA of accounts, the inbox and the copy of one's data: a sign-up finished twice from a replayed cookie, names that
look empty, the inbox's older messages, and the system's blind indexes kept out of the download."""

import io
import json
import zipfile
from datetime import timedelta

import pytest

from tests.support.authenticator import SoftAuthenticator
from webapp.accounts.models import Account
from webapp.clock import utcnow
from webapp.notifications.models import Notification


def cookie_name(client) -> str:
    return client.application.config["SESSION_COOKIE_NAME"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Your account has already been created. Sign in with your passkey."),
        ("zh", "您的账号已经创建。请用您的通行密钥登录。"),
    ],
)
def test_a_sign_up_replayed_with_its_old_cookie_is_a_clear_400_and_makes_no_second_account(
    client, db, post_form, ceremony, authenticator, language, message
):
    client.set_cookie("lang", language)
    post_form("/signup", {"display_name": "李四", "roles": ["migrant"]})
    before = client.get_cookie(cookie_name(client)).value  # the cookie holding the sign-up still to finish
    done = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", authenticator)
    assert done.status_code == 200
    client.set_cookie(cookie_name(client), before)
    again = ceremony("/signup/passkey", "/signup/passkey/options", "/signup/passkey/verify", SoftAuthenticator())
    assert again.status_code == 400
    assert again.get_json() == {"error": message}
    assert db.session.scalar(db.select(db.func.count(Account.id))) == 1


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200d", "\ufeff", "\u3000\u200b"])
def test_a_name_of_only_invisible_characters_is_refused_next_to_the_field(client, db, post_form, name):
    response = post_form("/signup", {"display_name": name, "roles": ["migrant"]})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and "Enter your name" in html
    assert db.session.scalar(db.select(Account)) is None


def test_an_invisible_name_is_refused_in_chinese(client, db, post_form):
    client.set_cookie("lang", "zh")
    html = post_form("/signup", {"display_name": "\u200b", "roles": ["migrant"]}).get_data(as_text=True)
    assert "请填写您的名字" in html


def test_a_name_with_a_joiner_among_letters_is_kept(client, db, post_form):
    response = post_form("/signup", {"display_name": "李\u200d四", "roles": ["migrant"]})
    assert response.status_code == 302 and response.location.endswith("/signup/passkey")


def test_older_messages_are_on_the_next_page_and_stay_unread_until_shown(client, db, migrant, sign_in):
    start = utcnow() - timedelta(days=1)
    db.session.add_all(
        Notification(
            account_id=migrant.id,
            kind="permit.missing",
            params={},
            link="/me/permit",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(60)
    )
    db.session.commit()
    sign_in(migrant)
    first = client.get("/me/inbox").get_data(as_text=True)
    assert first.count("Documents are missing from your residence permit application.") == 50
    assert "Page 1 of 2" in first and "?page=2" in first
    # The ten older ones were not shown: still unread, still counted in the header.
    assert 'class="badge">10' in client.get("/").get_data(as_text=True)
    second = client.get("/me/inbox?page=2").get_data(as_text=True)
    assert second.count("Documents are missing from your residence permit application.") == 10
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.read_at.is_(None))) == 0


def test_the_inbox_pages_in_chinese_and_a_huge_page_is_the_last(client, db, migrant, sign_in):
    db.session.add_all(Notification(account_id=migrant.id, kind="permit.missing", params={}) for _ in range(51))
    db.session.commit()
    sign_in(migrant)
    client.set_cookie("lang", "zh")
    html = client.get("/me/inbox?page=99999999999999999999").get_data(as_text=True)
    assert "您的消息（分页）" in html
    assert html.count('class="passkey-list__item') == 1  # the last page: the one oldest message


def test_the_download_holds_no_blind_index(client, db, migrant, sign_in, post_form, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    response = post_form("/account/my-data")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("my-data.json"))
    you = next(p for p in data["people"] if p["is_you"])
    assert you["id_number"] and you["phone"]  # their own numbers, whole
    text = json.dumps(data)
    for column in ("id_number_index", "phone_index", "landlord_phone_index"):
        assert column not in text
