"""Permits about to lapse in a coordinator's communities: the nearest deadlines on the caseload's first page, all of
them a page at a time on /coordinator/permits, read as light rows (the rules' verdict is the ORM permit's)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.support import factories
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.permits import rules
from webapp.permits.models import Endorsement
from webapp.visits import caseload

#: The day these tests stand on (the lists depend on it).
TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def on_the_day():
    with clock.pinned_at(TODAY):
        yield


def permit_numbers(html: str) -> list[str]:
    return re.findall(r'<span class="code">(\d+)</span>', html)


@pytest.fixture
def lapsing_world(db, community):
    """25 people of the community, each with a permit ending 1…25 days from today (made in reverse order), and
    two that are not about to lapse (ending in 60 days; revoked)."""
    reports = factories.create_reports(community, 27)
    numbers = {}
    for k, report in enumerate(reversed(reports[:25])):
        days = 25 - k
        number = f"3703{days:08d}"
        factories.create_permit(
            report, number=number, issued=TODAY - timedelta(days=300), valid_until=TODAY + timedelta(days=days)
        )
        numbers[days] = number
    factories.create_permit(
        reports[25], number="370399990001", issued=TODAY - timedelta(days=300), valid_until=TODAY + timedelta(days=60)
    )
    factories.create_permit(
        reports[26],
        number="370399990002",
        issued=TODAY - timedelta(days=300),
        valid_until=TODAY + timedelta(days=3),
        revoked=TODAY - timedelta(days=1),
    )
    return [numbers[d] for d in range(1, 26)]


def test_the_caseload_links_to_them_and_asks_nothing_about_permits(client, db, coordinator, sign_in, lapsing_world):
    """The caseload page (the coordinator's most used page) only links to the list: finding the permits asks about
    every resident of the communities."""
    from tests.support.statements import statements_sent

    sign_in(coordinator)
    with statements_sent(db.engine) as statements:
        html = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/coordinator/permits"' in html and permit_numbers(html) == []
    assert not [s for s in statements if "permit" in s.lower()]


def test_every_permit_about_to_lapse_a_page_at_a_time(client, db, coordinator, sign_in, lapsing_world, monkeypatch):
    monkeypatch.setattr(caseload, "LAPSING_PAGE_SIZE", 10)
    sign_in(coordinator)
    pages = [client.get(f"/coordinator/permits?page={n}") for n in (1, 2, 3)]
    assert all(page.status_code == 200 for page in pages)
    shown = [number for page in pages for number in permit_numbers(page.get_data(as_text=True))]
    assert shown == lapsing_world
    assert "370399990001" not in str(shown) and "370399990002" not in str(shown)  # ends in 60 days; revoked
    # Only the people shown are in their "who has looked" lists: 10 a page.
    seen = select(func.count()).where(
        AuditEvent.action == "record.viewed", AuditEvent.details["what"].as_string() == "permit"
    )
    assert db.session.scalar(seen) == 25
    assert "25 permits in your communities need endorsing or renewing soon" in pages[0].get_data(as_text=True)
    assert "Page 3 of 3" in pages[2].get_data(as_text=True)
    # A page past the end shows the last one, never an error.
    assert permit_numbers(client.get("/coordinator/permits?page=99").get_data(as_text=True)) == lapsing_world[20:]
    assert permit_numbers(client.get("/coordinator/permits?page=x").get_data(as_text=True)) == lapsing_world[:10]


def test_another_communitys_coordinator_sees_none_of_them(
    client, create_account, other_community, sign_in, lapsing_world
):
    sign_in(create_account("coordinator", place=other_community))
    for path in ("/coordinator", "/coordinator/permits"):
        response = client.get(path)
        assert response.status_code == 200
        assert permit_numbers(response.get_data(as_text=True)) == []


def test_a_migrant_cannot_open_the_list(client, migrant, sign_in, lapsing_world):
    sign_in(migrant)
    assert client.get("/coordinator/permits").status_code in (403, 404)


def test_the_light_rows_get_the_rules_verdict(db, community):
    """An endorsed-yearly permit in its window is listed until the year is endorsed; the light row's state is the
    ORM permit's state on every day around the window."""
    report = factories.create_reports(community, 1)[0]
    permit = factories.create_permit(report, profile="national-2016", issued=date(2025, 6, 25))
    window = rules.state_on(permit, TODAY).window
    assert window is not None and window[0] <= TODAY <= window[1]
    listed = caseload.lapsing_permits([community.id], TODAY)
    assert [found.number for found, _state in listed] == [permit.number]
    light, state = listed[0]
    for day in (window[0] - timedelta(days=1), window[0], TODAY, window[1], window[1] + timedelta(days=1)):
        assert rules.state_on(light, day, set()) == rules.state_on(permit, day)
    db.session.add(Endorsement(permit=permit, year=state.endorse_year, endorsed_on=TODAY))
    db.session.commit()
    assert caseload.lapsing_permits([community.id], TODAY) == []
    assert rules.state_on(light, TODAY, {state.endorse_year}) == rules.state_on(permit, TODAY)
