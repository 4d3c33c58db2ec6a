"""Recovery links (issue 13, point 1): only staff whose area covers the person's home make them, after a fresh
passkey check; the person is told at once and at their next sign-in; the new passkey waits out a cooling-off period
unless confirmed from a passkey the person already had; every session of the account ends; all of it is in the
person's access log."""

import re
from datetime import timedelta

import pytest

from tests.conftest import token_from
from tests.support.authenticator import SoftAuthenticator
from tests.support.factories import create_reports
from webapp import clock
from webapp.accounts.models import Account, AccountSession, Passkey
from webapp.audit.models import AuditEvent
from webapp.enrolment.models import OneTimeLink
from webapp.extensions import db as _db
from webapp.notifications.models import Notification


def resident_of(place, create_account, name="王芳") -> Account:
    """A migrant account whose current residence report is in `place`."""
    account = create_account("migrant", display_name=name)
    [report] = create_reports(place, 1)
    report.person.account = account
    report.person.name = name
    _db.session.commit()
    return account


def give_passkey(client, sign_in, ceremony, account, authenticator) -> None:
    """The account gets a passkey held by `authenticator` (added from its account page), then signs out."""
    sign_in(account)
    response = ceremony("/account", "/account/passkeys/options", "/account/passkeys/verify", authenticator)
    assert response.status_code == 200, response.get_json()
    client.post("/signout", data={"csrf_token": token_from(client.get("/").get_data(as_text=True))})


def make_link(post_form, person) -> str:
    found = post_form("/staff/recovery", {"reference": person.reference})
    assert person.display_name in found.get_data(as_text=True)
    made = post_form(
        "/staff/recovery", {"reference": person.reference, "document": "resident_id", "checked_in_person": "y"}
    )
    html = made.get_data(as_text=True)
    return "/recover/" + re.search(r"/recover/([A-Za-z0-9_-]+)", html).group(1)


def sign_out(client):
    client.post("/signout", data={"csrf_token": token_from(client.get("/").get_data(as_text=True))})


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


@pytest.fixture
def zibo_coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def wenzhou_coordinator(create_account, other_community):
    return create_account("coordinator", place=other_community, display_name="钱军")


# --- Who may make a link ---------------------------------------------------------------------------------------


def test_a_coordinator_of_another_city_can_neither_recover_a_resident_nor_learn_their_name(
    client, db, community, wenzhou_coordinator, create_account, sign_in, post_form
):
    person = resident_of(community, create_account, "孙丽")
    sign_in(wenzhou_coordinator)
    found = post_form("/staff/recovery", {"reference": person.reference})
    assert "孙丽" not in found.get_data(as_text=True)
    assert "no account with this reference in your area" in found.get_data(as_text=True)
    made = post_form(
        "/staff/recovery", {"reference": person.reference, "document": "resident_id", "checked_in_person": "y"}
    )
    assert "孙丽" not in made.get_data(as_text=True)
    assert db.session.scalar(db.select(OneTimeLink)) is None
    assert db.session.scalar(db.select(AuditEvent)) is None  # nothing was looked at
    # An unknown reference gets the same answer: which references exist is not learnt outside one's area.
    unknown = post_form("/staff/recovery", {"reference": "ZZZZZZZZ"}).get_data(as_text=True)
    assert "no account with this reference in your area" in unknown


def test_an_administrator_recovers_residents_of_their_city_only(
    client, db, community, other_community, create_account, create_place, sign_in, post_form
):
    person = resident_of(community, create_account)
    sign_in(create_account("admin", place=create_place("3303")))  # Wenzhou
    assert "in your area" in post_form("/staff/recovery", {"reference": person.reference}).get_data(as_text=True)
    sign_in(create_account("admin", place=create_place("3703")))  # Zibo
    assert "王芳" in post_form("/staff/recovery", {"reference": person.reference}).get_data(as_text=True)


def test_a_resident_with_no_home_on_record_is_recovered_by_nobody(
    client, db, zibo_coordinator, create_account, sign_in, post_form
):
    person = create_account("migrant", display_name="周梅")
    sign_in(zibo_coordinator)
    response = post_form("/staff/recovery", {"reference": person.reference})
    assert "周梅" not in response.get_data(as_text=True)


def test_a_landlord_is_recovered_where_their_rental_is(
    client, db, community, zibo_coordinator, wenzhou_coordinator, landlord, rental, sign_in, post_form
):
    sign_in(wenzhou_coordinator)
    assert "李强" not in post_form("/staff/recovery", {"reference": landlord.reference}).get_data(as_text=True)
    sign_in(zibo_coordinator)
    assert "李强" in post_form("/staff/recovery", {"reference": landlord.reference}).get_data(as_text=True)


