"""Sessions end on the server (issue 13, point 3): a copied cookie stops working after sign-out, after the passkey
it came from is removed, after "sign out everywhere", and after the idle and absolute limits; sensitive actions need
a fresh passkey check; a coordinator who is also a migrant cannot verify their own report."""

from datetime import timedelta

import pytest

from tests.conftest import token_from
from tests.support.authenticator import SoftAuthenticator
from tests.support.factories import create_reports
from webapp import clock
from webapp.accounts.models import AccountSession, Passkey
from webapp.audit.models import AuditEvent
from webapp.visits.models import Visit

COOKIE = "xinju_session"


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def copy_of(app, client):
    """Another browser holding a copy of the client's session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def csrf(client, page="/account") -> str:
    return token_from(client.get(page).get_data(as_text=True))


@pytest.fixture
def with_passkeys(client, db, sign_in, ceremony, create_account):
    """A migrant with two passkeys (two phones), signed out."""
    account = create_account("migrant", display_name="王芳")
    keys = [SoftAuthenticator(origin="http://localhost"), SoftAuthenticator(origin="http://localhost")]
    sign_in(account)
    for key in keys:
        response = ceremony("/account", "/account/passkeys/options", "/account/passkeys/verify", key)
        assert response.status_code == 200, response.get_json()
    client.post("/signout", data={"csrf_token": csrf(client)})
    return account, keys


def passkey_sign_in(ceremony, key):
    response = ceremony("/signin", "/signin/options", "/signin/verify", key, mode="signin")
    assert response.status_code == 200, response.get_json()


def test_a_copied_cookie_stops_working_after_sign_out(app, client, with_passkeys, ceremony):
    _account, keys = with_passkeys
    passkey_sign_in(ceremony, keys[0])
    thief = copy_of(app, client)
    assert signed_in(thief)
    client.post("/signout", data={"csrf_token": csrf(client)})
    assert not signed_in(thief)
    assert not signed_in(client)


def test_a_copied_cookie_stops_working_when_its_passkey_is_removed(app, client, db, with_passkeys, ceremony):
    account, keys = with_passkeys
    passkey_sign_in(ceremony, keys[0])
    thief = copy_of(app, client)
    phone_a = db.session.scalar(db.select(Passkey).where(Passkey.credential_id == next(iter(keys[0].credentials))))
    phone_a_id = phone_a.id

    other = app.test_client()  # the person, on the other phone, removes the lost one
    other_ceremony_client = other
    headers = {"X-CSRFToken": csrf(other_ceremony_client, "/signin"), "Accept": "application/json"}
    options = other.post("/signin/options", headers=headers, json={}).get_json()
    assert other.post("/signin/verify", headers=headers, json=keys[1].get(options)).status_code == 200
    other.post(f"/account/passkeys/{phone_a_id}/remove", data={"csrf_token": csrf(other)})

    assert not signed_in(thief)
    assert signed_in(other)


def test_sign_out_everywhere(app, client, db, create_account, sign_in):
    account = create_account("migrant")
    phones = [app.test_client(), app.test_client()]
    for phone in phones:
        with phone.session_transaction() as session:
            from webapp.accounts.sessions import TOKEN, start

            session["_user_id"], session[TOKEN] = str(account.id), start(account)
    sign_in(account)
    page = client.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in page
    client.post("/account/signout-everywhere", data={"csrf_token": token_from(page)})
    assert not any(signed_in(c) for c in [client, *phones])
    assert db.session.scalar(db.select(AccountSession)) is None
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "sessions.ended"))
    assert event.subject_account_id == account.id


def later(minutes=0, hours=0):
    return clock.pinned_at(clock.instant() + timedelta(minutes=minutes, hours=hours))


def test_staff_sessions_end_after_30_idle_minutes(client, db, create_account, create_place, sign_in):
    sign_in(create_account("coordinator", place=create_place("370303001001")))
    with later(minutes=29):
        assert signed_in(client)
    with later(minutes=58):  # 29 minutes after the last request
        assert signed_in(client)
    with later(minutes=89):
        assert not signed_in(client)


def test_resident_sessions_last_longer_idle_but_not_for_ever(client, db, create_account, sign_in):
    sign_in(create_account("migrant"))
    with later(hours=11):
        assert signed_in(client)
    with later(hours=23, minutes=30):  # 12 h 30 without a request
        assert not signed_in(client)


@pytest.mark.parametrize(
    ("role", "every", "limit"),
    [("coordinator", timedelta(minutes=20), timedelta(hours=12)), ("migrant", timedelta(hours=10), timedelta(days=7))],
)
def test_an_active_session_still_ends_at_its_absolute_limit(
    client, db, create_account, create_place, sign_in, role, every, limit
):
    sign_in(create_account(role, place=create_place("370303001001")))
    start, step = clock.instant(), every
    while step < limit:
        with clock.pinned_at(start + step):
            assert signed_in(client), step
        step += every
    with clock.pinned_at(start + limit + timedelta(minutes=1)):
        assert not signed_in(client)


def test_a_session_from_before_the_server_kept_sessions_is_refused(client, db, create_account):
    account = create_account("migrant")
    with client.session_transaction() as session:
        session["_user_id"] = str(account.id)  # what a cookie signed by the old code holds
    assert not signed_in(client)


# --- Sensitive actions need a fresh passkey check ----------------------------------------------------------------


def test_adding_a_passkey_needs_a_fresh_check(client, db, create_account, sign_in, ceremony):
    sign_in(create_account("migrant"), verified=False)
    page = client.get("/account").get_data(as_text=True)
    assert "/account/verify?next=/account" in page
    assert "/account/passkeys/options" not in page
    headers = {"X-CSRFToken": token_from(page), "Accept": "application/json"}
    refused = client.post("/account/passkeys/options", headers=headers, json={})
    assert refused.status_code == 403
    assert refused.get_json()["reverify"].startswith("/account/verify")
    assert db.session.scalar(db.select(Passkey)) is None


@pytest.mark.parametrize("path", ["/admin/staff.csv", "/admin/audit.csv", "/admin/places/3703/export/areas.csv"])
def test_exports_need_a_fresh_check(client, db, create_account, create_place, sign_in, path):
    sign_in(create_account("admin", place=create_place("3703")), verified=False)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/verify?next=/admin/")
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.csv")) is None


def test_inviting_staff_needs_a_fresh_check(client, db, create_account, create_place, sign_in):
    sign_in(create_account("admin", place=create_place("3703")), verified=False)
    response = client.get("/staff/invite")
    assert response.headers["Location"] == "/account/verify?next=/staff/invite"


# --- A coordinator who is also a migrant --------------------------------------------------------------------------


def test_a_coordinator_cannot_verify_their_own_report(client, db, community, create_account, sign_in):
    me = create_account("migrant", "coordinator", place=community)
    [mine] = create_reports(community, 1, status="submitted")
    mine.person.account = me
    db.session.commit()
    [theirs] = create_reports(community, 1, status="submitted")
    sign_in(me)
    caseload = client.get("/coordinator").get_data(as_text=True)
    assert f"/coordinator/visits/{theirs.receipt}" in caseload
    assert f"/coordinator/visits/{mine.receipt}" not in caseload
    download = client.get("/coordinator/caseload.json").get_data(as_text=True)
    assert theirs.receipt in download and mine.receipt not in download
    assert client.get(f"/coordinator/visits/{mine.receipt}").status_code == 403
    token = csrf(client)
    form = {"csrf_token": token, "outcome": "confirmed", "seen_version": "1", "client_id": "abcdefgh1234"}
    assert client.post(f"/coordinator/visits/{mine.receipt}", data=form).status_code == 403
    reject = {"csrf_token": token, "reject-reason": "no"}
    assert client.post(f"/coordinator/visits/{mine.receipt}/reject", data=reject).status_code == 403

    from webapp.visits import record

    result = record.record(
        me,
        {
            "client_id": "own-report-1",
            "receipt": mine.receipt,
            "outcome": "confirmed",
            "seen_version": 1,
            "recorded_at": clock.utcnow().isoformat(),
        },
    )
    assert (result.status, result.error) == ("refused", "own_report")
    assert db.session.scalar(db.select(Visit)) is None
    db.session.refresh(mine)
    assert mine.status == "submitted"


def test_sessions_past_every_limit_are_deleted_at_the_next_sign_in(client, db, create_account, sign_in):
    account = sign_in(create_account("migrant"))
    with later(hours=7 * 24 + 1):
        sign_in(account)
        assert db.session.scalar(db.select(db.func.count(AccountSession.id))) == 1
