"""What an officer handling a case sees: the person's phone on request (logged), the residence report of a person
whose case they work on (and no other), only their own department's links, and queues paged over everything."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tests.permits.test_permits_http import photo_with_location
from tests.support.factories import apply_for_permit
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.permits.models import PermitApplication
from webapp.privacy import consent
from webapp.registrations.models import ResidenceReport
from webapp.services.models import ServiceRequest

#: A link to one application's review page.
APPLICATION_LINK = re.compile(r'href="/officer/permits/\d+"')


def phone_views(db) -> list[AuditEvent]:
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    return [e for e in events if e.details.get("what") == "phone"]


def test_the_phone_is_shown_on_request_and_logged(
    client, db, service_request, hrss_officer, sign_in, post_form, migrant
):
    consent.give(migrant, "phone_contact")  # the person agreed to be called (webapp/privacy)
    sign_in(hrss_officer)
    url = f"/officer/requests/{service_request.reference}"
    page = client.get(url).get_data(as_text=True)
    assert "Show phone number" in page and "13800000000" not in page
    assert phone_views(db) == []
    shown = post_form(f"{url}/phone", page=url)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert 'href="tel:13800000000"' in html and "Show phone number" not in html
    (event,) = phone_views(db)
    assert (event.actor_id, event.subject_person_id, event.reason) == (
        hrss_officer.id,
        service_request.person_id,
        "service request",
    )
    assert event.details["request"] == service_request.reference


def test_without_the_persons_consent_the_phone_is_not_shown(
    client, db, service_request, hrss_officer, sign_in, post_form
):
    sign_in(hrss_officer)
    url = f"/officer/requests/{service_request.reference}"
    page = client.get(url).get_data(as_text=True)
    assert "has not agreed to be called" in page and "Show phone number" not in page
    shown = post_form(f"{url}/phone", page=url).get_data(as_text=True)
    assert "13800000000" not in shown and phone_views(db) == []


@pytest.mark.parametrize(("county", "department"), [("330302", "hrss"), ("370303", "education")])
def test_another_county_or_department_cannot_see_the_phone(
    client, db, service_request, create_account, create_place, sign_in, post_form, county, department
):
    page = f"/officer/requests/{service_request.reference}"
    sign_in(create_account("officer", place=create_place(county), department=department))
    assert post_form(f"{page}/phone", page="/").status_code == 404
    assert phone_views(db) == []


def test_the_officer_opens_the_residence_report_of_the_request(client, db, service_request, hrss_officer, sign_in):
    sign_in(hrss_officer)
    report = db.session.scalar(db.select(ResidenceReport))
    page = client.get(f"/officer/requests/{service_request.reference}").get_data(as_text=True)
    assert f"/reports/{report.receipt}" in page
    receipt = client.get(f"/reports/{report.receipt}")
    assert receipt.status_code == 200
    viewed = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    assert any(e.details.get("what") == "residence_report" and e.actor_id == hrss_officer.id for e in viewed)


@pytest.mark.parametrize(("county", "department"), [("330302", "hrss"), ("370303", "education")])
def test_an_officer_of_another_county_or_department_cannot_open_the_report(
    client, db, service_request, create_account, create_place, sign_in, county, department
):
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(create_account("officer", place=create_place(county), department=department))
    assert client.get(f"/reports/{report.receipt}").status_code == 404


def test_the_permit_officers_link_to_the_report_works(
    client, db, migrant, create_account, create_place, community, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    photo = photo_with_location()
    apply_for_permit(post_form, photo=photo, residence_proof=photo, employment_proof=photo)
    application = db.session.scalar(db.select(PermitApplication))
    receipt_url = f"/reports/{application.report.receipt}"

    sign_in(create_account("officer", place=create_place("370303"), department="public_security"))
    assert receipt_url in client.get(f"/officer/permits/{application.id}").get_data(as_text=True)
    assert client.get(receipt_url).status_code == 200
    # Public security of another county, or another department of the same county, is refused.
    sign_in(create_account("officer", place=create_place("330302"), department="public_security"))
    assert client.get(receipt_url).status_code == 404
    sign_in(create_account("officer", place=create_place("370303"), department="education"))
    assert client.get(receipt_url).status_code == 404


def test_an_officer_sees_only_the_links_of_their_department(
    client, hrss_officer, create_account, create_place, sign_in
):
    sign_in(hrss_officer)
    home = client.get("/").get_data(as_text=True)
    assert "/officer/requests" in home and "/officer/permits" not in home
    sign_in(create_account("officer", place=create_place("370303"), department="public_security"))
    home = client.get("/").get_data(as_text=True)
    assert "/officer/requests" in home and "/officer/permits" in home


def test_the_request_queue_is_paged_with_counts_over_everything(
    client, db, service_request, hrss_officer, create_place, sign_in
):
    today, county = clock.today(), service_request.county
    for n in range(119):
        db.session.add(
            ServiceRequest(
                person_id=service_request.person_id,
                service_code="job_referral",
                department="hrss",
                county=county,
                status="completed" if n < 30 else "submitted",
                target_date=today - relativedelta(days=1) if n >= 110 else today + relativedelta(days=n),
            )
        )
    db.session.add(  # another department's: not counted
        ServiceRequest(
            person_id=service_request.person_id,
            service_code="x",
            department="education",
            county=county,
            target_date=today,
        )
    )
    db.session.commit()
    sign_in(hrss_officer)
    first = client.get("/officer/requests").get_data(as_text=True)
    assert "Page 1 of 3" in first and first.count('href="/officer/requests/') == 50
    assert "<strong>90</strong> open" in first and "<strong>9</strong> open past" in first
    assert "<strong>120</strong> in all" in first
    # One person's requests for one service, told apart by their references.
    shown = db.session.scalars(db.select(ServiceRequest).where(ServiceRequest.department == "hrss")).all()
    assert sum(r.reference_display in first for r in shown) == 50
    last = client.get("/officer/requests?page=3").get_data(as_text=True)
    assert "Page 3 of 3" in last and last.count('href="/officer/requests/') == 20
    assert last.count("Completed") == 20  # the closed ones come last
    past_the_end = client.get("/officer/requests?page=9").get_data(as_text=True)  # the list shrank: the last page
    assert "Page 3 of 3" in past_the_end and past_the_end.count('href="/officer/requests/') == 20
    for before in ("0", "-2", "x"):
        assert "Page 1 of 3" in client.get(f"/officer/requests?page={before}").get_data(as_text=True)


def test_the_permit_queue_is_paged_with_counts_over_everything(
    client, db, migrant, create_account, create_place, community, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    report, today = db.session.scalar(db.select(ResidenceReport)), clock.today()
    county = create_place("370303")
    for n in range(60):
        db.session.add(
            PermitApplication(
                person_id=report.person_id,
                report_id=report.id,
                county=county,
                permit_type="standard",
                profile_id="national-2016",
                status="missing" if n < 5 else "approved" if n < 10 else "submitted",
                target_date=today - relativedelta(days=1) if n >= 57 else today + relativedelta(days=n),
            )
        )
    db.session.commit()
    sign_in(create_account("officer", place=county, department="public_security"))
    first = client.get("/officer/permits").get_data(as_text=True)
    assert "Page 1 of 1" not in first and "Page 1 of 2" in first
    assert len(APPLICATION_LINK.findall(first)) == 50  # the applications' links (not "Decided applications")
    assert "<strong>55</strong> waiting" in first and "<strong>3</strong> overdue" in first
    assert "<strong>5</strong> waiting for documents" in first
    second = client.get("/officer/permits?page=2").get_data(as_text=True)
    assert len(APPLICATION_LINK.findall(second)) == 5
    past_the_end = client.get("/officer/permits?page=7").get_data(as_text=True)  # the queue shrank: the last page
    assert "Page 2 of 2" in past_the_end and len(APPLICATION_LINK.findall(past_the_end)) == 5
    assert "Page 1 of 2" in client.get("/officer/permits?page=-4").get_data(as_text=True)


@pytest.mark.parametrize(
    ("department", "url", "empty"),
    [
        ("hrss", "/officer/requests", "No requests."),
        ("public_security", "/officer/permits", "No applications waiting."),
    ],
)
def test_an_empty_queue_is_one_page_saying_so(
    client, db, create_account, create_place, community, sign_in, department, url, empty
):
    sign_in(create_account("officer", place=create_place("370303"), department=department))
    for page in ("", "?page=3", "?page=-1"):
        html = client.get(url + page).get_data(as_text=True)
        assert empty in html and "<strong>0</strong>" in html and "Page 2" not in html


def request_views(db) -> list[AuditEvent]:
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    return [e for e in events if e.details.get("what") == "service_request"]


def test_an_answer_sent_back_with_errors_logs_the_look(client, db, service_request, hrss_officer, sign_in, post_form):
    """Without a GET first: the answer comes back with its error and the person's details, so the look is in their
    "who has looked" as a GET's is."""
    sign_in(hrss_officer)
    url = f"/officer/requests/{service_request.reference}"
    response = post_form(url, {"handle-status": "no-such-status"}, page="/account")
    assert response.status_code == 200 and 'id="handle-status-error"' in response.get_data(as_text=True)
    (event,) = request_views(db)
    assert (event.actor_id, event.subject_person_id) == (hrss_officer.id, service_request.person_id)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, service_request.id).status == service_request.status


