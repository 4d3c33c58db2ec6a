"""Changes: a move, a new job, leaving the county. The deadline comes from the profile; late is accepted."""

import re
from datetime import timedelta

from tests.support.forms import errors_shown
from webapp import clock
from webapp.registrations.models import ResidenceReport


def current(db):
    return db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))


def test_move_keeps_history_and_marks_a_late_report(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - timedelta(days=200)).isoformat()))
    first = current(db)
    moved_on = (clock.today() - timedelta(days=40)).isoformat()
    data = {**report_data(road="新华路", number="7号"), "moved_on": moved_on}
    response = post_form(f"/reports/{first.receipt}/move", data, follow_redirects=True)
    assert "marked as late" in response.get_data(as_text=True)
    db.session.expire_all()
    second = current(db)
    assert (second.kind, second.previous_id, second.road, second.late) == ("move", first.id, "新华路", True)
    first = db.session.get(ResidenceReport, first.id)
    assert (first.status, first.end_reason, first.ended_on.isoformat()) == ("ended", "move", moved_on)
    history = client.get("/me").get_data(as_text=True)
    assert "新华路" in history and "人民路" in history and "reported late" in history


def test_a_move_reported_today_is_on_time(client, db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    data = {**report_data(road="新华路"), "moved_on": clock.today().isoformat()}
    post_form(f"/reports/{first.receipt}/move", data)
    db.session.expire_all()
    assert current(db).late is False


def test_new_job_keeps_the_address(
    client, db, migrant, sign_in, report_data, submit_report, post_form, create_employer
):
    create_employer()
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    response = post_form(
        f"/reports/{first.receipt}/new-job",
        {
            "employer_name": "温州鞋业有限公司",
            "employer_uscc": "91110000600037341L",
            "started_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    second = current(db)
    assert (second.kind, second.road, second.employment.status) == ("new_job", "人民路", "pending")


def test_leaving_the_county_deregisters(client, db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data())
    report = current(db)
    unconfirmed = post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat()})
    assert 'id="confirm-error"' in unconfirmed.get_data(as_text=True)
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert (report.status, report.end_reason) == ("ended", "deregistered")
    assert current(db) is None
    # Nothing left to end: back at the report, which says so (test_change_page_after_change.py).
    again = client.get(f"/reports/{report.receipt}/leave")
    assert again.status_code == 302 and again.location.endswith(f"/reports/{report.receipt}")


def days_ago(n: int) -> str:
    return (clock.today() - timedelta(days=n)).isoformat()


def reports(db) -> int:
    return len(db.session.scalars(db.select(ResidenceReport)).all())


def test_a_move_cannot_be_dated_before_the_arrival_at_the_current_address(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10)))
    first = current(db)
    data = {**report_data(road="新华路"), "moved_on": days_ago(11)}
    html = post_form(f"/reports/{first.receipt}/move", data).get_data(as_text=True)
    assert errors_shown(html, "moved_on", "The move date cannot be before you arrived at your current address")
    client.set_cookie("lang", "zh")
    html = post_form(f"/reports/{first.receipt}/move", data).get_data(as_text=True)
    assert errors_shown(html, "moved_on", "搬家日期不能早于您入住现住址的日期")
    db.session.expire_all()
    assert reports(db) == 1 and current(db).id == first.id  # nothing saved
    moved = post_form(f"/reports/{first.receipt}/move", {**data, "moved_on": days_ago(10)})  # the same day: fine
    assert moved.status_code == 302
    db.session.expire_all()
    assert current(db).arrival_date.isoformat() == days_ago(10)


def test_a_new_job_cannot_start_before_the_arrival_at_the_current_address(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10)))
    first = current(db)
    data = {"employer_name": "淄博新居纺织有限公司", "started_on": days_ago(11)}
    html = post_form(f"/reports/{first.receipt}/new-job", data).get_data(as_text=True)
    assert errors_shown(html, "started_on", "The new job cannot start before you arrived at your current address")
    db.session.expire_all()
    assert reports(db) == 1


