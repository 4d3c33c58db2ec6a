"""QA of the officer's page of a permit application when the applicant has moved since applying: it is judged on the
person's current residence in the county, so the page shows the current report (link and details) and says when they
moved; it still says which report, at which address, the application was made on; a move out of the county is said
up front, and refuses approval; the reports are shown only while the officer may open them (the case open, and
retention.toml [access] officer_report_days after its decision), and the look at them is in the person's log."""

from datetime import UTC, date, timedelta

import pytest

from tests.permits.conftest import move
from webapp import clock
from webapp.audit.log import VIEWED
from webapp.audit.models import AuditEvent
from webapp.permits.models import Permit
from webapp.privacy.retention import OFFICER_REPORT_DAYS

# The suite's day, pinned before any fixture: the report applied on starts before the day the person moves or leaves.
pytestmark = pytest.mark.usefixtures("test_day")


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def section(html: str) -> str:
    """The page's "where the person lives" part, up to the documents."""
    start = html.index("Where the person lives") if "Where the person lives" in html else html.index("居住情况")
    return html[start : html.index("<h2", start + 10)]


def test_after_a_move_within_the_county_the_officer_sees_the_current_report(
    client, db, application, officer, sign_in, post_form, report_data, test_day
):
    old = application.report
    new = move(db, post_form, report_data, application)
    sign_in(officer)
    html = client.get(f"/officer/permits/{application.id}").get_data(as_text=True)
    part = section(html)
    # The current report first: its link, its status and its address.
    current = part.index("Current residence report")
    assert f'href="/reports/{new.receipt}"' in part[current:]
    assert "新华路" in part and "7号" in part
    assert part.index(new.receipt_display) < part.index(old.receipt_display)
    # When they moved, said up front.
    assert 'id="moved"' in part
    assert f"moved to another address in this county on {long_date(clock.today())}" in part
    # The history stays honest: the application was made on the old report, at the old address, now ended.
    made = part[part.index("Application made on the report") :]
    assert f'href="/reports/{old.receipt}"' in made and "Ended" in made and "Moved to a new address" in made
    assert "人民路" in made[made.index("Address when applying") :]
    # The officer may open both reports (the case is open).
    assert client.get(f"/reports/{new.receipt}").status_code == 200
    assert client.get(f"/reports/{old.receipt}").status_code == 200
    # And a permit can be issued on it.
    assert post_form(f"/officer/permits/{application.id}", {"decision": "approve"}).status_code == 302
    assert db.session.scalar(db.select(Permit)) is not None


def test_the_look_at_the_residence_report_is_logged(client, db, application, officer, sign_in, post_form, report_data):
    new = move(db, post_form, report_data, application)
    sign_in(officer)
    client.get(f"/officer/permits/{application.id}")
    looks = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.actor_id == officer.id, AuditEvent.action == VIEWED)
    ).all()
    # One look at the application, naming the reports it showed: the current one, and the one applied on.
    [look] = looks
    assert look.details["what"] == "permit_application" and look.details["as"] == "officer"
    assert look.details["reports"] == [new.receipt, application.report.receipt]
    assert look.reason == "permit application" and look.subject_person_id == application.person_id


def test_no_report_is_named_in_the_log_once_the_reports_are_no_longer_shown(
    client, db, application, officer, sign_in, post_form
):
    sign_in(officer)
    post_form(f"/officer/permits/{application.id}", {"decision": "refuse", "reason": "材料不实"})
    db.session.refresh(application)
    decided = application.decided_at.replace(tzinfo=application.decided_at.tzinfo or UTC)
    with clock.pinned_at(decided + OFFICER_REPORT_DAYS + timedelta(days=1)):
        sign_in(officer)
        client.get(f"/officer/permits/{application.id}")
    looks = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.actor_id == officer.id, AuditEvent.action == VIEWED)
        .order_by(AuditEvent.id)  # the last look last (PostgreSQL returns rows in no set order without it)
    ).all()
    assert looks and "reports" not in looks[-1].details


def test_no_move_shows_the_one_report_and_no_history(client, db, application, officer, sign_in):
    sign_in(officer)
    part = section(client.get(f"/officer/permits/{application.id}").get_data(as_text=True))
    assert f'href="/reports/{application.report.receipt}"' in part and "人民路" in part
    assert 'id="moved"' not in part and 'id="left-county"' not in part
    assert "Application made on the report" not in part


def test_a_move_to_another_county_is_said_up_front_and_refuses_approval(
    client, db, application, officer, sign_in, post_form, report_data, create_place, test_day
):
    create_place("370302", "淄川区")
    create_place("370302001", "般阳路街道")
    create_place("370302001001", "般阳社区")
    elsewhere = move(
        db, post_form, report_data, application, county="370302", township="370302001", community="370302001001"
    )
    assert elsewhere.place.code == "370302001001"
    sign_in(officer)
    part = section(client.get(f"/officer/permits/{application.id}").get_data(as_text=True))
    assert 'id="left-county"' in part
    assert f"they left it on {long_date(clock.today())}" in part
    assert "A permit cannot be issued" in part
    # Nothing of where they live now: another county's report is not this officer's to see.
    assert elsewhere.receipt not in part and "新华路" not in part and "Current residence report" not in part
    assert client.get(f"/reports/{elsewhere.receipt}").status_code == 404
    # The report the application was made on, still shown (as ended).
    assert f'href="/reports/{application.report.receipt}"' in part and "人民路" in part
    response = post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    assert response.status_code == 200 and 'id="decision-error"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Permit)) is None


def test_leaving_the_county_is_said_up_front(client, db, application, officer, sign_in, post_form, test_day):
    post_form(f"/reports/{application.report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    sign_in(officer)
    part = section(client.get(f"/officer/permits/{application.id}").get_data(as_text=True))
    assert 'id="left-county"' in part and "A permit cannot be issued" in part
    assert "Left the county" in part  # why the report the application was made on ended


def test_the_reports_are_shown_only_while_the_officer_may_open_them(
    client, db, application, officer, sign_in, post_form, report_data
):
    new = move(db, post_form, report_data, application)
    sign_in(officer)
    post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    page = f"/officer/permits/{application.id}"
    part = section(client.get(page).get_data(as_text=True))
    assert f'href="/reports/{new.receipt}"' in part  # decided today: still within the days after the decision
    assert "A permit cannot be issued" not in part and "Judge the application" not in part
    db.session.refresh(application)
    decided = application.decided_at.replace(tzinfo=application.decided_at.tzinfo or UTC)
    with clock.pinned_at(decided + OFFICER_REPORT_DAYS + timedelta(days=1)):
        sign_in(officer)  # a session that old has ended
        part = section(client.get(page).get_data(as_text=True))
        assert new.receipt not in part and "新华路" not in part and "人民路" not in part
        assert f"decided more than {OFFICER_REPORT_DAYS.days} days ago" in part
        assert client.get(f"/reports/{new.receipt}").status_code == 404


def test_the_officer_reads_the_move_in_chinese(
    client, db, application, officer, sign_in, post_form, report_data, test_day
):
    move(db, post_form, report_data, application)
    sign_in(officer)
    client.set_cookie("lang", "zh")
    part = section(client.get(f"/officer/permits/{application.id}").get_data(as_text=True))
    assert "当前居住登记" in part and "申请时所依据的居住登记" in part and "已于" in part
