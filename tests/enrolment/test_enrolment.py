"""Staff enrolment links (CLI and administrators). Recovery links: test_recovery.py."""

from datetime import timedelta

import pytest

from webapp.accounts.models import Account
from webapp.audit.models import AuditEvent
from webapp.clock import utcnow
from webapp.enrolment.models import OneTimeLink


@pytest.fixture
def community(create_place):
    return create_place("370303001001", "测试社区")


@pytest.fixture
def invite_by_cli(runner, community):
    def _invite(role="coordinator", place="370303001001", name="赵磊", *extra):
        result = runner.invoke(args=["staff", "invite", "--name", name, "--role", role, "--place", place, *extra])
        return result

    return _invite


def path_of(url: str) -> str:
    return url.strip().split("localhost:5000", 1)[-1].split("localhost", 1)[-1]


def test_cli_makes_a_one_time_enrolment_link(db, invite_by_cli):
    result = invite_by_cli()
    assert result.exit_code == 0, result.output
    assert "/enrol/" in result.output
    link = db.session.scalar(db.select(OneTimeLink))
    assert link.purpose == "enrol"
    assert link.role == "coordinator"
    assert timedelta(hours=71) < link.expires_at - utcnow() <= timedelta(hours=72)
    assert path_of(result.output).split("/enrol/")[1] not in link.token_hash  # only a hash is stored


@pytest.mark.parametrize(
    ("role", "place", "extra", "message"),
    [
        ("coordinator", "370303", (), "place_level_community"),
        ("officer", "370303001001", ("--department", "health"), "place_level_county"),
        ("officer", "370303", (), "department_required"),
        ("admin", "999999", (), "place_unknown"),
    ],
)
def test_cli_refuses_a_place_that_does_not_fit(db, invite_by_cli, role, place, extra, message):
    result = invite_by_cli(role, place, "x", *extra)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(db.select(OneTimeLink)) is None


def test_enrolment_with_a_passkey_creates_a_staff_account(client, db, invite_by_cli, ceremony, authenticator):
    path = path_of(invite_by_cli().output)
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "赵磊" in html and "测试社区" in html
    response = ceremony(path, f"{path}/options", f"{path}/verify", authenticator)
    assert response.status_code == 200, response.get_json()
    account = db.session.scalar(db.select(Account))
    assert account.display_name == "赵磊"
    assert [(g.role, g.place.code) for g in account.grants] == [("coordinator", "370303001001")]
    assert "Help someone get back into their account" in client.get("/").get_data(as_text=True)


def test_enrolment_link_works_only_once(client, db, invite_by_cli, ceremony, authenticator):
    path = path_of(invite_by_cli().output)
    assert ceremony(path, f"{path}/options", f"{path}/verify", authenticator).status_code == 200
    client.post("/signout", data={"csrf_token": _token(client, "/account")})
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Account.id))) == 1


def test_expired_enrolment_link_is_refused(client, db, invite_by_cli):
    path = path_of(invite_by_cli().output)
    link = db.session.scalar(db.select(OneTimeLink))
    link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)


def test_unknown_link_is_404(client):
    assert client.get("/enrol/nothing-here").status_code == 404
    assert client.get("/recover/nothing-here").status_code == 404


def test_signed_in_person_can_add_the_role_to_their_account(client, db, invite_by_cli, create_account, sign_in):
    migrant = sign_in(create_account("migrant"))
    path = path_of(invite_by_cli().output)
    response = client.post(f"{path}/accept", data={"csrf_token": _token(client, path)})
    assert response.status_code == 302
    db.session.expire_all()
    assert {g.role for g in db.session.get(Account, migrant.id).grants} == {"migrant", "coordinator"}


def _token(client, url):
    from tests.conftest import token_from

    return token_from(client.get(url).get_data(as_text=True))


# --- Administrators invite within their own scope -------------------------------------------------------------


@pytest.fixture
def county_admin(create_account, create_place, sign_in):
    create_place("370303001001", "测试社区")
    create_place("370302001001", "淄川社区")
    create_place("330302001001", "温州社区")
    return sign_in(create_account("admin", place=create_place("370303", "张店区")))


