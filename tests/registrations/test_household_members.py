"""A head of household registers a husband, a wife or a child at their own address: the member's own report, at the
same home (the landlord asked to confirm them too), living with family, owned by the head."""

from datetime import date, timedelta

import pytest

from tests.people.test_household_qa_household import member
from tests.support.forms import errors_shown
from webapp import clock
from webapp.people.models import Person
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def head(migrant, sign_in):
    return sign_in(migrant)


@pytest.fixture
def child(db, head, post_form):
    assert post_form("/me/household/new", member()).status_code == 302
    return db.session.scalar(db.select(Person).where(Person.name == "王小明"))


def reports_of(db, person) -> list[ResidenceReport]:
    return db.session.scalars(db.select(ResidenceReport).where(ResidenceReport.person_id == person.id)).all()


def test_the_head_registers_a_child_at_their_own_rental(
    client, db, head, child, landlord, community, create_rental, post_form, report_data, submit_report
):
    assert "Once your own address is registered" in client.get("/me/household").get_data(as_text=True)
    assert client.get(f"/me/household/{child.id}/register").status_code == 302  # nothing to register them at yet
    rental = create_rental(landlord, community, rooms=("101",))
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    home = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.person_id != child.id))
    page = client.get("/me/household").get_data(as_text=True)
    assert f"/me/household/{child.id}/register" in page

    refused = post_form(f"/me/household/{child.id}/register", {"arrival_date": ""})
    html = refused.get_data(as_text=True)
    assert errors_shown(html, "arrival_date", "Enter the date they started living here")
    assert errors_shown(html, "confirm", "Tick the box")
    assert reports_of(db, child) == []  # nothing half-saved

    arrived = (clock.today() - timedelta(days=2)).isoformat()
    done = post_form(f"/me/household/{child.id}/register", {"arrival_date": arrived, "confirm": "y"})
    assert done.status_code == 302
    [report] = reports_of(db, child)
    assert (report.place_id, report.road, report.room, report.reason) == (home.place_id, home.road, "101", "family")
    assert report.tenancy.property_id == rental.id and report.tenancy.status == "pending"  # the landlord confirms
    assert report.submitted_by_id == head.id
    assert client.get(done.location).status_code == 200  # the head reads the child's receipt
    assert "Registered at your address" in client.get("/me/household").get_data(as_text=True)
    again = post_form(f"/me/household/{child.id}/register", {"arrival_date": arrived, "confirm": "y"}, page="/me")
    assert again.status_code == 302 and len(reports_of(db, child)) == 1  # a second tap registers nothing more


def test_only_the_heads_own_members(client, db, child, create_account, create_person, sign_in, post_form):
    other = create_account("migrant")
    create_person(other, name="张三", birth=date(1991, 2, 3))
    sign_in(other)
    assert client.get(f"/me/household/{child.id}/register").status_code == 404
    data = {"arrival_date": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/me/household/{child.id}/register", data, page="/me").status_code == 404
    assert reports_of(db, child) == []