def test_a_case_closed_long_ago_no_longer_opens_the_persons_residence_report(
    client, db, service_request, hrss_officer, sign_in
):
    """Open, or closed within the 60 days a decision can be challenged (retention.toml [access]): the officer may see
    where the person lives; a case closed longer ago gives no access."""
    from webapp.services import service

    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(hrss_officer)
    service.answer(service_request, hrss_officer, "refused", "不符合条件")
    closed = clock.instant()
    for days, status in ((59, 200), (61, 404)):
        with clock.pinned_at(closed + timedelta(days=days)):
            sign_in(hrss_officer)  # a session of that day
            assert client.get(f"/reports/{report.receipt}").status_code == status, days


def test_a_permit_decided_long_ago_no_longer_opens_the_residence_report(
    client, db, migrant, create_account, create_place, community, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    photo = photo_with_location()
    apply_for_permit(post_form, photo=photo, residence_proof=photo, employment_proof=photo)
    application = db.session.scalar(db.select(PermitApplication))
    receipt_url = f"/reports/{application.report.receipt}"
    officer = create_account("officer", place=create_place("370303"), department="public_security")
    application.status, application.decided_at = "refused", clock.utcnow()
    db.session.commit()
    decided = clock.instant()
    for days, status in ((59, 200), (61, 404)):
        with clock.pinned_at(decided + timedelta(days=days)):
            sign_in(officer)
            assert client.get(receipt_url).status_code == status, days
