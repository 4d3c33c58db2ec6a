"""The jobs board through the HTTP client: post, review, browse without signing in, ask for a referral, the
employer's list of those who shared, expiry, and the refusals."""

from datetime import timedelta

import pytest

from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.notifications.models import Notification
from webapp.services.models import ServiceRequest
from webapp.vacancies.models import Referral, Vacancy


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


def test_post_review_browse_ask_and_see_who_shared(
    client, db, employer_account, job_officer, posting_data, registered, sign_in, post_form
):
    sign_in(employer_account)
    response = post_form("/employer/vacancies/new", posting_data())
    assert response.status_code == 302, response.get_data(as_text=True)
    found = db.session.scalar(db.select(Vacancy))
    assert (found.status, found.county.code, found.housing, found.wage_min) == ("pending", "370303", True, 4500)

    # Not on the board before review, not even its page.
    client.get("/")
    with client.session_transaction() as session:
        session.clear()
    assert "缝纫工" not in client.get("/jobs").get_data(as_text=True)
    assert client.get(f"/jobs/{found.id}").status_code == 404

    sign_in(job_officer)
    assert "缝纫工" in client.get("/officer/vacancies").get_data(as_text=True)
    assert post_form(f"/officer/vacancies/{found.id}", {"decision": "approve"}).status_code == 302
    db.session.refresh(found)
    assert found.status == "approved"
    assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.action == "vacancy.approved"))
    assert db.session.scalar(db.select(Notification.kind).where(Notification.account_id == employer_account.id))

    with client.session_transaction() as session:
        session.clear()
    board = client.get("/jobs?county=370303&kind=manufacturing&wage=4000").get_data(as_text=True)
    assert "缝纫工" in board and "<script" not in board.split("<main")[1]
    assert "缝纫工" not in client.get("/jobs?wage=5000").get_data(as_text=True)
    assert "缝纫工" not in client.get("/jobs?kind=construction").get_data(as_text=True)
    assert client.get("/jobs?wage=abc&county=%00&kind=<x>&page=-3").status_code == 200
    assert "0533-1234567" in client.get(f"/jobs/{found.id}").get_data(as_text=True)
    asked = client.get(f"/me/jobs/ask?vacancy={found.id}")
    assert asked.status_code == 302 and "/signin" in asked.location

    sign_in(registered)
    page = f"/me/jobs/ask?vacancy={found.id}"
    missing = post_form(page, {"kind": "referral"})
    assert 'id="share-error"' in missing.get_data(as_text=True)
    response = post_form(page, {"kind": "referral", "share": "yes", "note": "下周可以上班"})
    assert response.status_code == 302
    request = db.session.scalar(db.select(ServiceRequest))
    assert (request.service_code, request.department, request.county.code) == ("job_referral", "hrss", "370303")
    assert request.target_date > clock.today() and "缝纫工" in request.details
    again = post_form(page, {"kind": "referral", "share": "yes"})
    assert "already asked" in again.get_data(as_text=True)
    post_form(page, {"kind": "training", "share": "no"})
    assert db.session.scalar(db.select(db.func.count(Referral.id))) == 2

    # The office's queue holds both requests; its answer reaches the migrant.
    sign_in(job_officer)
    assert client.get("/officer/requests").get_data(as_text=True).count("王芳") == 2
    post_form(f"/officer/requests/{request.reference}", {"handle-status": "in_progress"})
    assert db.session.scalar(
        db.select(Notification.id).where(
            Notification.account_id == registered.id, Notification.kind == "request.status"
        )
    )

    # The employer sees only who shared, once.
    sign_in(employer_account)
    html = client.get(f"/employer/vacancies/{found.id}").get_data(as_text=True)
    assert "王芳" in html and "下周可以上班" in html and html.count("王芳") == 1
    assert "Training place" not in html
    looked = db.session.scalar(db.select(AuditEvent).where(AuditEvent.reason == "job referral"))
    assert looked.details["as"] == "employer"


