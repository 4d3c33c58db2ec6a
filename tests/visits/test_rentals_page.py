"""Rentals to see to at a visit have a page of their own (/coordinator/rentals): addresses whose tenants named a
landlord not on Xinju yet, and registered rentals nobody lives in. The caseload page links to it and asks nothing
about rentals (it would read every rental and tenancy of the communities, not only the open cases)."""

from datetime import date

import pytest

from tests.support import factories
from tests.support.statements import statements_sent
from webapp.rentals.models import Tenancy


@pytest.fixture
def rentals(db, community, create_account):
    """Three rentals of one landlord in the community: one lived in, one whose only tenancy was denied, one never
    let; each at its own road."""
    landlord = create_account("landlord")
    made = []
    for road in ("人民路", "解放路", "和平路"):
        rental = factories.create_rental(landlord, community)
        rental.road = road
        made.append(rental)
    tenant = factories.create_person(name="赵六")
    db.session.add_all(
        [
            Tenancy(person=tenant, property=made[0], started_on=date(2026, 7, 1), status="confirmed"),
            Tenancy(person=tenant, property=made[1], started_on=date(2026, 6, 1), status="denied"),
        ]
    )
    db.session.commit()
    return made


def test_rentals_with_no_tenant_are_listed_for_their_community(client, coordinator, sign_in, rentals):
    sign_in(coordinator)
    html = client.get("/coordinator/rentals").get_data(as_text=True)
    assert "Rentals with no registered tenant" in html
    assert "解放路" in html and "和平路" in html  # the denied tenancy does not count as someone living there
    assert "人民路" not in html
    assert "No tenant in your communities is waiting for a landlord who is not on Xinju." in html


def test_the_caseload_links_to_the_page_and_asks_nothing_about_rentals(client, db, coordinator, sign_in, rentals):
    sign_in(coordinator)
    with statements_sent(db.engine) as statements:
        html = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/coordinator/rentals"' in html and "和平路" not in html
    assert not [s for s in statements if "rental_property" in s.lower() or "'unlinked'" in s.lower()]


def test_another_communitys_coordinator_sees_none_of_them(client, create_account, other_community, sign_in, rentals):
    sign_in(create_account("coordinator", place=other_community))
    html = client.get("/coordinator/rentals").get_data(as_text=True)
    assert "解放路" not in html and "和平路" not in html
    assert "Every registered rental in your communities has a tenant." in html


@pytest.mark.parametrize("role", ["migrant", "landlord", "officer"])
def test_only_a_coordinator_may_open_it(client, create_account, community, sign_in, rentals, role):
    sign_in(create_account(role, place=community) if role == "officer" else create_account(role))
    assert client.get("/coordinator/rentals").status_code in (403, 404)


def test_signed_out_it_asks_to_sign_in(client, rentals):
    response = client.get("/coordinator/rentals")
    assert response.status_code in (302, 303) and "/signin" in response.headers["Location"]


def test_it_reads_in_chinese(client, coordinator, sign_in, rentals):
    sign_in(coordinator)
    html = client.get("/coordinator/rentals", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "Rentals" not in html.split("<main", 1)[1]
