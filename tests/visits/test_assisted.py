"""Assisted registration: the coordinator registers someone in person, with consent, and hands over a claim link."""

from webapp.accounts.models import Account
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Consent


def test_assisted_registration_then_the_person_claims_it(
    client, db, coordinator, sign_in, post_form, person_data, report_data, ceremony, authenticator
):
    sign_in(coordinator)
    missing_consent = post_form("/coordinator/assisted", person_data).get_data(as_text=True)
    assert 'id="consent-error"' in missing_consent
    response = post_form("/coordinator/assisted", {**person_data, "consent": "y"})
    assert response.status_code == 302
    person = db.session.scalar(db.select(Person))
    consent = db.session.scalar(db.select(Consent))
    assert (person.account_id, consent.method, consent.recorded_by_id) == (None, "spoken", coordinator.id)

    made = post_form(response.location, report_data()).get_data(as_text=True)
    assert "/claim/" in made and "<svg" in made
    report = db.session.scalar(db.select(ResidenceReport))
    assert (report.person_id, report.submitted_by_id) == (person.id, coordinator.id)

    path = "/claim/" + made.split("/claim/", 1)[1].split('"', 1)[0]
    client.post("/signout", data={"csrf_token": _token(client, "/")})
    result = ceremony(path, f"{path}/options", f"{path}/verify", authenticator)
    assert result.status_code == 200, result.get_json()
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    account = db.session.get(Account, person.account_id)
    assert {r.value for r in account.roles()} == {"migrant"}
    assert report.receipt_display in client.get("/me").get_data(as_text=True)
    assert client.get(path).status_code == 410


def _token(client, url):
    from tests.conftest import token_from

    return token_from(client.get(url).get_data(as_text=True))


def test_report_for_someone_outside_the_coordinators_communities_is_refused(
    client, db, coordinator, sign_in, post_form, person_data, report_data, other_community
):
    sign_in(coordinator)
    response = post_form("/coordinator/assisted", {**person_data, "consent": "y"})
    html = post_form(
        response.location, report_data(city="3303", county="330302", township="330302001", community="330302001001")
    ).get_data(as_text=True)
    assert "not one of your communities" in html
    assert db.session.scalar(db.select(ResidenceReport)) is None


def test_another_coordinator_cannot_continue_someone_elses_assisted_registration(
    client, db, coordinator, create_account, community, sign_in, post_form, person_data
):
    sign_in(coordinator)
    response = post_form("/coordinator/assisted", {**person_data, "consent": "y"})
    sign_in(create_account("coordinator", place=community))
    assert client.get(response.location).status_code == 404


def test_the_assisted_report_shows_every_error_at_once(
    client, db, coordinator, sign_in, post_form, person_data, report_data
):
    """A form error (no road) and a database one (a rental code nobody has) in the same round, nothing saved."""
    sign_in(coordinator)
    response = post_form("/coordinator/assisted", {**person_data, "consent": "y"})
    html = post_form(response.location, report_data(road="", housing_type="rental", landlord="ZZZZ-ZZZZ")).get_data(
        as_text=True
    )
    assert 'id="road-error"' in html and 'id="landlord-error"' in html
    assert html.count('<div class="error-summary"') == 1
    assert db.session.scalar(db.select(ResidenceReport)) is None
