"""Retention as data: each kind of record in retention.toml is deleted or anonymised by `flask jobs run` once the
clock is past its period, and not a day before; officers see a case's documents only while it is open."""

from datetime import date, datetime, timedelta

import pytest

from webapp import clock
from webapp.accounts.models import AccountSession
from webapp.audit.models import AuditEvent
from webapp.documents import storage
from webapp.documents.models import Document
from webapp.extensions import db as _db
from webapp.notifications.models import Notification
from webapp.permits.models import Permit
from webapp.privacy import retention
from webapp.services.models import RequestMessage, ServiceRequest


def run_job(runner, day):
    result = runner.invoke(args=["jobs", "run", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    assert "past their retention period" in result.output
    _db.session.expire_all()
    return result.output


def test_every_kind_has_a_period_a_unit_and_a_source():
    assert set(retention.RULES) == set(retention.SWEEPS)
    for rule in retention.RULES.values():
        assert rule.period > 0 and rule.unit in retention.UNITS and rule.source and rule.what
        assert rule.action in ("delete", "anonymise")


def test_cutoffs_count_days_months_and_years(app):
    # Whole days in China: a record is kept through the last day of its period (the day after the event counts
    # first, Civil Code art. 201), tests/privacy/test_retention_qa_privacy.py moves the job over each boundary.
    now = datetime(2027, 3, 31, 2, 0)  # 10:00 on 31 March in China, whatever the run's clock
    assert retention.cutoff("case_documents", now) == clock.start_of_day(date(2027, 1, 30))
    assert retention.cutoff("one_time_link", now) == clock.start_of_day(date(2026, 10, 1))
    assert retention.cutoff("audit_event", now) == clock.start_of_day(date(2024, 3, 31))


def test_an_officer_sees_a_permit_cases_documents_only_until_the_grace_after_its_decision(
    client, db, cases, police, sign_in, post_form
):
    application, _request, _own = cases
    photo = db.session.get(Document, application.documents["photo"])
    address = f"/officer/permits/{application.id}/documents/{photo.token}"
    sign_in(police)
    assert client.get(address).status_code == 200
    post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    # Just decided: still open to them for the grace period (to put right a decision made in error).
    assert client.get(address).status_code == 200
    with clock.pinned_at(clock.now() + retention.OFFICER_DOCUMENT_GRACE + timedelta(hours=1)):
        sign_in(police)  # the earlier session has timed out
        assert client.get(address).status_code == 404
        page = client.get(f"/officer/permits/{application.id}").get_data(as_text=True)
        assert photo.token not in page and "no longer shown" in page
    # The owner still sees her own.
    with clock.pinned_at(clock.now() + retention.OFFICER_DOCUMENT_GRACE + timedelta(hours=1)):
        sign_in(_own_account(db, application))
        assert client.get(f"/documents/{photo.token}").status_code == 200


def _own_account(db, application):
    return application.person.account


def test_an_officer_sees_a_requests_documents_only_while_it_is_open(client, db, cases, hrss, sign_in, post_form):
    _application, request, own = cases
    address = f"/officer/requests/{request.reference}/documents/{own.token}"
    sign_in(hrss)
    assert client.get(address).status_code == 200
    post_form(f"/officer/requests/{request.reference}", {"handle-status": "refused", "handle-reason": "不符合条件"})
    db.session.refresh(request)
    assert request.status == "refused"
    later = clock.now() + retention.OFFICER_DOCUMENT_GRACE + timedelta(hours=1)
    with clock.pinned_at(later):
        sign_in(hrss)
        assert client.get(address).status_code == 404
        page = client.get(f"/officer/requests/{request.reference}").get_data(as_text=True)
        assert own.token not in page and "no longer shown" in page


def test_document_images_go_a_period_after_the_decision_but_a_permits_photo_stays(
    client, db, runner, cases, police, hrss, sign_in, post_form
):
    application, request, own = cases
    sign_in(police)
    post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    sign_in(hrss)
    post_form(f"/officer/requests/{request.reference}", {"handle-status": "refused", "handle-reason": "不符合条件"})
    permit = db.session.scalar(db.select(Permit))
    proofs = {kind: i for kind, i in application.documents.items() if kind != "photo"}
    own_id = own.id
    files = {i: db.session.get(Document, i).sha256 for i in [*proofs.values(), own_id]}
    assert all(storage.path_for(digest).exists() for digest in files.values())
    period = timedelta(days=retention.RULES["case_documents"].period)

    run_job(runner, clock.today() + period - timedelta(days=1))
    assert all(db.session.get(Document, i) is not None for i in files)

    run_job(runner, clock.today() + period + timedelta(days=1))
    assert all(db.session.get(Document, i) is None for i in files)
    assert not storage.path_for(files[own_id]).exists()
    assert db.session.get(Document, permit.photo_id) is not None  # the public check shows it
    # The proofs here are the same image as the photo: one file, kept while the photo's record names it.
    assert storage.path_for(db.session.get(Document, permit.photo_id).sha256).exists()
    # The pages that listed them still work.
    sign_in(police)
    assert client.get(f"/officer/permits/{application.id}").status_code == 200
    sign_in(hrss)
    assert client.get(f"/officer/requests/{request.reference}").status_code == 200


def test_a_document_reused_by_an_open_case_is_kept(client, db, runner, cases, police, sign_in, post_form):
    application, request, own = cases
    request.documents = [*request.documents, application.documents["residence_proof"]]  # given once, reused
    db.session.commit()
    sign_in(police)
    post_form(f"/officer/permits/{application.id}", {"decision": "refuse", "reason": "材料不全"})
    run_job(runner, clock.today() + timedelta(days=retention.RULES["case_documents"].period + 1))
    assert db.session.get(Document, application.documents["residence_proof"]) is not None
    assert db.session.get(Document, application.documents["employment_proof"]) is None


def test_messages_sessions_notifications_and_the_audit_log_go_after_their_periods(
    client, db, runner, cases, hrss, sign_in, post_form, applicant
):
    _application, request, _own = cases
    sign_in(hrss)
    post_form(f"/officer/requests/{request.reference}", {"message-body": "请带身份证来人社局三楼"})
    post_form(f"/officer/requests/{request.reference}", {"handle-status": "refused", "handle-reason": "不符合条件"})
    assert db.session.scalar(db.select(db.func.count(Notification.id))) > 0
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) > 0
    start = clock.today()

    run_job(runner, start + timedelta(days=29))
    assert db.session.scalar(db.select(db.func.count(AccountSession.id))) > 0
    run_job(runner, start + timedelta(days=31))
    assert db.session.scalar(db.select(db.func.count(AccountSession.id))) == 0  # last seen 31 days ago

    run_job(runner, start + timedelta(days=364))
    assert db.session.scalar(db.select(db.func.count(Notification.id))) > 0
    run_job(runner, start + timedelta(days=367))
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0

    assert db.session.scalar(db.select(db.func.count(RequestMessage.id))) == 1
    run_job(runner, start + timedelta(days=2 * 365 + 2))
    assert db.session.scalar(db.select(db.func.count(RequestMessage.id))) == 0
    kept = db.session.get(ServiceRequest, request.id)
    assert kept.details == "" and kept.status == "refused"  # the outcome stays, the conversation goes

    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) > 0
    run_job(runner, start + timedelta(days=3 * 365 + 2))
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == 0


