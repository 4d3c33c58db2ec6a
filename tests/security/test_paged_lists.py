"""Lists that grow with the city are read a page at a time (webapp/paging.py, components/pager.html): the
coordinator's rentals (two lists, ?page= and ?empty_page=), hires and identity claims; the landlord's rentals and
one rental's tenants; the employer's postings and who shared their details for one. Page 1 shows 50 and links to
page 2, page 2 the rest, a page number past the end (however big) is the last page, and a list that writes "who
has looked" writes it for the people of the page shown."""

import re
from datetime import date, timedelta

import pytest

from tests.support import factories
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.employers.models import Employment
from webapp.people.models import IdentityClaim, Person
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.services.models import ServiceRequest
from webapp.vacancies.models import Referral, Vacancy

SIZE = 50
N = SIZE + 3
HUGE = "999999999999999999999"


def people(db, n: int, name: str) -> list[Person]:
    """n people without an account (bulk, without the forms), named name000, name001, …"""
    made = [factories.bare_person(f"{name}{i:03d}") for i in range(n)]
    db.session.add_all(made)
    db.session.commit()
    return made


def looked_at(db) -> set[int]:
    """Whose "who has looked" lists have an event."""
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed"))
    return {event.subject_person_id for event in events}


def pages(client, url: str, count, *, param: str = "page") -> tuple[str, str]:
    """Page 1 and page 2 of the list at `url` (`count(html)`: how many of its rows a page shows), checked; and
    the page past the end, which is the last one."""
    join = "&" if "?" in url else "?"
    first = client.get(url).get_data(as_text=True)
    assert count(first) == SIZE, url
    assert 'rel="next"' in first and f"{param}=2" in first, url
    last = client.get(f"{url}{join}{param}=2").get_data(as_text=True)
    assert count(last) == N - SIZE and 'rel="prev"' in last, url
    huge = client.get(f"{url}{join}{param}={HUGE}")
    assert huge.status_code == 200, url
    assert count(huge.get_data(as_text=True)) == N - SIZE, url
    return first, last


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community)


@pytest.fixture
def employer(db, create_account, create_employer, community):
    account = create_account("employer")
    found = create_employer(account)
    found.place = community
    db.session.commit()
    return found


def test_the_coordinators_rentals_page_each_of_its_two_lists(client, db, community, coordinator, sign_in):
    reports = factories.create_reports(community, N, status="submitted", number=lambda i: f"{i:03d}号")
    for report in reports:
        report.tenancy = Tenancy(
            person=report.person, status="unlinked", landlord_name="房东甲", started_on=date(2026, 7, 1)
        )
    landlord = factories.create_account("landlord")
    db.session.add_all(
        RentalProperty(
            landlord=landlord, place=community, road="空房路", number=f"{i:03d}号", landlord_phone="13912345678"
        )
        for i in range(N)
    )
    db.session.commit()
    sign_in(coordinator)

    first, last = pages(client, "/coordinator/rentals", lambda html: html.count("房东甲"))
    assert "和平社区 路 000号" in first and "和平社区 路 052号" in last
    first, last = pages(client, "/coordinator/rentals", lambda html: html.count("空房路"), param="empty_page")
    assert "空房路 000号" in first and "空房路 052号" in last
    # Each list's links keep the page the other list is at.
    both = client.get("/coordinator/rentals?page=2&empty_page=2").get_data(as_text=True)
    assert "page=1&amp;empty_page=2" in both and "empty_page=1&amp;page=2" in both
    zh = client.get("/coordinator/rentals?lang=zh").get_data(as_text=True)
    assert "待登记出租房屋分页" in zh and "无租户出租房屋分页" in zh


def test_the_rentals_to_register_are_one_line_an_address_with_every_name_given(
    client, db, community, coordinator, sign_in
):
    reports = factories.create_reports(community, 3, status="submitted")  # one address: 路 1号
    for report, name in zip(reports, ("房东甲", "房东乙", "房东甲"), strict=True):
        report.tenancy = Tenancy(
            person=report.person, status="unlinked", landlord_name=name, started_on=date(2026, 7, 1)
        )
    db.session.commit()
    sign_in(coordinator)
    html = client.get("/coordinator/rentals").get_data(as_text=True)
    assert html.count("<li>和平社区 路 1号 · landlord: ") == 1 and "3 tenants" in html
    assert html.count("房东甲") == html.count("房东乙") == 1  # each name once


def test_the_hires_to_answer_for_are_paged(client, db, community, coordinator, employer, sign_in):
    workers = people(db, N, "工人")
    db.session.add_all(
        Employment(
            person=worker,
            employer=employer,
            employer_name=employer.name,
            started_on=date(2026, 7, 1),
            source="employer",
            status="pending",
        )
        for worker in workers
    )
    db.session.commit()
    sign_in(coordinator)
    # "Who has looked": the people of each page shown, and no one else.
    client.get("/coordinator/hires")
    assert looked_at(db) == {worker.id for worker in workers[:SIZE]}
    client.get("/coordinator/hires?page=2")
    assert looked_at(db) == {worker.id for worker in workers}
    first, last = pages(client, "/coordinator/hires", lambda html: html.count('href="/coordinator/hires/'))
    assert "工人000" in first and "工人052" in last
    assert "待代为回复的用工报告分页" in client.get("/coordinator/hires?lang=zh").get_data(as_text=True)


