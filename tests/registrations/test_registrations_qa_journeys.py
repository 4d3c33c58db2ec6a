"""A newcomer's residence after it has ended, as she reads it on her phone: an ended report gives no advice for
today, and her history says from when to when."""

import re
from datetime import timedelta

from tests.support.forms import errors_shown
from webapp import clock
from webapp.registrations.models import ResidenceReport


def test_an_ended_report_no_longer_tells_its_person_what_to_do_now(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    current = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "What this means for you" in current
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    ended = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "Left the county" in ended
    assert "What this means for you" not in ended
    assert "report it within" not in ended  # no deadline for a change of a registration that has ended


def test_the_history_says_from_when_to_when(client, db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    assert '<th scope="col">From – to</th>' in client.get("/me").get_data(as_text=True)
    client.set_cookie("lang", "zh")
    assert '<th scope="col">起止日期</th>' in client.get("/me").get_data(as_text=True)


def test_an_aside_is_in_the_pages_own_brackets(client, db, migrant, sign_in, report_data, submit_report, post_form):
    """'Ended (left the county)' in English; full-width brackets, no space before them, in Chinese (webapp/i18n)."""
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    assert " (Left the county)" in client.get("/me").get_data(as_text=True)
    client.set_cookie("lang", "zh")
    chinese = client.get("/me").get_data(as_text=True)
    assert "（离开本县（区））" in chinese and " (离开" not in chinese


def test_the_job_already_reported_is_not_a_new_job(client, db, migrant, sign_in, report_data, submit_report, post_form):
    """Sent twice (or the same employer typed again), a new job would leave two identical lines in the history."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - timedelta(days=20)).isoformat()))
    job = {"employer_name": "淄博 新居纺织", "started_on": (clock.today() - timedelta(days=5)).isoformat()}
    receipt = db.session.scalar(db.select(ResidenceReport.receipt).where(ResidenceReport.ended_on.is_(None)))
    assert post_form(f"/reports/{receipt}/new-job", job).status_code == 302
    receipt = db.session.scalar(db.select(ResidenceReport.receipt).where(ResidenceReport.ended_on.is_(None)))
    again = post_form(f"/reports/{receipt}/new-job", {**job, "employer_name": "淄博  新居纺织 "})
    assert errors_shown(again.get_data(as_text=True), "employer_name", "This is the job you already reported")
    assert db.session.scalar(db.select(db.func.count(ResidenceReport.id))) == 2
    other = post_form(f"/reports/{receipt}/new-job", {**job, "employer_name": "淄博鞋厂"})
    assert other.status_code == 302  # another employer is a new job


def done_steps(html: str) -> list[str]:
    return re.findall(r'<li class="steps__item steps__item--done">([^<]+)<', html)


def test_a_visit_does_not_mark_the_landlords_confirmation_done(
    client, db, migrant, landlord, community, create_rental, sign_in, report_data, submit_report
):
    """A coordinator's visit checks the report whether or not the landlord answered: the progress says which steps
    really happened."""
    rental = create_rental(landlord, community, rooms=("101",))
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    report.status = "verified"  # the visit (the landlord has not answered)
    db.session.commit()
    mine = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert done_steps(mine) == ["Sent", "Verified by a coordinator"]
    report.tenancy.status = "confirmed"
    db.session.commit()
    assert done_steps(client.get(f"/reports/{report.receipt}").get_data(as_text=True)) == [
        "Sent",
        "Confirmed by landlord or employer",
        "Verified by a coordinator",
    ]
