"""Assisted registration: the coordinator registers someone in person, with consent, and hands over a claim link."""

import re

from webapp.accounts.models import Account, RoleGrant
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


def options_of(html: str, name: str) -> list[str]:
    """The codes a place list offers (its "Choose…" left out)."""
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return [v for v in re.findall(r'<option (?:selected )?value="([^"]*)"', select) if v]


def selected_in(html: str, name: str) -> str | None:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    found = re.search(r'<option selected value="([^"]*)"', select)
    return found.group(1) if found else None


def test_the_place_lists_hold_only_the_coordinators_communities_and_one_is_chosen_already(
    client, db, coordinator, sign_in, post_form, person_data, other_community, create_place
):
    create_place("370303001002", "光明社区")  # a neighbour of the coordinator's community, not theirs
    sign_in(coordinator)
    step_two = post_form("/coordinator/assisted", {**person_data, "consent": "y"}).location
    html = client.get(step_two).get_data(as_text=True)
    assert options_of(html, "city") == ["3703"] and options_of(html, "community") == ["370303001001"]
    assert [selected_in(html, n) for n in ("city", "county", "township", "community")] == [
        "3703",
        "370303",
        "370303001",
        "370303001001",
    ]
    assert 'data-within="370303001001"' in html  # the script's lists are kept to it too


def test_a_coordinator_of_two_cities_chooses_between_them_only(
    client, db, community, create_account, sign_in, post_form, person_data, other_community, report_data, create_place
):
    create_place("3710", "威海市")  # a city where the coordinator has no community
    both = create_account("coordinator", place=community)
    both.grants.append(RoleGrant(role="coordinator", place=other_community))
    db.session.commit()
    sign_in(both)
    step_two = post_form("/coordinator/assisted", {**person_data, "consent": "y"}).location
    html = client.get(step_two).get_data(as_text=True)
    assert options_of(html, "city") == ["3303", "3703"] and not selected_in(html, "city")
    chosen = post_form(
        step_two,
        report_data(city="3303", county="330302", township="330302001", community="330302001001", road="解放路"),
    )
    assert "/claim/" in chosen.get_data(as_text=True)
    assert db.session.scalar(db.select(ResidenceReport)).place_id == other_community.id
