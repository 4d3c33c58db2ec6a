"""Every staff screen that shows a person shows their ID number masked and no mobile number without consent: a
coordinator's pages and field-mode download, the permit and service officers' queues and cases."""

import pytest

from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport

PHONE = "13812345678"


@pytest.fixture
def world(db, cases, applicant, create_account, community, sign_in, post_form):
    person = db.session.scalar(db.select(Person).where(Person.account_id == applicant.id))
    person.phone = PHONE  # given on the profile, without the consent to be called
    db.session.commit()
    application, request, _own = cases
    report = db.session.scalar(db.select(ResidenceReport))
    return person, report, application, request


def test_no_staff_screen_shows_a_whole_id_number_or_an_unconsented_phone(
    client, db, world, create_account, community, police, hrss, sign_in
):
    person, report, application, request = world
    number = person.id_number
    assert number and person.masked_id and person.masked_id != number
    coordinator = create_account("coordinator", place=community)
    pages = {
        coordinator: [
            "/coordinator",
            "/coordinator/rentals",
            "/coordinator/permits",
            f"/coordinator/visits/{report.receipt}",
            "/coordinator/caseload.json",
            "/coordinator/hires",
            "/coordinator/corrections",
            "/coordinator/identity-claims",
            "/coordinator/conflicts",
            "/field",
        ],
        police: ["/officer/permits", f"/officer/permits/{application.id}", "/officer/corrections"],
        hrss: ["/officer/requests", f"/officer/requests/{request.reference}"],
    }
    shown_masked = 0
    for account, addresses in pages.items():
        sign_in(account)
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, address
            body = response.get_data(as_text=True)
            assert number not in body, address
            assert PHONE not in body and "138 1234 5678" not in body, address
            shown_masked += person.masked_id in body
    assert shown_masked >= 3  # the person is on these screens, masked
