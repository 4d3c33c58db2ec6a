"""The inbox, its unread count, and reminders from a job that is safe to run twice."""

from datetime import date, timedelta

import pytest

from tests.support.factories import create_permit
from webapp import clock
from webapp.jobs.cli import run
from webapp.notifications.models import Notification
from webapp.permits.models import Endorsement
from webapp.rentals.models import Tenancy


def test_a_landlords_answer_reaches_the_tenants_inbox(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    sign_in(landlord)
    post_form(f"/landlord/tenancies/{tenancy.id}", {"answer-answer": "deny", "answer-reason": "没有这个人"})
    sign_in(migrant)
    page = client.get("/").get_data(as_text=True)
    assert 'class="badge">1' in page
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "Your landlord says your residence report is not right: 没有这个人" in inbox
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)  # read once shown


def make_permit(db, person, community, *, profile="national-2016", issued, valid_until=None):
    from webapp.registrations.models import ResidenceReport

    report = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.person_id == person.id))
    return create_permit(report, issued=issued, profile=profile, valid_until=valid_until)


@pytest.mark.summaries_out_of_date  # the job runs on other days: the summaries are counted as of those days
def test_reminders_are_sent_once_however_often_the_job_runs(
    db, app, migrant, community, sign_in, report_data, submit_report
):
    sign_in(migrant)
    submit_report(report_data())
    person = migrant_person(db, migrant)
    issued = date(2024, 3, 15)
    permit = make_permit(db, person, community, issued=issued)
    in_window = date(2025, 2, 20)
    assert run(date(2025, 2, 14))["permits"] == 0  # the day before the window
    assert run(in_window)["permits"] == 1
    assert run(in_window)["permits"] == 0  # twice: still one
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1
    db.session.add(Endorsement(permit=permit, year=1, endorsed_on=in_window))
    db.session.commit()
    assert run(date(2026, 2, 20))["permits"] == 1  # next year's window


@pytest.mark.summaries_out_of_date  # the job runs on other days: the summaries are counted as of those days
def test_expiry_reminder_for_a_fixed_term_permit(db, migrant, community, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    person = migrant_person(db, migrant)
    make_permit(db, person, community, profile="shandong-2018", issued=date(2024, 3, 15), valid_until=date(2025, 3, 14))
    assert run(date(2025, 2, 11))["permits"] == 0
    assert run(date(2025, 2, 12))["permits"] == 1
    assert run(date(2025, 3, 1))["permits"] == 0


def test_a_tenant_who_left_is_reminded_to_report_the_move(
    client, db, migrant, landlord, rental, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    tenancy = db.session.scalar(db.select(Tenancy))
    sign_in(landlord)
    post_form(f"/landlord/tenancies/{tenancy.id}", {"left-left_on": (clock.today() - timedelta(days=1)).isoformat()})
    db.session.expire_all()  # the job runs in a session of its own in production
    assert run(clock.today())["changes"] == 1
    assert run(clock.today())["changes"] == 0
    sign_in(migrant)
    assert "Report your new address by" in client.get("/me/inbox").get_data(as_text=True)


def test_the_job_command(runner, db):
    result = runner.invoke(args=["jobs", "run", "--today", "2025-02-20"])
    assert result.exit_code == 0, result.output
    assert "reminders sent" in result.output


def test_the_inbox_needs_sign_in(client):
    assert client.get("/me/inbox").status_code == 302


def migrant_person(db, account):
    from webapp.people.models import Person

    return db.session.scalar(db.select(Person).where(Person.account_id == account.id))