def test_a_shared_nothing_applicant_stays_hidden(client, db, vacancy, employer_account, registered, sign_in, post_form):
    sign_in(registered)
    post_form(f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "no"})
    assert db.session.scalar(db.select(Referral.shared)) is False
    sign_in(employer_account)
    assert "王芳" not in client.get(f"/employer/vacancies/{vacancy.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("title", "缝纫工（限男性）", "same right to work as men"),
        ("requirements", "需本市户口", "household registration"),
        ("requirements", "Han Chinese only", "every ethnic group"),
        ("how_to_apply", "35岁以下的请打电话", "upper age"),
        ("hours", "8 hours, applicants under 40", "upper age"),
        ("requirements", "招收15岁学徒", "Nobody under 16"),
    ],
)
def test_a_requirement_the_law_forbids_is_refused_next_to_its_field(
    client, db, employer_account, posting_data, sign_in, post_form, field, value, words
):
    sign_in(employer_account)
    html = post_form("/employer/vacancies/new", posting_data(**{field: value})).get_data(as_text=True)
    error = html.split(f'id="{field}-error"')[1].split("</p>")[0]
    assert words in error
    assert db.session.scalar(db.select(Vacancy)) is None


def test_the_refusal_in_chinese(client, db, employer_account, posting_data, sign_in, post_form):
    sign_in(employer_account)
    client.set_cookie("lang", "zh")
    html = post_form("/employer/vacancies/new", posting_data(requirements="仅限女性，汉族")).get_data(as_text=True)
    error = html.split('id="requirements-error"')[1].split("</p>")[0]
    assert "就业促进法" in error


def test_bad_numbers_and_dates_are_refused(client, db, employer_account, posting_data, sign_in, post_form):
    sign_in(employer_account)
    too_late = (clock.today() + timedelta(days=200)).isoformat()
    html = post_form(
        "/employer/vacancies/new", posting_data(wage_min="7000", wage_max="5000", closes_on=too_late, min_age="14")
    ).get_data(as_text=True)
    assert 'id="wage_max-error"' in html and 'id="closes_on-error"' in html and 'id="min_age-error"' in html
    assert db.session.scalar(db.select(Vacancy)) is None


def test_an_edit_goes_back_for_review(client, db, vacancy, employer_account, posting_data, sign_in, post_form):
    sign_in(employer_account)
    assert "包装工" in client.get(f"/employer/vacancies/{vacancy.id}/edit").get_data(as_text=True)
    response = post_form(f"/employer/vacancies/{vacancy.id}/edit", posting_data(title="包装工（夜班）"))
    assert response.status_code == 302
    db.session.refresh(vacancy)
    assert (vacancy.title, vacancy.status) == ("包装工（夜班）", "pending")


def test_the_office_takes_a_posting_down_with_a_reason(client, db, vacancy, job_officer, sign_in, post_form):
    sign_in(job_officer)
    html = post_form(f"/officer/vacancies/{vacancy.id}", {"decision": "take_down"}).get_data(as_text=True)
    assert 'id="reason-error"' in html
    post_form(f"/officer/vacancies/{vacancy.id}", {"decision": "take_down", "reason": "工资低于最低工资标准"})
    db.session.refresh(vacancy)
    assert (vacancy.status, vacancy.reason) == ("taken_down", "工资低于最低工资标准")
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "vacancy.taken_down"))
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/jobs/{vacancy.id}").status_code == 404


def test_refusals_by_role_and_area(
    client, db, vacancy, create_account, create_place, create_employer, migrant, sign_in, post_form
):
    # Another employer cannot open or change the posting.
    other = create_account("employer")
    create_employer(other, name="别家", uscc="91350100M000100Y43")
    sign_in(other)
    assert client.get(f"/employer/vacancies/{vacancy.id}").status_code == 404
    assert client.get(f"/employer/vacancies/{vacancy.id}/edit").status_code == 404
    # An officer of another department, or of job services elsewhere, cannot review it.
    for county, department in (("370303", "education"), ("330302", "hrss")):
        sign_in(create_account("officer", place=create_place(county), department=department))
        assert client.get(f"/officer/vacancies/{vacancy.id}").status_code == 404
        assert "包装工" not in client.get("/officer/vacancies").get_data(as_text=True)
    # A migrant cannot review or post; an employer cannot ask for a referral.
    sign_in(migrant)
    assert client.get(f"/officer/vacancies/{vacancy.id}").status_code == 403
    assert client.get("/employer/vacancies/new").status_code == 403
    sign_in(other)
    assert client.get(f"/me/jobs/ask?vacancy={vacancy.id}").status_code == 403