@pytest.mark.parametrize("who", ["coordinator", "admin of another county"])
def test_staff_accounts_are_recovered_only_by_administrators_above_them(
    client, db, community, create_account, create_place, sign_in, post_form, who
):
    staff = create_account("coordinator", place=community, display_name="吴刚")
    issuer = (
        create_account("coordinator", place=community)
        if who == "coordinator"
        else create_account("admin", place=create_place("370302"))
    )
    sign_in(issuer)
    assert "吴刚" not in post_form("/staff/recovery", {"reference": staff.reference}).get_data(as_text=True)
    sign_in(create_account("admin", place=create_place("370303")))
    assert "吴刚" in post_form("/staff/recovery", {"reference": staff.reference}).get_data(as_text=True)


def test_nobody_recovers_their_own_account(client, db, community, create_account, sign_in, post_form):
    me = resident_of(community, create_account)
    me.grants.append(type(me.grants[0])(role="coordinator", place=community))
    db.session.commit()
    sign_in(me)
    assert "in your area" in post_form("/staff/recovery", {"reference": me.reference}).get_data(as_text=True)


# --- A fresh passkey check of the member of staff ---------------------------------------------------------------


def test_making_a_link_needs_a_fresh_passkey_check(
    client, db, community, zibo_coordinator, create_account, sign_in, ceremony, post_form
):
    person = resident_of(community, create_account)
    key = SoftAuthenticator(origin="http://localhost")
    give_passkey(client, sign_in, ceremony, zibo_coordinator, key)
    sign_in(zibo_coordinator, verified=False)  # signed in a while ago

    page = client.get("/staff/recovery")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/account/verify?next=/staff/recovery")
    csrf = token_from(client.get("/").get_data(as_text=True))
    refused = client.post("/staff/recovery", data={"reference": person.reference, "csrf_token": csrf})
    assert refused.status_code == 302
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")) is None

    # The check must be user-verified, and with one of the coordinator's own passkeys.
    unverified = SoftAuthenticator(origin="http://localhost", user_verified=False)
    unverified.credentials = key.credentials
    verify = "/account/verify/verify?next=/staff/recovery"
    assert ceremony("/account/verify", "/account/verify/options", verify, unverified, mode="signin").status_code == 400
    stranger_key = SoftAuthenticator(origin="http://localhost")
    stranger = create_account("migrant")
    give_passkey(client, sign_in, ceremony, stranger, stranger_key)
    sign_in(zibo_coordinator, verified=False)
    # A passkey of another account, answered as if the browser had offered it (allowCredentials ignored):
    headers = {"X-CSRFToken": token_from(client.get("/account/verify").get_data(as_text=True))}
    options = client.post("/account/verify/options", headers=headers, json={}).get_json()
    stolen = client.post(verify, headers=headers, json=stranger_key.get({**options, "allowCredentials": []}))
    assert stolen.status_code == 400
    assert "Use a passkey of the account you are signed in to" in stolen.get_json()["error"]
    assert client.get("/staff/recovery").status_code == 302

    checked = ceremony("/account/verify", "/account/verify/options", verify, key, mode="signin")
    assert checked.status_code == 200, checked.get_json()
    assert checked.get_json()["redirect"] == "/staff/recovery"
    make_link(post_form, person)
    assert db.session.scalar(db.select(OneTimeLink)) is not None

    with clock.pinned_at(clock.instant() + timedelta(minutes=6)):  # a few minutes later: check again
        assert client.get("/staff/recovery").status_code == 302


# --- The person is told; the new passkey waits; other sessions end; all in the access log -----------------------


def test_recovery_tells_the_person_ends_their_sessions_and_makes_the_new_passkey_wait(
    app, client, db, community, zibo_coordinator, create_account, sign_in, post_form, ceremony
):
    person = resident_of(community, create_account)
    elsewhere = app.test_client()  # the person (or a thief) signed in on another phone
    with elsewhere.session_transaction() as session:
        from webapp.accounts.sessions import TOKEN, start

        session["_user_id"], session[TOKEN] = str(person.id), start(person)
    assert signed_in(elsewhere)

    sign_in(zibo_coordinator)
    path = make_link(post_form, person)
    notice = db.session.scalar(db.select(Notification).where(Notification.account_id == person.id))
    assert notice.kind == "account.recovery_link"  # told at once, in the inbox
    sign_out(client)

    new_key = SoftAuthenticator(origin="http://localhost")
    used = ceremony(path, f"{path}/options", f"{path}/verify", new_key)
    assert used.status_code == 200, used.get_json()
    assert used.get_json()["redirect"] == "/signin"
    assert not signed_in(client)  # not signed in by the link
    assert not signed_in(elsewhere)  # every session of the account ended
    assert db.session.scalar(db.select(AccountSession).where(AccountSession.account_id == person.id)) is None
    db.session.expire_all()
    [passkey] = db.session.get(Account, person.id).passkeys
    assert abs(passkey.active_from - (clock.utcnow() + timedelta(hours=48))) < timedelta(minutes=1)

    early = ceremony("/signin", "/signin/options", "/signin/verify", new_key, mode="signin")
    assert early.status_code == 400
    assert "waiting period" in early.get_json()["error"]

    with clock.pinned_at(clock.instant() + timedelta(hours=48, minutes=1)):
        later = ceremony("/signin", "/signin/options", "/signin/verify", new_key, mode="signin")
        assert later.status_code == 200, later.get_json()
        assert later.get_json()["redirect"] == "/account/recovery"  # told again at sign-in
        page = client.get("/account").get_data(as_text=True)
        assert "赵磊 looked at your account" in page
        assert "made a recovery link for your account" in page
        assert "A new passkey was made with a recovery link." in page
    actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.subject_account_id == person.id)).all()
    assert {"record.viewed", "recovery.created", "recovery.used"} <= set(actions)


