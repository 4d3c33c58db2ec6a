"""A newcomer's residence after it has ended, as she reads it on her phone: an ended report gives no advice for
today, and her history says from when to when."""

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