def test_the_ask_button_is_offered_only_where_it_leads_somewhere(
    client, db, vacancy, employer_account, migrant, sign_in
):
    """Nobody signed in and a new resident see the button (sign-in first, then the form); an employer or staff member
    would be refused by the form, so they are told who asks instead."""
    ask = f"/me/jobs/ask?vacancy={vacancy.id}"
    assert ask in client.get(f"/jobs/{vacancy.id}").get_data(as_text=True)
    sign_in(migrant)
    assert ask in client.get(f"/jobs/{vacancy.id}").get_data(as_text=True)
    sign_in(employer_account)
    html = client.get(f"/jobs/{vacancy.id}").get_data(as_text=True)
    assert ask not in html and "A new resident asks for a referral from their own account." in html
    assert client.get(ask).status_code == 403


def test_an_unregistered_migrant_is_told_why(client, db, vacancy, migrant, sign_in, post_form):
    sign_in(migrant)
    response = post_form(f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "yes"})
    assert response.status_code == 302 and response.location.endswith("/me/services")
    assert db.session.scalar(db.select(Referral)) is None


def test_postings_expire(client, db, vacancy, runner):
    from webapp.vacancies.service import expire

    assert expire(clock.today()) == 0
    assert expire(vacancy.closes_on + timedelta(days=1)) == 1
    db.session.refresh(vacancy)
    assert vacancy.status == "expired"
    assert client.get(f"/jobs/{vacancy.id}").status_code == 404


def test_a_posting_past_its_date_leaves_the_board_before_the_job_runs(client, db, vacancy):
    with clock.pinned_at(vacancy.closes_on + timedelta(days=1)):
        assert "包装工" not in client.get("/jobs").get_data(as_text=True)


def test_the_persons_copy_of_their_data_holds_their_referrals(app, client, db, vacancy, registered, sign_in, post_form):
    from webapp.privacy.export import collect

    post_form(f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "yes", "note": "早班"})
    with app.test_request_context():
        data, _files = collect(registered)
    (referral,) = data["job_referrals"]
    assert (referral["job"], referral["shared"], referral["note"]) == ("包装工", True, "早班")


@pytest.mark.parametrize(("lang", "words"), [("en", "has left the jobs board"), ("zh", "已离开招聘栏")])
def test_the_employer_is_told_once_when_a_posting_expires(
    client, db, vacancy, employer_account, runner, sign_in, lang, words
):
    day = (vacancy.closes_on + timedelta(days=1)).isoformat()
    for _ in range(2):
        result = runner.invoke(args=["jobs", "run", "--today", day])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
    told = db.session.scalars(
        db.select(Notification).where(
            Notification.account_id == employer_account.id, Notification.kind == "vacancy.expired"
        )
    ).all()
    assert len(told) == 1 and told[0].link == f"/employer/vacancies/{vacancy.id}"
    sign_in(employer_account)
    client.set_cookie("lang", lang)
    html = client.get("/me/inbox", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert words in html and "包装工" in html


def test_the_form_is_offered_only_to_someone_who_may_ask(client, db, vacancy, migrant, sign_in):
    """Before registering, the page says so and links to the services page (which says why), with no form to fill
    in for nothing; nothing is sent."""
    sign_in(migrant)
    html = client.get(f"/me/jobs/ask?vacancy={vacancy.id}").get_data(as_text=True)
    assert "You cannot ask for this yet" in html and 'href="/me/services"' in html
    assert 'name="kind"' not in html and 'name="share"' not in html
    assert db.session.scalar(db.select(Referral)) is None