def test_the_person_confirms_the_new_passkey_from_a_passkey_they_had(
    client, db, community, zibo_coordinator, create_account, sign_in, post_form, ceremony
):
    person = resident_of(community, create_account)
    old_key, new_key = SoftAuthenticator(origin="http://localhost"), SoftAuthenticator(origin="http://localhost")
    give_passkey(client, sign_in, ceremony, person, old_key)
    sign_in(zibo_coordinator)
    path = make_link(post_form, person)
    sign_out(client)
    assert ceremony(path, f"{path}/options", f"{path}/verify", new_key).status_code == 200

    signed = ceremony("/signin", "/signin/options", "/signin/verify", old_key, mode="signin")
    assert signed.get_json()["redirect"] == "/account/recovery"
    html = client.get("/account/recovery").get_data(as_text=True)
    waiting = db.session.scalar(db.select(Passkey).where(Passkey.active_from.is_not(None)))
    confirm = f"/account/recovery/passkeys/{waiting.id}/confirm"
    assert confirm in html
    client.post(confirm, data={"csrf_token": token_from(html)})
    sign_out(client)
    assert ceremony("/signin", "/signin/options", "/signin/verify", new_key, mode="signin").status_code == 200
    assert db.session.scalar(
        db.select(AuditEvent).where(
            AuditEvent.action == "recovery.confirmed", AuditEvent.subject_account_id == person.id
        )
    )


def test_the_person_removes_a_passkey_that_is_not_theirs_and_cancels_a_link(
    client, db, community, zibo_coordinator, create_account, sign_in, post_form, ceremony
):
    person = resident_of(community, create_account)
    old_key, thief_key = SoftAuthenticator(origin="http://localhost"), SoftAuthenticator(origin="http://localhost")
    give_passkey(client, sign_in, ceremony, person, old_key)
    sign_in(zibo_coordinator)
    used_path = make_link(post_form, person)
    unused_path = make_link(post_form, person)
    sign_out(client)
    assert ceremony(used_path, f"{used_path}/options", f"{used_path}/verify", thief_key).status_code == 200

    ceremony("/signin", "/signin/options", "/signin/verify", old_key, mode="signin")
    html = client.get("/account/recovery").get_data(as_text=True)
    waiting = db.session.scalar(db.select(Passkey).where(Passkey.active_from.is_not(None)))
    waiting_id = waiting.id
    client.post(f"/account/recovery/passkeys/{waiting_id}/refuse", data={"csrf_token": token_from(html)})
    db.session.expire_all()
    assert db.session.get(Passkey, waiting_id) is None
    unused = db.session.scalars(db.select(OneTimeLink).where(OneTimeLink.used_at.is_(None))).one()
    client.post(f"/account/recovery/links/{unused.id}/cancel", data={"csrf_token": token_from(html)})
    assert client.get(unused_path).status_code == 410
    actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.subject_account_id == person.id)).all()
    assert {"recovery.refused", "recovery.cancelled"} <= set(actions)


def test_a_person_cannot_answer_for_someone_elses_recovery(
    client, db, community, zibo_coordinator, create_account, sign_in, post_form, ceremony
):
    person = resident_of(community, create_account)
    sign_in(zibo_coordinator)
    make_link(post_form, person)
    sign_out(client)
    link = db.session.scalar(db.select(OneTimeLink))
    sign_in(create_account("migrant"))
    token = token_from(client.get("/account").get_data(as_text=True))
    assert client.post(f"/account/recovery/links/{link.id}/cancel", data={"csrf_token": token}).status_code == 404
    assert client.post("/account/recovery/passkeys/1/confirm", data={"csrf_token": token}).status_code == 404
