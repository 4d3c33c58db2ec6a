"""A hire or a spouse entered with an ID number nobody had registered does not lock the real holder out: they
register with it, and the old record becomes theirs once a coordinator has checked their identity card."""

from datetime import date

import pytest

from tests.conftest import token_from
from tests.support.factories import id_number
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.employers.models import Employment
from webapp.notifications.models import Notification
from webapp.people.models import IdentityClaim, Person

NUMBER = id_number(date(1990, 3, 4), sequence=321)


def profile(number, name="刘洋", birth="1990-03-04"):
    return {
        "name": name,
        "sex": "male",
        "ethnicity": "01",
        "birth_date": birth,
        "id_number": number,
        "phone": "138 0013 8000",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
    }


@pytest.fixture
def hired(db, community, create_account, create_employer, sign_in, post_form):
    """An employer in the community reported a hire of a number nobody has registered."""
    account = create_account("employer")
    employer = create_employer(account)
    employer.place = community
    db.session.commit()
    sign_in(account)
    post_form("/employer/hires/new", {"name": "刘阳", "id_number": NUMBER, "started_on": clock.today().isoformat()})
    return db.session.scalar(db.select(Employment))


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="社区张")


@pytest.fixture
def holder(db, hired, create_account, sign_in, post_form):
    """The real holder of the number registers: it works, and a claim on the old record waits."""
    account = sign_in(create_account("migrant"))
    response = post_form("/me/profile", profile(NUMBER))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return account


def test_the_real_holder_registers_with_a_number_an_employer_entered(db, holder, hired):
    mine = db.session.scalar(db.select(Person).where(Person.account_id == holder.id))
    assert (mine.id_number, mine.name) == (NUMBER, "刘洋")
    claim = db.session.scalar(db.select(IdentityClaim))
    assert (claim.claimant_id, claim.placeholder_id, claim.status) == (mine.id, hired.person_id, "pending")
    # Not theirs yet: the old record's job stays on it until a coordinator has checked.
    db.session.refresh(hired)
    assert hired.person_id != mine.id


def test_a_coordinator_checks_and_the_record_becomes_theirs(client, db, holder, hired, coordinator, sign_in, post_form):
    claim = db.session.scalar(db.select(IdentityClaim))
    old = claim.placeholder_id
    sign_in(coordinator)
    listed = client.get("/coordinator/identity-claims").get_data(as_text=True)
    assert f"/coordinator/identity-claims/{claim.id}" in listed and "刘洋" in listed
    page = client.get(f"/coordinator/identity-claims/{claim.id}").get_data(as_text=True)
    assert "identity card" in page
    response = post_form(f"/coordinator/identity-claims/{claim.id}", {"decision": "confirm"})
    assert response.status_code == 302
    db.session.expire_all()
    mine = db.session.scalar(db.select(Person).where(Person.account_id == holder.id))
    assert (db.session.get(IdentityClaim, claim.id).status, db.session.get(Person, old)) == ("confirmed", None)
    assert db.session.get(Employment, hired.id).person_id == mine.id
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "identity.claimed"))
    assert (event.actor_id, event.subject_person_id) == (coordinator.id, mine.id)
    # The hire now waits for the holder's own answer, in their inbox and on their home page.
    assert db.session.scalar(db.select(Notification).where(Notification.account_id == holder.id)).kind == (
        "employment.claimed"
    )
    sign_in(holder)
    assert f"/me/jobs/{hired.id}" in client.get("/me").get_data(as_text=True)


def test_a_coordinator_who_finds_the_card_does_not_match_denies(
    client, db, holder, hired, coordinator, sign_in, post_form
):
    claim = db.session.scalar(db.select(IdentityClaim))
    sign_in(coordinator)
    post_form(f"/coordinator/identity-claims/{claim.id}", {"decision": "deny"})
    db.session.expire_all()
    mine = db.session.scalar(db.select(Person).where(Person.account_id == holder.id))
    old = db.session.get(Person, claim.placeholder_id)
    assert (mine.id_number, old.id_number, db.session.get(IdentityClaim, claim.id).status) == (None, NUMBER, "denied")
    assert db.session.get(Employment, hired.id).person_id == old.id


def test_only_a_coordinator_of_the_records_community_decides(
    client, db, holder, create_account, create_place, other_community, sign_in, post_form
):
    claim = db.session.scalar(db.select(IdentityClaim))
    sign_in(create_account("coordinator", place=other_community))
    assert f"/coordinator/identity-claims/{claim.id}" not in client.get("/coordinator/identity-claims").get_data(
        as_text=True
    )
    assert client.get(f"/coordinator/identity-claims/{claim.id}").status_code == 404
    sign_in(holder)
    assert client.get(f"/coordinator/identity-claims/{claim.id}").status_code == 403
    assert db.session.get(IdentityClaim, claim.id).status == "pending"


