"""QA of a residence report's page and the migrant's home (reviewer's findings):

1. "You can apply for a residence permit now" comes with the link to apply, for the person themself only (not staff,
   not the head of a household reading a member's report: only the person applies, /me/permit/apply);
2. once a landlord joined with the mobile number the tenant gave, the tenant's report says so and links to the offer
   ("is this your landlord?"), instead of "not on Xinju yet" and the QR code to show the landlord;
3. a coordinator's note is said once, under "who said what", not in each of its rows;
4. staff reading a report have a back link (the page they opened it from, else their own list); so has the
   catalogue of public services.
"""

import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tests.people.test_household_qa_household import member
from tests.support.factories import apply_for_permit, id_number
from webapp import clock
from webapp.people.models import Person
from webapp.permits import service as permits
from webapp.permits.models import PermitApplication
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy

pytestmark = pytest.mark.usefixtures("test_day")

APPLY = 'href="/me/permit/apply"'
PHONE = "13800001111"


def back_link(html: str) -> str | None:
    found = re.search(r'<a class="back-link" href="([^"]*)"', html)
    return found.group(1) if found else None


@pytest.fixture
def eligible(db, migrant, sign_in, report_data, submit_report):
    """Living in her own home in Zibo for seven months: she may apply for a permit (national rules)."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    report = db.session.scalar(db.select(ResidenceReport))
    assert permits.permit_decision(report) is not None
    return report


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community)


@pytest.fixture
def officer(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security")


# 1. The permit: "you can apply now", and where.


def test_the_person_who_may_apply_is_given_the_link_in_both_languages(client, eligible, post_form):
    for page in ("/me", f"/reports/{eligible.receipt}"):
        html = client.get(page).get_data(as_text=True)
        assert "You can apply for a residence permit now" in html, page
        assert f"{APPLY}>Apply for a residence permit</a>" in html, page
    client.set_cookie("lang", "zh")
    for page in ("/me", f"/reports/{eligible.receipt}"):
        html = client.get(page).get_data(as_text=True)
        assert "您现在可以申领居住证" in html and f"{APPLY}>申领居住证</a>" in html, page
    assert client.get("/me/permit/apply").status_code == 200  # the link leads to the form, not back with a notice

    assert apply_for_permit(post_form).status_code == 302
    html = client.get("/me").get_data(as_text=True)
    assert APPLY not in html and 'href="/me/permit"' in html  # applied: "see your application" instead


def test_no_link_for_someone_who_cannot_apply_yet(client, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())  # arrived yesterday
    html = client.get("/me").get_data(as_text=True)
    assert "You can apply for a residence permit from" in html and APPLY not in html


def test_staff_reading_the_report_are_not_offered_the_application(client, eligible, coordinator, sign_in):
    sign_in(coordinator)
    html = client.get(f"/reports/{eligible.receipt}").get_data(as_text=True)
    assert "What the rules say" in html and APPLY not in html


def test_the_head_of_a_household_is_not_offered_a_members_application(client, db, eligible, post_form):
    spouse = member(
        relation="spouse",
        name="李伟",
        birth_date="1988-01-02",
        id_number=id_number(date(1988, 1, 2), sequence=321),
        guardian_consent="",
    )
    assert post_form("/me/household/new", spouse).status_code == 302
    person = db.session.scalar(db.select(Person).where(Person.name == "李伟"))
    arrived = eligible.arrival_date.isoformat()
    done = post_form(f"/me/household/{person.id}/register", {"arrival_date": arrived, "confirm": "y"})
    assert done.status_code == 302
    report = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.person_id == person.id))
    assert permits.permit_decision(report) is not None  # he may apply: only he can, with an account of his own
    html = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "What this means for 李伟" in html and APPLY not in html


# 2. The landlord joined with the number the tenant gave.


@pytest.fixture
def waiting_report(db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    renter = {"housing_type": "rental", "landlord": PHONE, "landlord_name": "张三", "building": "5栋", "room": "302"}
    assert submit_report(report_data(**renter)).status_code == 200
    return db.session.scalar(db.select(ResidenceReport))


def register_the_rental(client, create_account, sign_in, post_form):
    landlord = sign_in(create_account("landlord", display_name="张三"))
    data = {
        "city": "3703",
        "county": "370303",
        "township": "370303001",
        "community": "370303001001",
        "road": "人民路",
        "number": "18号",
        "building": "5栋",
        "unit": "",
        "rooms": "301, 302",
        "landlord_phone": PHONE,
    }
    assert post_form("/landlord/properties/new", data, follow_redirects=True).status_code == 200
    return landlord


def test_the_tenant_is_told_the_landlord_joined_and_asked_to_confirm(
    client, db, migrant, waiting_report, create_account, sign_in, post_form
):
    landlord = register_the_rental(client, create_account, sign_in, post_form)
    tenancy = db.session.get(Tenancy, waiting_report.tenancy_id)
    assert tenancy.offered_property_id is not None and tenancy.status == "unlinked"
    offer = f'href="/me/landlord-offers/{tenancy.id}"'

    sign_in(migrant)
    html = client.get(f"/reports/{waiting_report.receipt}").get_data(as_text=True)
    assert "Confirm your landlord" in html and offer in html
    assert "张三 joined Xinju as a landlord with the mobile number you gave for yours." in html
    assert "Landlord's answer: Waiting for you to confirm your landlord" in html
    assert html.count("Joined Xinju: waiting for your answer") == 3  # the landlord's column: address, room, kind
    assert "Landlord not on Xinju yet" not in html and "Not on Xinju yet" not in html
    assert "Show your landlord how to join" not in html and "/landlord/join" not in html
    client.set_cookie("lang", "zh")
    html = client.get(f"/reports/{waiting_report.receipt}").get_data(as_text=True)
    assert "确认您的房东" in html and "等待您确认房东" in html and offer in html
    assert "房东还没有使用新居" not in html

    # Not the landlord's: the offer is gone, and the page shows how to invite the landlord again.
    client.set_cookie("lang", "en")
    assert post_form(f"/me/landlord-offers/{tenancy.id}", {"answer": "decline"}).status_code == 302
    html = client.get(f"/reports/{waiting_report.receipt}").get_data(as_text=True)
    assert "Confirm your landlord" not in html and offer not in html
    assert "Landlord not on Xinju yet" in html and "/landlord/join" in html
    assert landlord.id  # (the landlord is kept: nothing else changed)


def test_no_offer_from_a_landlord_who_deleted_their_account(
    client, db, migrant, waiting_report, create_account, sign_in, post_form
):
    landlord = register_the_rental(client, create_account, sign_in, post_form)
    landlord.deactivated_at = clock.utcnow()
    db.session.commit()
    sign_in(migrant)
    html = client.get(f"/reports/{waiting_report.receipt}").get_data(as_text=True)
    assert "Confirm your landlord" not in html and "/me/landlord-offers/" not in html
    assert "Landlord not on Xinju yet" in html


# 3. The coordinator's note, once.

NOTE_EN = "Checked the ID card and the lease in person."
NOTE_ZH = "已当面核实身份证和租赁合同。"


def visited(db, report, coordinator, notes, days_ago=0):
    report = db.session.get(ResidenceReport, report.id)
    lifecycle.verified(report, coordinator, notes=notes, at=clock.utcnow() - timedelta(days=days_ago))
    db.session.commit()


def test_the_coordinators_note_is_said_once_under_the_table(client, db, eligible, coordinator):
    visited(db, eligible, coordinator, NOTE_ZH)
    html = client.get(f"/reports/{eligible.receipt}").get_data(as_text=True)
    assert html.count("Seen and confirmed") == 6  # each row: what the coordinator did
    assert html.count(NOTE_ZH) == 1
    assert f"Coordinator's note: {NOTE_ZH}" in html
    client.set_cookie("lang", "zh")
    html = client.get(f"/reports/{eligible.receipt}").get_data(as_text=True)
    assert html.count(NOTE_ZH) == 1 and f"协管员的备注：{NOTE_ZH}" in html
    assert html.count("已当面核实") == 7  # six rows' "seen and confirmed", then the note once


def test_a_visit_without_a_note_says_no_note(client, db, eligible, coordinator):
    visited(db, eligible, coordinator, "")
    html = client.get(f"/reports/{eligible.receipt}").get_data(as_text=True)
    assert html.count("Seen and confirmed") == 6 and "Coordinator's note" not in html


def test_staff_read_the_note_once_too(client, db, eligible, coordinator, sign_in):
    visited(db, eligible, coordinator, NOTE_EN)
    sign_in(coordinator)
    html = client.get(f"/reports/{eligible.receipt}").get_data(as_text=True)
    assert html.count(NOTE_EN) == 1 and f"Coordinator's note: {NOTE_EN}" in html


# 4. Back links.


def test_the_persons_own_report_leads_back_to_their_residence(client, eligible):
    assert back_link(client.get(f"/reports/{eligible.receipt}").get_data(as_text=True)) == "/me"


def test_the_officer_goes_back_to_the_application_they_came_from(client, db, eligible, officer, sign_in, post_form):
    assert apply_for_permit(post_form).status_code == 302
    application = db.session.scalar(db.select(PermitApplication))
    sign_in(officer)
    review = f"/officer/permits/{application.id}"
    assert f'href="/reports/{eligible.receipt}"' in client.get(review).get_data(as_text=True)
    page = f"/reports/{eligible.receipt}"
    assert back_link(client.get(page, headers={"Referer": f"http://localhost{review}"}).get_data(as_text=True)) == (
        review
    )
    # Opened otherwise (a new tab, another site, another page): their dashboard.
    for referer in (None, f"http://evil.example{review}", "http://localhost/me", "http://localhost/nowhere"):
        headers = {"Referer": referer} if referer else {}
        assert back_link(client.get(page, headers=headers).get_data(as_text=True)) == "/", referer


def test_the_coordinator_goes_back_to_the_visit_or_the_caseload(client, eligible, coordinator, sign_in):
    sign_in(coordinator)
    page, visit = f"/reports/{eligible.receipt}", f"/coordinator/visits/{eligible.receipt}"
    assert back_link(client.get(page).get_data(as_text=True)) == "/coordinator"
    came_from = client.get(page, headers={"Referer": f"http://localhost{visit}"})
    assert back_link(came_from.get_data(as_text=True)) == visit


def test_the_public_services_page_leads_back_home(client, eligible):
    html = client.get("/me/services").get_data(as_text=True)
    assert back_link(html) == "/me" and ">Back</a>" in html
    client.set_cookie("lang", "zh")
    assert back_link(client.get("/me/services").get_data(as_text=True)) == "/me"