def test_the_identity_claims_are_paged_and_only_those_of_the_coordinators_communities(
    client, db, community, other_community, coordinator, create_account, sign_in
):
    claimants = people(db, N, "认领人")
    db.session.add_all(IdentityClaim(claimant=c, place_id=community.id, status="pending") for c in claimants)
    # Another community's claim, a claim decided already, and the coordinator's own claim: never listed.
    elsewhere, decided = people(db, 2, "他处")
    db.session.add(IdentityClaim(claimant=elsewhere, place_id=other_community.id, status="pending"))
    db.session.add(IdentityClaim(claimant=decided, place_id=community.id, status="confirmed"))
    own = factories.create_person(coordinator, name="协管员本人")
    db.session.add(IdentityClaim(claimant=own, place_id=community.id, status="pending"))
    db.session.commit()
    sign_in(coordinator)
    client.get("/coordinator/identity-claims")
    assert looked_at(db) == {c.id for c in claimants[:SIZE]}
    link = 'href="/coordinator/identity-claims/'
    first, last = pages(client, "/coordinator/identity-claims", lambda html: html.count(link))
    assert "认领人000" in first and "认领人052" in last
    assert not any(name in first + last for name in ("他处", "协管员本人"))


def test_an_identity_claim_is_listed_where_the_claimant_lives_now(
    client, db, community, other_community, create_account, sign_in
):
    """As claim_places: the record's community, or the community of the claimant's current report."""
    [report] = factories.create_reports(other_community, 1, status="submitted")
    report.person.name = "住在墨池"
    db.session.add(IdentityClaim(claimant=report.person, place_id=community.id, status="pending"))
    db.session.commit()
    sign_in(create_account("coordinator", place=other_community))
    assert "住在墨池" in client.get("/coordinator/identity-claims").get_data(as_text=True)


def test_the_landlords_rentals_are_paged_apart_from_the_tenants(client, db, landlord, community, sign_in):
    db.session.add_all(
        RentalProperty(
            landlord=landlord, place=community, road="出租路", number=f"{i:03d}号", landlord_phone="13912345678"
        )
        for i in range(N)
    )
    db.session.commit()
    sign_in(landlord)
    first, last = pages(
        client,
        "/landlord",
        lambda html: len(re.findall(r'href="/landlord/properties/\d+"', html)),
        param="properties_page",
    )
    assert "出租路 000号" in first and "出租路 052号" in last
    assert "房屋名单分页" in client.get("/landlord?lang=zh").get_data(as_text=True)


def test_one_rentals_tenants_are_paged_and_only_its_own(client, db, landlord, community, create_rental, sign_in):
    rental = create_rental(landlord, community, rooms=("101",))
    other = create_rental(landlord, community, rooms=("201",), phone="13912345679")
    tenants = people(db, N, "租客")
    db.session.add_all(
        Tenancy(person=tenant, property=rental, started_on=date(2026, 7, 1), status="confirmed") for tenant in tenants
    )
    [neighbour] = people(db, 1, "邻居")
    db.session.add(Tenancy(person=neighbour, property=other, started_on=date(2026, 7, 1), status="confirmed"))
    db.session.commit()
    sign_in(landlord)
    url = f"/landlord/properties/{rental.id}"
    client.get(url)
    assert looked_at(db) == {tenant.id for tenant in tenants[:SIZE]}
    first, last = pages(client, url, lambda html: html.count('href="/landlord/tenancies/'))
    assert "租客000" in first and "租客052" in last and "邻居" not in first + last
    assert f"{url}?page=2" in first


def test_the_employers_postings_are_paged_newest_first(client, db, community, employer, sign_in):
    start = clock.utcnow() - timedelta(days=N)
    db.session.add_all(
        Vacancy(
            employer=employer,
            created_by_id=employer.members[0].account_id,
            title=f"岗位{i:03d}",
            kind="manufacturing",
            place=community,
            county=community.parent.parent,
            wage_min=4000,
            wage_max=5000,
            hours="8 hours a day",
            housing=True,
            how_to_apply="Call 0533-1234567",
            closes_on=clock.today() + timedelta(days=20),
            status="approved",
            created_at=start + timedelta(days=i),
        )
        for i in range(N)
    )
    db.session.commit()
    sign_in(employer.members[0].account)
    first, last = pages(
        client, "/employer/vacancies", lambda html: len(re.findall(r'href="/employer/vacancies/\d+"', html))
    )
    assert "岗位052" in first and "岗位000" in last and "岗位002" in last
    assert "您的招聘信息分页" in client.get("/employer/vacancies?lang=zh").get_data(as_text=True)


def test_the_applicants_who_shared_their_details_are_paged(client, db, community, employer, sign_in):
    vacancy = factories.create_vacancy(employer, community)
    applicants = people(db, N, "求职者")
    for person in applicants:
        request = ServiceRequest(
            person=person,
            service_code="job_referral",
            department="hrss",
            county=community.parent.parent,
            target_date=clock.today(),
        )
        db.session.add(Referral(vacancy=vacancy, person=person, request=request, kind="referral", shared=True))
    db.session.commit()
    sign_in(employer.members[0].account)
    url = f"/employer/vacancies/{vacancy.id}"
    client.get(url)
    assert looked_at(db) == {person.id for person in applicants[:SIZE]}
    first, last = pages(client, url, lambda html: html.count("求职者"))
    assert "求职者000" in first and "求职者052" in last and f"{url}?page=2" in first
