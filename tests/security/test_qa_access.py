"""Access across roles and areas, found in a QA pass: each test is a hole that was open, tried through the client."""

import pytest
from sqlalchemy import select

from tests.conftest import token_from
from tests.support.factories import create_reports
from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.audit.log import VIEWED
from webapp.audit.models import AuditEvent
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit


@pytest.fixture
def moved_coordinator(db, community, create_account, create_place):
    """A coordinator with a visit waiting for review in `community`, who was then taken off that community (they
    keep another one)."""
    elsewhere = create_place("370303001002")
    coordinator = create_account("coordinator", place=community)
    db.session.add(RoleGrant(account_id=coordinator.id, role="coordinator", place_id=elsewhere.id))
    [report] = create_reports(community, 1, status="submitted")
    visit = Visit(
        client_id="qa-conflict-1",
        coordinator_id=coordinator.id,
        report_id=report.id,
        outcome="confirmed",
        recorded_at=clock.utcnow(),
        seen_version=report.version - 1,
        server_version=report.version,
        conflict=True,
        state="conflict",
        seen={"room": "旧房间"},
        server={"room": "新房间"},
    )
    db.session.add(visit)
    db.session.commit()
    grant = db.session.scalar(
        select(RoleGrant).where(RoleGrant.account_id == coordinator.id, RoleGrant.place_id == community.id)
    )
    db.session.delete(grant)
    db.session.commit()
    return coordinator, visit.id, report.id, report.person.name


def test_a_coordinator_taken_off_a_community_cannot_apply_a_conflict_there(client, db, moved_coordinator, sign_in):
    coordinator, visit_id, report_id, name = moved_coordinator
    sign_in(coordinator)
    page = client.get("/coordinator/conflicts")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert name not in html and "新房间" not in html  # the person's record is no longer shown
    assert client.get("/coordinator/sync").get_json()["conflicts"] == 0
    token = token_from(html)

    for decision in ("apply", "keep"):
        refused = client.post(f"/coordinator/conflicts/{visit_id}", data={"csrf_token": token, "decision": decision})
        assert refused.status_code == 404
    db.session.expire_all()
    assert db.session.get(ResidenceReport, report_id).status == "submitted"
    visit = db.session.get(Visit, visit_id)
    assert (visit.state, visit.resolved_by_id) == ("conflict", None)


def test_a_coordinator_still_in_the_community_resolves_the_conflict(
    client, db, moved_coordinator, community, sign_in, post_form
):
    coordinator, visit_id, report_id, name = moved_coordinator
    db.session.add(RoleGrant(account_id=coordinator.id, role="coordinator", place_id=community.id))
    db.session.commit()
    sign_in(coordinator)
    assert name in client.get("/coordinator/conflicts").get_data(as_text=True)
    assert client.get("/coordinator/sync").get_json()["conflicts"] == 1
    done = post_form(f"/coordinator/conflicts/{visit_id}", {"decision": "keep"}, page="/coordinator/conflicts")
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Visit, visit_id).state == "kept"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/reject", {"reject-reason": ""}),  # a rejection without its reason
        ("", {"outcome": ""}),  # a visit without its outcome
        ("/id-number", {"unmask-reason": ""}),  # the ID number without a reason
    ],
)
def test_the_visit_page_sent_back_with_errors_logs_the_look(client, db, community, create_account, sign_in, path, data):
    """Without a GET first: a POST with a mistake shows the person's record too, so it is in their "who looked"."""
    coordinator = create_account("coordinator", place=community)
    [report] = create_reports(community, 1, status="submitted")
    sign_in(coordinator)
    token = token_from(client.get("/account").get_data(as_text=True))
    db.session.execute(db.delete(AuditEvent))
    db.session.commit()
    response = client.post(f"/coordinator/visits/{report.receipt}{path}", data={"csrf_token": token, **data})
    assert response.status_code in (200, 400)
    assert report.person.name in response.get_data(as_text=True)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == VIEWED)).all()
    assert (event.actor_id, event.subject_person_id, event.reason) == (coordinator.id, report.person_id, "visit")
    db.session.expire_all()
    assert db.session.get(ResidenceReport, report.id).status == "submitted"


def test_a_landlords_answer_sent_back_with_errors_logs_the_look(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report
):
    """A deny without its reason shows the tenant's page again: in the tenant's "who looked", as a GET is."""
    from webapp.rentals.models import Tenancy

    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(select(Tenancy))
    sign_in(landlord)
    token = token_from(client.get("/account").get_data(as_text=True))
    db.session.execute(db.delete(AuditEvent))
    db.session.commit()
    response = client.post(
        f"/landlord/tenancies/{tenancy.id}", data={"csrf_token": token, "answer-answer": "deny", "answer-reason": ""}
    )
    assert response.status_code == 200 and "王芳" in response.get_data(as_text=True)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == VIEWED)).all()
    assert (event.actor_id, event.subject_person_id, event.details["as"]) == (
        landlord.id,
        tenancy.person_id,
        "landlord",
    )
    db.session.expire_all()
    assert db.session.get(Tenancy, tenancy.id).status == "pending"