@pytest.mark.parametrize(("days", "kept"), [(89, True), (91, False)])
def test_a_coordinators_shared_position_is_dropped_after_its_period(db, runner, days, kept):
    from webapp.visits.models import Visit

    found = _visit_with_position(db)
    run_job(runner, clock.today() + timedelta(days=days))
    found = db.session.get(Visit, found.id)
    assert (found.latitude is not None) is kept and found.outcome == "confirmed"


def _visit_with_position(db):
    from tests.support.factories import create_account, create_place, create_reports
    from webapp.visits.models import Visit

    community = create_place("370303001001")
    coordinator = create_account("coordinator", place=community)
    [report] = create_reports(community, 1)
    visit = Visit(
        client_id="c1",
        coordinator_id=coordinator.id,
        report_id=report.id,
        outcome="confirmed",
        latitude=36.8,
        longitude=118.0,
        accuracy_m=20,
        recorded_at=clock.utcnow(),
        seen_version=1,
        server_version=1,
    )
    db.session.add(visit)
    db.session.commit()
    return visit


def test_the_dashboard_summaries_hold_only_counts():
    """The summaries the dashboards read keep numbers by place and month: no person, name or ID number."""
    from webapp.summaries.models import CommunityMonth, CommunityStats, EmployerStats

    for model in (CommunityStats, CommunityMonth, EmployerStats):
        for column in model.__table__.columns:
            assert "person" not in column.name and "id_number" not in column.name and "phone" not in column.name
            assert column.name != "name" or model is EmployerStats  # a company's name, not a person's
            assert column.type.python_type in (int, str) or column.name == "as_of", (model, column.name)


def test_correction_limits_match_the_visits_corrections():
    from webapp.privacy.correction import LIMITS, REPORT_FIELDS
    from webapp.visits.schemas import CORRECTABLE

    assert LIMITS == CORRECTABLE and set(REPORT_FIELDS) == set(CORRECTABLE)


def test_the_readme_says_how_long_each_kind_is_kept():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for kind, rule in retention.RULES.items():
        assert f"| `{kind}` | {rule.what} | {rule.period} {rule.unit} after" in readme, kind


@pytest.mark.parametrize(("past", "kept"), [(False, True), (True, False)])
def test_an_answered_correction_request_goes_after_its_period_and_an_open_one_stays(
    client, db, runner, migrant, sign_in, post_form, report_data, submit_report, create_account, community, past, kept
):
    from dateutil.relativedelta import relativedelta

    from webapp.privacy.correction import CorrectionRequest
    from webapp.registrations.models import ResidenceReport

    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    url = f"/reports/{report.receipt}/correction"
    post_form(url, {"field": "road", "proposed": "建设路"})
    post_form(url, {"field": "room", "proposed": "102"})
    answered, waiting = db.session.scalars(db.select(CorrectionRequest.reference).order_by(CorrectionRequest.id)).all()
    sign_in(create_account("coordinator", place=community))
    post_form(f"/coordinator/corrections/{answered}", {"decision": "declined", "text": "走访时您住在人民路"})
    rule = retention.RULES["correction_request"]
    assert (rule.period, rule.unit, rule.action) == (3, "years", "delete")

    period_end = clock.today() + relativedelta(years=rule.period)
    run_job(runner, period_end + timedelta(days=1) if past else period_end - timedelta(days=1))
    left = set(db.session.scalars(db.select(CorrectionRequest.reference)))
    assert (answered in left) is kept
    assert waiting in left  # still waiting for its answer