def test_the_real_spouse_registers_with_the_number_their_spouse_entered(
    client, db, migrant, coordinator, create_account, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    spouse_number = id_number(date(1993, 8, 9), sequence=457)
    member = {"relation": "spouse", "name": "李伟", "sex": "male", "ethnicity": "01", "birth_date": "1993-08-09"}
    post_form("/me/household/new", {**member, "id_number": spouse_number})
    head = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    spouse = sign_in(create_account("migrant"))
    response = post_form("/me/profile", profile(spouse_number, name="李伟", birth="1993-08-09"))
    assert response.status_code == 302
    claim = db.session.scalar(db.select(IdentityClaim))
    sign_in(coordinator)
    post_form(f"/coordinator/identity-claims/{claim.id}", {"decision": "confirm"})
    db.session.expire_all()
    mine = db.session.scalar(db.select(Person).where(Person.account_id == spouse.id))
    assert (mine.household_of_id, mine.relation, mine.id_number) == (head.id, "spouse", spouse_number)
    assert db.session.scalar(db.select(db.func.count(Person.id)).where(Person.id_number_is(spouse_number))) == 1


def test_a_registered_persons_number_is_still_taken(db, hired, migrant, create_account, sign_in, post_form):
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(create_account("migrant"))
    html = post_form("/me/profile", profile(her.id_number, birth=her.birth_date.isoformat())).get_data(as_text=True)
    assert "already registered" in html
    assert db.session.scalar(db.select(IdentityClaim)) is None


def test_a_spouse_removed_from_the_household_list_while_the_claim_waits(
    client, db, migrant, coordinator, create_account, sign_in, post_form, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    spouse_number = id_number(date(1993, 8, 9), sequence=457)
    member = {"relation": "spouse", "name": "李伟", "sex": "male", "ethnicity": "01", "birth_date": "1993-08-09"}
    post_form("/me/household/new", {**member, "id_number": spouse_number})
    entered = db.session.scalar(db.select(Person).where(Person.id_number_is(spouse_number)))
    spouse = sign_in(create_account("migrant"))
    post_form("/me/profile", profile(spouse_number, name="李伟", birth="1993-08-09"))
    sign_in(migrant)
    assert post_form(f"/me/household/{entered.id}/remove", {}, page="/me/household").status_code == 302
    claim = db.session.scalar(db.select(IdentityClaim))
    db.session.refresh(claim)
    assert claim.placeholder_id is None
    sign_in(coordinator)
    assert post_form(f"/coordinator/identity-claims/{claim.id}", {"decision": "confirm"}).status_code == 302
    db.session.expire_all()
    mine = db.session.scalar(db.select(Person).where(Person.account_id == spouse.id))
    assert (mine.id_number, db.session.get(IdentityClaim, claim.id).status) == (spouse_number, "confirmed")


def test_a_coordinator_never_decides_their_own_claim(client, db, hired, community, create_account, sign_in, post_form):
    """A coordinator of the community who is also the claimant: the claim is not in their list, and neither the page
    nor the decision is theirs; the old record stays as it was."""
    both = sign_in(create_account("migrant", "coordinator", place=community))
    assert post_form("/me/profile", profile(NUMBER)).status_code == 302
    claim = db.session.scalar(db.select(IdentityClaim))
    assert claim.claimant.account_id == both.id
    assert f"/coordinator/identity-claims/{claim.id}" not in client.get("/coordinator/identity-claims").get_data(
        as_text=True
    )
    assert client.get(f"/coordinator/identity-claims/{claim.id}").status_code == 403
    token = token_from(client.get("/coordinator/identity-claims").get_data(as_text=True))
    refused = client.post(f"/coordinator/identity-claims/{claim.id}", data={"csrf_token": token, "decision": "confirm"})
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(IdentityClaim, claim.id).status == "pending"
    assert db.session.get(Person, claim.placeholder_id) is not None


def test_a_decision_sent_again_from_a_page_left_open_changes_nothing(
    client, db, holder, hired, coordinator, sign_in, post_form
):
    """Denied, then "confirm" from the page still open: the list says it was decided, and the first decision
    stands (the number stays on the old record)."""
    claim = db.session.scalar(db.select(IdentityClaim))
    sign_in(coordinator)
    url = f"/coordinator/identity-claims/{claim.id}"
    token = token_from(client.get(url).get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token, "decision": "deny"}).status_code == 302
    again = client.post(url, data={"csrf_token": token, "decision": "confirm"}, follow_redirects=True)
    assert again.status_code == 200 and "decided already" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(IdentityClaim, claim.id).status == "denied"
    assert db.session.get(Person, claim.placeholder_id).id_number == NUMBER


def test_someone_who_deleted_their_account_registers_again_and_gets_their_past_back(
    client, db, community, coordinator, create_account, sign_in, post_form, report_data, submit_report
):
    """The law keeps a deleted account's past reports, with the name and number, for years: the number does not lock
    its holder out of a new account; the old record becomes theirs once a coordinator has checked the card."""
    from webapp.accounts.models import Account
    from webapp.registrations.models import ResidenceReport

    first = sign_in(create_account("migrant"))
    assert post_form("/me/profile", profile(NUMBER)).status_code == 302
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    report.ended_on, report.status = clock.today(), "ended"  # left, and said so
    db.session.commit()
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    old = db.session.scalar(db.select(Person).where(Person.account_id == first.id))
    assert old.id_number == NUMBER  # kept with the past report

    again = sign_in(create_account("migrant"))
    response = post_form("/me/profile", profile(NUMBER))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    claim = db.session.scalar(db.select(IdentityClaim))
    assert (claim.placeholder_id, claim.place_id) == (old.id, community.id)  # the old report's community checks
    sign_in(coordinator)
    assert post_form(f"/coordinator/identity-claims/{claim.id}", {"decision": "confirm"}).status_code == 302
    db.session.expire_all()
    mine = db.session.scalar(db.select(Person).where(Person.account_id == again.id))
    assert db.session.get(ResidenceReport, report.id).person_id == mine.id  # the years of residence are theirs again
    assert db.session.get(Account, first.id).deactivated_at is not None