def chosen(code: str) -> dict[str, str]:
    """The place chooser's answers down to this place."""
    return dict(zip(("city", "county", "township", "community"), (code[:4], code[:6], code[:9], code), strict=False))


def place_of(code: str) -> dict[str, str]:
    levels = {4: 1, 6: 2, 9: 3, 12: 4}[len(code)]
    return dict(list(chosen(code).items())[:levels])


def test_admin_invites_a_coordinator_in_their_scope(client, db, county_admin, post_form):
    page = client.get("/staff/invite").get_data(as_text=True)
    assert 'name="place_code"' not in page  # no code to type: the place is chosen down the hierarchy
    assert '<option selected value="370303">' in page  # starting at the administrator's own area
    response = post_form("/staff/invite", {"display_name": "周敏", "role": "coordinator", **place_of("370303001001")})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "/enrol/" in html and "<svg" in html
    link = db.session.scalar(db.select(OneTimeLink))
    assert link.created_by_id == county_admin.id and link.place.code == "370303001001"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "enrolment.created"))


def test_the_chooser_offers_only_the_administrators_area(client, county_admin, post_form):
    html = post_form("/staff/invite", {"city": "3703", "choose": "1"}, page="/staff/invite").get_data(as_text=True)
    assert 'value="370303"' in html and 'value="370302"' not in html  # a sibling county is not offered
    assert 'value="3303"' not in html


def test_a_place_outside_the_area_is_refused_by_the_rules_too(db, county_admin):
    from webapp.accounts.roles import Role
    from webapp.enrolment.links import enrolment_problems
    from webapp.places.models import Place

    outside = db.session.scalar(db.select(Place).where(Place.code == "370302001001"))
    inside = db.session.scalar(db.select(Place).where(Place.code == "370303001001"))
    assert [p.code for p in enrolment_problems(county_admin, Role.COORDINATOR, outside, None)] == ["outside_scope"]
    assert enrolment_problems(county_admin, Role.COORDINATOR, inside, None) == []


def test_admin_invites_an_officer_at_county_level(client, db, county_admin, post_form):
    data = {"display_name": "孙伟", "role": "officer", "department": "hrss", **place_of("370303")}
    assert "/enrol/" in post_form("/staff/invite", data).get_data(as_text=True)
    assert db.session.scalar(db.select(OneTimeLink)).place.code == "370303"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        # A place outside the area, even when sent by hand, is refused: the chooser drops it and stops above it.
        ({"display_name": "x", "role": "coordinator", **place_of("370302001001")}, "community", "village or community"),
        ({"display_name": "x", "role": "officer", "department": "hrss", **place_of("370302")}, "community", "county"),
        ({"display_name": "x", "role": "coordinator", **place_of("330302001001")}, "community", "Choose the place"),
        ({"display_name": "x", "role": "admin", **place_of("370303")}, "community", "only for places below your own"),
        ({"display_name": "x", "role": "admin", **place_of("370302")}, "community", "outside your area"),
        ({"display_name": "x", "role": "coordinator", **place_of("370303")}, "community", "village or community"),
        ({"display_name": "x", "role": "officer", **place_of("370303")}, "department", "department"),
        ({"display_name": "", "role": "coordinator", **place_of("370303001001")}, "display_name", "name"),
    ],
)
def test_admin_invite_errors(client, db, county_admin, post_form, data, field, message):
    response = post_form("/staff/invite", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert db.session.scalar(db.select(OneTimeLink)) is None


def test_an_invitation_sent_empty_shows_every_error_at_once(client, db, county_admin):
    from tests.support.forms import browser_data, errors_shown

    data = browser_data(client.get("/staff/invite").get_data(as_text=True), "Make the link")
    html = client.post("/staff/invite", data=data).get_data(as_text=True)  # the first role: a coordinator
    assert errors_shown(html, "display_name", "Enter the person")
    assert errors_shown(html, "community", "A coordinator works in a village or community")
    officer = client.post("/staff/invite", data={**data, "role": "officer", "county": ""}).get_data(as_text=True)
    assert errors_shown(officer, "community", "A service officer works in a county")
    assert errors_shown(officer, "department", "Select the service officer")
    assert db.session.scalar(db.select(OneTimeLink)) is None
