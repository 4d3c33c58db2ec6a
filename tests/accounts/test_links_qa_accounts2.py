"""QA of recovery and invitation links (task J): a link for an account deleted since ends with it; staff cannot make
one for an account that signs in no more; whoever made a link cannot use it; a link opened while signed in as someone
else says so; two uses at the same moment make one; garbage sent to a link's ceremony is a clear 400; the address
carries only the token; the audit log records each use."""

import json
import re

import pytest

from tests.accounts.test_ceremony_input import BODIES
from tests.conftest import token_from
from tests.enrolment.test_recovery import make_link, resident_of, sign_out, signed_in, zibo_coordinator  # noqa: F401
from tests.support.authenticator import SoftAuthenticator
from webapp.accounts.models import Account, AccountSession, Passkey, RoleGrant
from webapp.accounts.roles import Role
from webapp.audit.models import AuditEvent
from webapp.clock import utcnow
from webapp.enrolment import links
from webapp.enrolment.models import OneTimeLink
from webapp.notifications.models import Notification
from webapp.privacy.deletion import delete_account


def run(client, path, authenticator):
    """The link's passkey ceremony, as passkeys.js does it from the link's page."""
    headers = {"X-CSRFToken": token_from(client.get(path).get_data(as_text=True)), "Accept": "application/json"}
    options = client.post(f"{path}/options", headers=headers, json={})
    if options.status_code != 200:
        return options
    credential = authenticator.create(options.get_json())
    return client.post(f"{path}/verify", headers=headers, data=json.dumps(credential), content_type="application/json")


@pytest.fixture
def recovery(client, db, community, zibo_coordinator, create_account, sign_in, post_form):  # noqa: F811
    """(the person, the path of a recovery link made for them); nobody signed in."""
    person = resident_of(community, create_account)
    sign_in(zibo_coordinator)
    path = make_link(post_form, person)
    sign_out(client)
    return person, path


@pytest.fixture
def invitation(db, community, create_account, create_place):
    """(the administrator who made it, the path of an invitation for a coordinator of the community)."""
    admin = create_account("admin", place=db.session.get(type(community), community.id).parent, display_name="钱军")
    _link, token = links.create_enrolment(
        issuer=admin, role=Role.COORDINATOR, place=community, department=None, display_name="周敏", hours=72
    )
    return admin, f"/enrol/{token}"


def passkeys_of(db, account) -> int:
    return db.session.scalar(db.select(db.func.count(Passkey.id)).where(Passkey.account_id == account.id))


# --- A recovery link for an account that signs in no more -----------------------------------------------------


def test_a_recovery_link_ends_when_its_account_is_deleted(client, db, recovery):
    person, path = recovery
    notices = db.session.scalar(db.select(db.func.count(Notification.id)))
    delete_account(person, None)
    page = client.get(path)
    assert page.status_code == 410 and "This link has expired." in page.get_data(as_text=True)
    refused = run(client, path, SoftAuthenticator())
    assert refused.status_code == 400
    assert refused.get_json() == {"error": "This link has already been used or has expired. Ask for a new one."}
    assert passkeys_of(db, person) == 0
    assert db.session.scalar(db.select(db.func.count(Notification.id))) <= notices  # nothing new for a deleted account


def test_a_recovery_link_ends_when_its_account_is_deactivated_in_chinese(client, db, recovery):
    person, path = recovery
    person.deactivated_at = utcnow()
    db.session.commit()
    client.set_cookie("lang", "zh")
    page = client.get(path)
    assert page.status_code == 410 and "此链接已过期。" in page.get_data(as_text=True)


def test_staff_cannot_make_a_recovery_link_for_a_deactivated_account(
    client,
    db,
    community,
    zibo_coordinator,  # noqa: F811
    create_account,
    sign_in,
    post_form,  # noqa: F811
):
    person = resident_of(community, create_account)
    person.deactivated_at = utcnow()
    db.session.commit()
    sign_in(zibo_coordinator)
    found = post_form("/staff/recovery", {"reference": person.reference})
    html = found.get_data(as_text=True)
    assert "There is no account with this reference in your area" in html and person.display_name not in html
    assert db.session.scalar(db.select(OneTimeLink)) is None


# --- Whoever made a link does not use it; a link opened while signed in as someone else says so -------------------


def test_the_coordinator_who_made_a_recovery_link_cannot_use_it(client, db, recovery, zibo_coordinator, sign_in):  # noqa: F811
    person, path = recovery
    sign_in(zibo_coordinator)
    html = client.get(path).get_data(as_text=True)
    assert "You made this link. Give it to 王芳: it is for them, and it works only once." in html
    assert "Create new passkey" not in html
    client.set_cookie("lang", "zh")
    refused = run(client, path, SoftAuthenticator())
    assert refused.status_code == 400
    assert refused.get_json() == {"error": "这个链接是您制作的：请把它交给要使用它的人。"}
    assert passkeys_of(db, person) == 0
    assert db.session.scalar(db.select(OneTimeLink)).used_at is None
    assert signed_in(client)


