"""The change pages of a report that a change has replaced since (Back after sending, a second tab, a page left
open) send the person to the report that is current now, saying so, instead of 'page not found' (a reviewer's
finding: what they meant to change seemed lost, and the page blamed a mistyped address)."""

import pytest

from webapp import clock
from webapp.registrations.models import ResidenceReport

CHANGED = "That report has changed since: this is the current one. Check it before reporting a change."
ENDED = "That report has ended: there is no current residence registration to change."


@pytest.fixture
def moved(client, db, migrant, sign_in, report_data, submit_report, post_form):
    """王芳 reported, then moved: (the first report, the current one)."""
    sign_in(migrant)
    submit_report(report_data())
    first = db.session.scalar(db.select(ResidenceReport))
    data = {**report_data(road="新华路"), "moved_on": clock.today().isoformat()}
    assert post_form(f"/reports/{first.receipt}/move", data).status_code == 302
    now = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))
    return first, now


@pytest.mark.parametrize("page", ["move", "new-job", "leave"])
def test_the_old_reports_change_pages_lead_to_the_current_one(client, db, moved, page, report_data, post_form):
    first, now = moved
    opened = client.get(f"/reports/{first.receipt}/{page}")
    assert opened.status_code == 302 and opened.location.endswith(f"/reports/{now.receipt}")
    sent = post_form(
        f"/reports/{first.receipt}/{page}",
        {**report_data(road="幸福路"), "moved_on": clock.today().isoformat()},
        page=f"/reports/{now.receipt}/move",  # the form's token (the page sent it was opened before the move)
        follow_redirects=True,
    )
    assert sent.status_code == 200 and CHANGED in sent.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ResidenceReport.id))) == 2  # nothing sent twice
    zh = client.get(f"/reports/{first.receipt}/{page}", headers={"Accept-Language": "zh"}, follow_redirects=True)
    assert "那份登记已经变更" in zh.get_data(as_text=True)


def test_after_leaving_they_are_told_it_has_ended(client, db, moved, post_form):
    _first, now = moved
    left = post_form(f"/reports/{now.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    assert left.status_code == 302
    again = client.get(f"/reports/{now.receipt}/move", follow_redirects=True)
    assert ENDED in again.get_data(as_text=True)


def test_someone_elses_report_is_still_not_found(client, db, moved, create_account, create_person, sign_in):
    first, _now = moved
    other = create_account("migrant")
    create_person(other, name="李四")
    sign_in(other)
    assert client.get(f"/reports/{first.receipt}/move").status_code == 404