def test_links_made_by_someone_deactivated_stop_working(
    client, db, community, create_account, create_place, sign_in, post_form
):
    """A county administrator's invitation (72 h) and a coordinator's recovery link (24 h), not used yet when their
    makers are deactivated: they no longer give a role or a passkey."""
    import re

    from tests.enrolment.test_enrolment import place_of
    from tests.enrolment.test_recovery import make_link, resident_of
    from webapp.accounts.models import Account

    city_admin = create_account("admin", place=create_place("3703"))
    county_admin = create_account("admin", place=create_place("370303"))
    coordinator = create_account("coordinator", place=community)
    resident = resident_of(community, create_account)

    sign_in(county_admin)
    made = post_form("/staff/invite", {"display_name": "周敏", "role": "admin", **place_of("370303001")})
    invite = "/enrol/" + re.search(r"/enrol/([A-Za-z0-9_-]+)", made.get_data(as_text=True)).group(1)
    sign_in(coordinator)
    recover = make_link(post_form, resident)
    assert client.get(invite).status_code == 200 and client.get(recover).status_code == 200

    sign_in(city_admin)
    for account in (county_admin, coordinator):
        assert post_form(f"/admin/staff/{account.id}/deactivate", page=f"/admin/staff/{account.id}").status_code == 302

    assert client.get(invite).status_code == 410 and client.get(recover).status_code == 410
    newcomer = sign_in(create_account("migrant"))
    token = token_from(client.get("/account").get_data(as_text=True))
    refused = client.post(f"{invite}/accept", data={"csrf_token": token})
    assert refused.status_code == 410
    db.session.expire_all()
    assert [g.role for g in db.session.get(Account, newcomer.id).grants] == ["migrant"]


@pytest.mark.parametrize("how", ["taken off", "deactivated"])
def test_a_conflict_left_by_a_coordinator_who_went_is_decided_by_one_who_stays(
    client, db, moved_coordinator, community, create_account, create_place, sign_in, post_form, how
):
    """Nobody else could decide it: a coordinator who covers the community now sees it, named as another's visit,
    and decides it. A coordinator of another community does not."""
    from webapp.accounts.models import Account

    gone, visit_id, _report_id, name = moved_coordinator
    if how == "deactivated":
        db.session.add(RoleGrant(account_id=gone.id, role="coordinator", place_id=community.id))
        db.session.get(Account, gone.id).deactivated_at = clock.utcnow()
        db.session.commit()
    other = create_account("coordinator", place=create_place("370303001003"))
    sign_in(other)
    assert name not in client.get("/coordinator/conflicts").get_data(as_text=True)

    stays = create_account("coordinator", place=community)
    sign_in(stays)
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert name in html and "no longer covers this community" in html and "Your visit on" not in html
    assert client.get("/coordinator/sync").get_json()["conflicts"] == 1
    done = post_form(f"/coordinator/conflicts/{visit_id}", {"decision": "keep"}, page="/coordinator/conflicts")
    assert done.status_code == 302
    db.session.expire_all()
    visit = db.session.get(Visit, visit_id)
    assert (visit.state, visit.resolved_by_id) == ("kept", stays.id)


def test_a_colleagues_own_conflict_stays_theirs(client, db, moved_coordinator, community, create_account, sign_in):
    """While its coordinator still covers the community, a visit under review is theirs alone to decide."""
    author, visit_id, _report_id, name = moved_coordinator
    db.session.add(RoleGrant(account_id=author.id, role="coordinator", place_id=community.id))
    db.session.commit()
    sign_in(create_account("coordinator", place=community))
    assert name not in client.get("/coordinator/conflicts").get_data(as_text=True)
    token = token_from(client.get("/account").get_data(as_text=True))
    refused = client.post(f"/coordinator/conflicts/{visit_id}", data={"csrf_token": token, "decision": "keep"})
    assert refused.status_code == 404
    db.session.expire_all()
    assert db.session.get(Visit, visit_id).state == "conflict"


@pytest.mark.parametrize("decision", [None, "", "discard"])
def test_a_conflict_is_decided_only_by_one_of_its_two_buttons(
    client, db, moved_coordinator, community, sign_in, decision
):
    """Anything but "apply" or "keep" decides nothing: the visit stays under review (it was filed as kept)."""
    coordinator, visit_id, _report_id, _name = moved_coordinator
    db.session.add(RoleGrant(account_id=coordinator.id, role="coordinator", place_id=community.id))
    db.session.commit()
    sign_in(coordinator)
    data = {"csrf_token": token_from(client.get("/coordinator/conflicts").get_data(as_text=True))}
    if decision is not None:
        data["decision"] = decision
    assert client.post(f"/coordinator/conflicts/{visit_id}", data=data).status_code == 400
    db.session.expire_all()
    visit = db.session.get(Visit, visit_id)
    assert (visit.state, visit.resolved_by_id) == ("conflict", None)


def test_no_departure_for_a_tenant_the_landlord_denied(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report
):
    """The page offers no "they left" once the landlord said the person never lived there; sent by hand, it is
    refused and nothing is recorded."""
    from webapp.rentals.models import Tenancy

    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(select(Tenancy))
    sign_in(landlord)
    url = f"/landlord/tenancies/{tenancy.id}"
    token = token_from(client.get(url).get_data(as_text=True))
    denied = client.post(url, data={"csrf_token": token, "answer-answer": "deny", "answer-reason": "不认识此人"})
    assert denied.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'name="left-left_on"' not in page
    left = client.post(url, data={"left-csrf_token": token_from(page), "left-left_on": clock.today().isoformat()})
    assert left.status_code == 400
    db.session.expire_all()
    found = db.session.get(Tenancy, tenancy.id)
    assert (found.status, found.ended_on) == ("denied", None)