def test_a_recovery_link_opened_while_signed_in_as_someone_else_warns_then_signs_them_out(
    app, client, db, recovery, create_account, sign_in
):
    person, path = recovery
    neighbour = sign_in(create_account("migrant", display_name="李四"))
    html = client.get(path).get_data(as_text=True)
    assert "You are signed in as 李四, but this link is for 王芳." in html
    client.set_cookie("lang", "zh")
    assert "您已用李四的账号登录，但这个链接是给王芳的。" in client.get(path).get_data(as_text=True)
    used = run(client, path, SoftAuthenticator())
    assert used.status_code == 200, used.get_json()
    assert passkeys_of(db, person) == 1 and passkeys_of(db, neighbour) == 0
    assert not signed_in(client)
    assert db.session.scalar(db.select(AccountSession).where(AccountSession.account_id == neighbour.id)) is None


def test_the_person_signed_in_to_their_own_account_sees_no_warning(client, db, recovery, sign_in):
    person, path = recovery
    sign_in(person)
    html = client.get(path).get_data(as_text=True)
    assert "but this link is for" not in html and "You made this link" not in html


def test_the_administrator_who_made_an_invitation_cannot_take_it(client, db, invitation, create_account, sign_in):
    admin, path = invitation
    sign_in(admin)
    html = client.get(path).get_data(as_text=True)
    assert "You made this link. Give it to 周敏: it is for them, and it works only once." in html
    assert "Add this role to my account" not in html
    refused = client.post(f"{path}/accept", data={"csrf_token": token_from(html)})
    assert refused.status_code == 302 and refused.location.endswith(path)
    assert db.session.scalar(db.select(OneTimeLink)).used_at is None
    assert [g.role for g in db.session.get(Account, admin.id).grants] == ["admin"]

    other = sign_in(create_account("migrant", display_name="周敏"))
    html = client.get(path).get_data(as_text=True)
    assert "Add this role to my account" in html
    assert client.post(f"{path}/accept", data={"csrf_token": token_from(html)}).status_code == 302
    assert {g.role for g in db.session.get(Account, other.id).grants} == {"migrant", "coordinator"}
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "enrolment.used"))
    assert event.subject_account_id == other.id


# --- Two uses at the same moment ------------------------------------------------------------------------------


def test_a_recovery_link_used_twice_at_the_same_moment_makes_one_passkey(client, db, recovery, monkeypatch):
    person, path = recovery
    assert run(client, path, SoftAuthenticator()).status_code == 200
    # The second use looked the link up before the first was saved: it found it unused.
    link = db.session.scalar(db.select(OneTimeLink))
    monkeypatch.setattr(links, "find", lambda token, purpose: (links.LinkState.VALID, link))
    second = run(client, path, SoftAuthenticator())
    assert second.status_code == 400
    assert second.get_json() == {"error": "This link has already been used or has expired. Ask for a new one."}
    assert passkeys_of(db, person) == 1
    actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.subject_account_id == person.id)).all()
    assert actions.count("recovery.used") == 1


def test_an_invitation_used_twice_at_the_same_moment_makes_one_account(client, db, invitation, monkeypatch):
    _admin, path = invitation
    assert run(client, path, SoftAuthenticator()).status_code == 200
    sign_out(client)
    link = db.session.scalar(db.select(OneTimeLink))
    monkeypatch.setattr(links, "find", lambda token, purpose: (links.LinkState.VALID, link))
    second = run(client, path, SoftAuthenticator())
    assert second.status_code == 400
    coordinators = db.session.scalar(db.select(db.func.count(RoleGrant.id)).where(RoleGrant.role == "coordinator"))
    assert coordinators == 1


# --- What a link's ceremony takes, and what its address shows -------------------------------------------------


@pytest.mark.parametrize("body", BODIES[2:])
def test_garbage_sent_to_a_links_ceremony_is_a_clear_400(client, db, recovery, body):
    person, path = recovery
    headers = {"X-CSRFToken": token_from(client.get(path).get_data(as_text=True))}
    assert client.post(f"{path}/options", headers=headers, json={}).status_code == 200
    response = client.post(f"{path}/verify", headers=headers, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Your browser sent something we could not read. Try again."}
    assert passkeys_of(db, person) == 0
    assert db.session.scalar(db.select(OneTimeLink)).used_at is None  # still usable for the real passkey


@pytest.mark.parametrize("path", ["/enrol/", "/recover/", "/claim/", "/colleague/"])
@pytest.mark.parametrize("token", ["x", "%ff%fe", "%00", "%E2%80%AE", "A" * 3000])
def test_a_tampered_token_is_a_plain_404_page(client, db, path, token):
    response = client.get(path + token)
    assert response.status_code == 404 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    # A NUL byte is refused before the route ("Page not found"); the others reach it and are not found.
    assert ("Page not found" if token == "%00" else "Link not found") in html


def test_the_link_holds_only_its_token_and_nothing_personal_follows_its_use(client, db, recovery):
    person, path = recovery
    token = path.rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    assert person.reference not in path
    used = run(client, path, SoftAuthenticator())
    assert used.get_json() == {"redirect": "/signin"}
    assert db.session.scalar(db.select(OneTimeLink)).token_hash != token  # only its hash is kept
