"""The signed-in start page: each role's cards, and only those (the template reads the roles once)."""

import pytest

#: Each role's cards, by endpoint (the account page's card is everyone's).
ENDPOINTS = {
    "migrant": ["registrations.home", "permits.card", "services.catalogue", "guide.index", "vacancies.board"],
    "landlord": ["rentals.home"],
    "employer": ["employers.home", "vacancies.mine"],
    "coordinator": ["visits.caseload", "enrolment.recovery"],
    "officer": ["services.queue", "vacancies.queue", "enrolment.organisations"],  # hrss: postings, handovers
    "admin": ["admin.home", "enrolment.invite", "enrolment.recovery"],
}


def card_links(html: str) -> set[str]:
    import re

    return set(re.findall(r'<li class="card"><a href="([^"]+)"', html))


@pytest.mark.parametrize("role", sorted(ENDPOINTS))
def test_each_role_sees_its_cards(app, client, create_account, create_place, sign_in, role):
    from flask import url_for

    place = create_place("370303001001") if role == "coordinator" else create_place("370303")
    sign_in(create_account(role, place=place, department="hrss" if role == "officer" else None))
    html = client.get("/").get_data(as_text=True)
    with app.test_request_context():
        expected = {url_for(endpoint) for endpoint in ENDPOINTS[role]} | {url_for("accounts.account")}
    assert card_links(html) == expected


def test_a_public_security_officer_sees_the_permit_queue_too(app, client, create_account, create_place, sign_in):
    sign_in(create_account("officer", place=create_place("370303"), department="public_security"))
    assert {"/officer/requests", "/officer/permits"} <= card_links(client.get("/").get_data(as_text=True))


def test_several_roles_see_all_their_cards_once(app, client, create_account, create_place, sign_in):
    from flask import url_for

    sign_in(create_account("migrant", "landlord", "coordinator", place=create_place("370303001001")))
    html = client.get("/").get_data(as_text=True)
    with app.test_request_context():
        expected = {url_for(e) for role in ("migrant", "landlord", "coordinator") for e in ENDPOINTS[role]}
        assert card_links(html) == expected | {url_for("accounts.account")}
        assert html.count(f'href="{url_for("enrolment.recovery")}"') == 1