def test_a_change_cannot_be_dated_before_the_new_job_last_reported(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    """A new job's report keeps the arrival at the address but begins on the job's first day: the next change cannot
    be dated before that day, or the report would end before it began."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(20)))
    post_form(f"/reports/{current(db).receipt}/new-job", {"employer_name": "鞋厂", "started_on": days_ago(5)})
    db.session.expire_all()
    job = current(db)
    assert (job.kind, job.employment.started_on.isoformat()) == ("new_job", days_ago(5))  # the day the job started
    message = "The date cannot be before"
    html = post_form(f"/reports/{job.receipt}/new-job", {"employer_name": "纺织厂", "started_on": days_ago(6)})
    assert errors_shown(html.get_data(as_text=True), "started_on", message)
    html = post_form(f"/reports/{job.receipt}/move", {**report_data(road="新华路"), "moved_on": days_ago(6)})
    assert errors_shown(html.get_data(as_text=True), "moved_on", message)
    html = post_form(f"/reports/{job.receipt}/leave", {"left_on": days_ago(6), "confirm": "y"})
    assert errors_shown(html.get_data(as_text=True), "left_on", message)
    db.session.expire_all()
    assert reports(db) == 2 and current(db).id == job.id and current(db).ended_on is None


def test_leaving_cannot_be_dated_before_the_arrival_at_the_current_address(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=days_ago(10)))
    report = current(db)
    data = {"left_on": days_ago(11), "confirm": "y"}
    html = post_form(f"/reports/{report.receipt}/leave", data).get_data(as_text=True)
    assert errors_shown(html, "left_on", "The date you left cannot be before you arrived at your current address")
    client.set_cookie("lang", "zh")
    html = post_form(f"/reports/{report.receipt}/leave", data).get_data(as_text=True)
    assert errors_shown(html, "left_on", "离开日期不能早于您入住现住址的日期")
    db.session.expire_all()
    assert current(db).id == report.id  # nothing ended
    assert post_form(f"/reports/{report.receipt}/leave", {**data, "left_on": days_ago(10)}).status_code == 302


def test_the_new_job_form_asks_the_employer_without_calling_it_optional(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data())
    url = f"/reports/{current(db).receipt}/new-job"
    html = client.get(url).get_data(as_text=True)
    assert "Your new employer" in html and "Employer (optional)" not in html
    client.set_cookie("lang", "zh")
    assert "用人单位（选填）" not in client.get(url).get_data(as_text=True)
    client.set_cookie("lang", "en")
    html = post_form(url, {"started_on": clock.today().isoformat()}).get_data(as_text=True)
    assert errors_shown(html, "employer_name", "Enter the name of your new employer")
    db.session.expire_all()
    assert reports(db) == 1


def test_a_new_job_with_only_the_code_of_an_employer_on_xinju_takes_its_name(
    client, db, migrant, sign_in, report_data, submit_report, post_form, create_employer
):
    employer = create_employer(name="淄博新居纺织有限公司", uscc="91370303MA3C5QW1PF")
    sign_in(migrant)
    submit_report(report_data())
    url = f"/reports/{current(db).receipt}/new-job"
    response = post_form(url, {"employer_uscc": "91370303MA3C5QW1PF", "started_on": clock.today().isoformat()})
    assert response.status_code == 302
    db.session.expire_all()
    job = current(db).employment
    assert (job.employer_id, job.employer_name, job.status) == (employer.id, "淄博新居纺织有限公司", "pending")


def test_a_new_job_with_the_code_of_an_employer_not_on_xinju_asks_its_name(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    sign_in(migrant)
    submit_report(report_data())
    url = f"/reports/{current(db).receipt}/new-job"
    data = {"employer_uscc": "91110000600037341L", "started_on": clock.today().isoformat()}
    html = post_form(url, data).get_data(as_text=True)
    assert errors_shown(html, "employer_name", "No employer with this code is on Xinju yet")
    db.session.expire_all()
    assert reports(db) == 1
    assert post_form(url, data | {"employer_name": "温州鞋业有限公司"}).status_code == 302


def summary_links(html: str) -> list[str]:
    summary = html.split('class="error-summary__list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([a-z_]+)', summary)


def test_the_change_forms_error_summaries_follow_their_pages(
    client, db, migrant, sign_in, report_data, submit_report, post_form
):
    """Each page asks for the date first: its error comes first in the summary too (the address's and the work's
    fields are declared in mixins, before the date)."""
    sign_in(migrant)
    submit_report(report_data())
    first = current(db)
    move = post_form(f"/reports/{first.receipt}/move", {**report_data(road=""), "moved_on": ""})
    assert summary_links(move.get_data(as_text=True))[:2] == ["moved_on", "road"]
    job = post_form(f"/reports/{first.receipt}/new-job", {"started_on": "", "employer_uscc": "91110000600037341A"})
    assert summary_links(job.get_data(as_text=True)) == ["started_on", "employer_uscc"]
