"""A migrant withdraws their own open service request: a confirmation page in plain words, one POST (CSRF, no
JavaScript), refused to anyone else and once the request is closed; the officer's queue, page and inbox, the
dashboards, the assessment's count, the my-data page and both languages follow."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import token_from
from tests.support.factories import create_account, create_place, create_reports
from webapp import clock
from webapp.admin import indicators
from webapp.notifications.models import Notification
from webapp.services import service, statuses
from webapp.services.models import ServiceRequest

W = "withdrawn"


def page_of(found) -> str:
    return f"/me/requests/{found.reference}"


def withdraw_url(found) -> str:
    return f"/me/requests/{found.reference}/withdraw"


def status_of(db, found) -> str:
    db.session.expire_all()
    return db.session.get(ServiceRequest, found.id).status


def offered(html: str) -> list[str]:
    return re.findall(r'name="handle-status"[^>]*value="([a-z_]+)"', html)


def told(db, kind="request.withdrawn") -> list[Notification]:
    return db.session.scalars(select(Notification).where(Notification.kind == kind)).all()


# --- the migrant ----------------------------------------------------------------------------------------------------


def test_an_open_request_offers_withdrawing_after_a_page_in_plain_words(client, db, service_request):
    detail = client.get(page_of(service_request)).get_data(as_text=True)
    assert "Withdraw this request" in detail and f'href="{withdraw_url(service_request)}"' in detail
    confirm = client.get(withdraw_url(service_request))
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "the office will stop working on it" in html and "you can send a new request" in html
    assert f'action="{withdraw_url(service_request)}"' in html and 'name="csrf_token"' in html
    assert "Yes, withdraw this request" in html and "No, keep this request" in html
    assert status_of(db, service_request) == "submitted"  # opening the page changes nothing


def test_withdrawing_closes_the_request_and_the_pages_say_so(client, db, service_request, post_form):
    response = post_form(withdraw_url(service_request))
    assert response.status_code == 302 and response.location == page_of(service_request)
    assert status_of(db, service_request) == W
    detail = client.get(page_of(service_request)).get_data(as_text=True)
    assert "You have withdrawn your request." in detail  # the flash
    assert "Withdrawn by the applicant" in detail and "You withdrew this request on" in detail
    assert "Withdraw this request" not in detail and 'name="body"' not in detail  # no message box, no button
    assert "Answer expected by" not in detail
    listed = client.get("/me/services").get_data(as_text=True)
    assert "Withdrawn by the applicant" in listed
    # A message sent from a page left open is refused politely.
    post = post_form(page_of(service_request), {"body": "还在吗"}, page="/me/services")
    assert post.status_code == 302 and not service_request.messages


def test_the_pages_in_chinese(client, db, service_request, post_form):
    client.set_cookie("lang", "zh")
    confirm = client.get(withdraw_url(service_request)).get_data(as_text=True)
    assert "要撤回这项申请吗？" in confirm and "办理部门将停止办理" in confirm and "可以重新提交申请" in confirm
    assert "确认撤回这项申请" in confirm and "不撤回，保留这项申请" in confirm
    post_form(withdraw_url(service_request))
    detail = client.get(page_of(service_request)).get_data(as_text=True)
    assert "您已撤回这项申请，办理部门将不再办理。" in detail and "申请人已撤回" in detail
    assert "申请人已撤回" in client.get("/me/services").get_data(as_text=True)


def test_sent_twice_it_is_withdrawn_once_and_said(client, db, service_request, hrss_officer, migrant, sign_in):
    sign_in(hrss_officer)
    client.post(
        f"/officer/requests/{service_request.reference}",
        data={
            "handle-csrf_token": token_from(client.get("/officer/requests").get_data(as_text=True)),
            "handle-status": "accepted",
        },
    )
    sign_in(migrant)
    token = token_from(client.get(withdraw_url(service_request)).get_data(as_text=True))
    first = client.post(withdraw_url(service_request), data={"csrf_token": token})
    again = client.post(withdraw_url(service_request), data={"csrf_token": token})
    assert first.status_code == again.status_code == 302 and again.location == page_of(service_request)
    assert "You have withdrawn this request already." in client.get(again.location).get_data(as_text=True)
    assert status_of(db, service_request) == W
    assert len(told(db)) == 1  # the officer is told once
    # The confirmation page of a withdrawn request sends the person back to it, saying why.
    back = client.get(withdraw_url(service_request))
    assert back.status_code == 302 and back.location == page_of(service_request)


@pytest.mark.parametrize(("answer", "reason"), [("completed", ""), ("refused", "不符合条件")])
def test_an_answered_request_cannot_be_withdrawn(
    client, db, service_request, hrss_officer, migrant, sign_in, post_form, answer, reason
):
    sign_in(hrss_officer)
    post_form(f"/officer/requests/{service_request.reference}", {"handle-status": answer, "handle-reason": reason})
    sign_in(migrant)
    detail = client.get(page_of(service_request)).get_data(as_text=True)
    assert "Withdraw this request" not in detail
    assert client.get(withdraw_url(service_request)).status_code == 302
    response = post_form(withdraw_url(service_request), page=page_of(service_request))
    assert response.status_code == 302 and response.location == page_of(service_request)
    html = client.get(response.location).get_data(as_text=True)
    assert "answered already, so it can no longer be withdrawn" in html
    assert status_of(db, service_request) == answer and not told(db)


# --- who may not ----------------------------------------------------------------------------------------------------


def test_another_migrant_cannot_see_or_withdraw_it(client, db, service_request, create_person, sign_in):
    stranger = create_account("migrant")
    create_person(stranger, name="张三")
    sign_in(stranger)
    token = token_from(client.get("/me/services").get_data(as_text=True))
    assert client.get(withdraw_url(service_request)).status_code == 404
    assert client.post(withdraw_url(service_request), data={"csrf_token": token}).status_code == 404
    assert status_of(db, service_request) == "submitted"


@pytest.mark.parametrize("role", ["officer", "landlord", "coordinator", "admin"])
def test_staff_and_landlords_cannot_withdraw_it(client, db, service_request, sign_in, role):
    county = db.session.scalar(select(ServiceRequest.county_id))
    from webapp.places.models import Place

    account = create_account(role, place=db.session.get(Place, county), department="hrss")
    sign_in(account)
    token = token_from(client.get("/").get_data(as_text=True))
    assert client.get(withdraw_url(service_request)).status_code == 403
    assert client.post(withdraw_url(service_request), data={"csrf_token": token}).status_code == 403
    assert status_of(db, service_request) == "submitted"


def test_signed_out_or_without_the_form_token_nothing_changes(client, db, service_request):
    refused = client.post(withdraw_url(service_request), data={})  # no CSRF token: refused, not a 500
    assert refused.status_code == 400
    with client.session_transaction() as session:
        session.clear()
    response = client.post(withdraw_url(service_request), data={})
    assert response.status_code in (302, 400, 401) and "/withdraw" not in (response.location or "")
    assert status_of(db, service_request) == "submitted"


def test_a_reference_that_is_not_there_is_a_404(client, service_request):
    assert client.get("/me/requests/ZZZZZZZZ/withdraw").status_code == 404


# --- the officer ----------------------------------------------------------------------------------------------------


@pytest.fixture
def followed(client, db, service_request, hrss_officer, migrant, sign_in, post_form):
    """The officer accepted the request and wrote on it; then the person withdrew it (left signed in as the
    officer)."""
    sign_in(hrss_officer)
    url = f"/officer/requests/{service_request.reference}"
    post_form(url, {"handle-status": "accepted"})
    post_form(url, {"message-body": "请带身份证"})
    sign_in(migrant)
    post_form(withdraw_url(service_request))
    sign_in(hrss_officer)
    return service_request


def test_the_officers_queue_and_page_say_the_applicant_withdrew_it(client, db, followed, post_form):
    queue = client.get("/officer/requests").get_data(as_text=True)
    assert re.search(r"<strong>0</strong> open<", queue) and "Withdrawn by the applicant" in queue
    url = f"/officer/requests/{followed.reference}"
    html = client.get(url).get_data(as_text=True)
    assert "The applicant withdrew this request on" in html and "nothing more to answer" in html
    assert offered(html) == [] and "Update the request" not in html
    response = post_form(url, {"handle-status": "completed"})  # a page left open
    assert response.status_code == 302 and response.location == url
    assert "The applicant withdrew this request: there is nothing to answer." in client.get(url).get_data(as_text=True)
    assert status_of(db, followed) == W


def test_the_officer_following_it_is_told_in_their_language(client, db, followed, hrss_officer, migrant):
    [notice] = told(db)
    assert notice.account_id == hrss_officer.id and notice.link == f"/officer/requests/{followed.reference}"
    # The person is told of the officer's answer (as before), not of their own act.
    assert [n.account_id for n in told(db, "request.status")] == [migrant.id]
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "The applicant withdrew their request for" in inbox and followed.reference_display in inbox
    client.set_cookie("lang", "zh")
    assert "申请人已撤回" in client.get("/me/inbox").get_data(as_text=True)


def test_an_officer_who_never_touched_it_or_moved_away_is_not_told(
    client, db, service_request, hrss_officer, post_form, sign_in, migrant
):
    other = create_account("officer", place=create_place("370303"), department="hrss")
    sign_in(other)
    post_form(f"/officer/requests/{service_request.reference}", {"message-body": "在办"})
    other.grants[0].department = "education"  # moved to another department since
    db.session.commit()
    sign_in(migrant)
    post_form(withdraw_url(service_request))
    assert not told(db)  # hrss_officer never touched it; the other works elsewhere now


def test_an_answer_on_a_request_withdrawn_meanwhile_changes_nothing(client, db, service_request, hrss_officer):
    """The officer's page was read before the person withdrew: the answer finds it withdrawn (the row is read
    again, locked) and changes nothing."""
    stale = db.session.get(ServiceRequest, service_request.id)
    assert stale.status == "submitted"
    token = token_from(client.get(withdraw_url(service_request)).get_data(as_text=True))
    client.post(withdraw_url(service_request), data={"csrf_token": token})
    with pytest.raises(statuses.TransitionError):
        service.answer(stale, hrss_officer, "completed")
    assert status_of(db, service_request) == W and not told(db, "request.status")


def test_the_officer_no_longer_sees_the_documents_or_the_report_of_a_withdrawn_request(db, followed, hrss_officer):
    from webapp.privacy import retention
    from webapp.services.access import officer_case

    assert not retention.request_documents_open(followed, clock.utcnow())
    assert not officer_case(followed.person_id, hrss_officer.grants[0])


# --- dashboards, assessment, my data --------------------------------------------------------------------------------


def test_dashboards_count_it_as_withdrawn_never_as_answered_nor_late(db):
    county, city = create_place("370303"), create_place("3703")
    community = create_place("370303001001")
    reports = create_reports(community, 2)
    late = ServiceRequest(
        person=reports[0].person,
        service_code="legal_aid",
        department="justice",
        county_id=county.id,
        target_date=clock.today() - timedelta(days=3),  # past its target
    )
    waiting = ServiceRequest(
        person=reports[1].person,
        service_code="legal_aid",
        department="justice",
        county_id=county.id,
        target_date=clock.today() - timedelta(days=1),
    )
    db.session.add_all([late, waiting])
    db.session.commit()
    assert indicators.dashboard(county, clock.today()).requests_overdue == 2
    assert service.withdraw(late) is True
    assert service.withdraw(late) is False  # twice: nothing more
    for node in (city, county, community):
        board = indicators.dashboard(node, clock.today())
        assert board.requests["withdrawn"] == 1, node.code
        assert board.requests["completed"] == board.requests["refused"] == 0
        assert board.requests["submitted"] == 1 and board.requests_overdue == 1  # only the other one is late
    # The assessment's "closed by the office" leaves it out: it is not the office's work.
    from webapp.assessment.counting import count_requests
    from webapp.assessment.models import RequestMonth

    count_requests(clock.today())
    assert db.session.scalar(select(RequestMonth)) is None
    # (the test's teardown compares county_requests with a recount)


def test_the_dashboard_page_and_its_csv_name_it(client, db, sign_in):
    county = create_place("370303", "张店区")
    [report] = create_reports(create_place("370303001001"), 1)
    found = ServiceRequest(
        person=report.person,
        service_code="legal_aid",
        department="justice",
        county_id=county.id,
        target_date=clock.today(),
    )
    db.session.add(found)
    db.session.commit()
    service.withdraw(found)
    sign_in(create_account("admin", place=county))
    html = client.get("/admin/places/370303").get_data(as_text=True)
    assert "Withdrawn by the applicant" in html and "completed, refused and withdrawn ones" in html
    csv = client.get("/admin/places/370303/export/requests.csv").get_data(as_text=True)
    assert "withdrawn,1" in csv.splitlines()
    client.set_cookie("lang", "zh")
    assert "申请人已撤回" in client.get("/admin/places/370303").get_data(as_text=True)


@pytest.mark.parametrize(("lang", "words"), [("en", "Withdrawn by the applicant"), ("zh", "申请人已撤回")])
def test_my_data_names_the_status_in_words(app, db, service_request, migrant, post_form, lang, words):
    from webapp.privacy import export, readable

    post_form(withdraw_url(service_request))
    db.session.expire_all()
    with app.test_request_context(headers={"Accept-Language": lang}):
        data, _files = export.collect(migrant)
        page = readable.page(data, service_name=export.service_name)
    [section] = [s for s in page.sections if s.key == "requests"]
    rows = dict(section.records[0].rows)
    assert len(rows) > 1 and words in rows.values()


# --- a job referral -------------------------------------------------------------------------------------------------


@pytest.fixture
def shared_referral(db, migrant, community, create_employer, sign_in, report_data, submit_report, post_form):
    """The migrant asked for a referral to a posting and let the employer see their name and number."""
    from tests.support import factories
    from webapp.vacancies.models import Referral

    employer_account = create_account("employer", display_name="人事刘")
    employer = create_employer(employer_account)
    employer.place = community
    db.session.commit()
    vacancy = factories.create_vacancy(employer, community)
    sign_in(migrant)
    submit_report(report_data())
    assert post_form(f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "yes"}).status_code == 302
    return db.session.scalar(select(Referral)), employer_account


def test_withdrawing_a_job_referral_stops_the_employer_seeing_the_person(
    client, db, shared_referral, migrant, sign_in, post_form
):
    from webapp.audit.models import AuditEvent
    from webapp.vacancies.models import Referral

    referral, employer_account = shared_referral
    vacancy_id, found = referral.vacancy_id, db.session.get(ServiceRequest, referral.request_id)
    sign_in(employer_account)
    assert "王芳" in client.get(f"/employer/vacancies/{vacancy_id}").get_data(as_text=True)
    sign_in(migrant)
    confirm = client.get(withdraw_url(found)).get_data(as_text=True)
    assert "will no longer see your name and mobile number" in confirm
    post_form(withdraw_url(found))
    assert status_of(db, found) == W and db.session.scalar(select(Referral)) is None
    unshared = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "referral.unshared")).all()
    assert [e.actor_id for e in unshared] == [migrant.id]
    sign_in(employer_account)
    assert "王芳" not in client.get(f"/employer/vacancies/{vacancy_id}").get_data(as_text=True)
    # The person may ask about the same job again later: a new request.
    sign_in(migrant)
    again = post_form(f"/me/jobs/ask?vacancy={vacancy_id}", {"kind": "referral", "share": "no"})
    assert again.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(ServiceRequest)) == 2
