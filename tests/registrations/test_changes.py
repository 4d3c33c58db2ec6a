"""Changes: a move, a new job, leaving the county. The deadline comes from the profile; late is accepted."""

from datetime import timedelta

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
    assert client.get(f"/reports/{report.receipt}/leave").status_code == 404  # nothing left to end
