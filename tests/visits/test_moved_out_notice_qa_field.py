"""A visit that finds the person gone ends their residence registration on the coordinator's word. The person is
told in their inbox, in plain words and their language, on China's day of the visit, with what to do if it is wrong
(before, the registration ended silently: only the report's page said so)."""

import re

from webapp.notifications.models import Notification


def visit_form(client, receipt: str, **data) -> dict:
    """The visit form's hidden fields as the page gives them (token, version seen, the visit's id), and `data`."""
    html = client.get(f"/coordinator/visits/{receipt}").get_data(as_text=True)
    hidden = dict(re.findall(r'<input id="[^"]*" name="([^"]+)" type="hidden" value="([^"]*)">', html))
    return {name: hidden[name] for name in ("csrf_token", "seen_version", "client_id")} | data


def test_the_person_is_told_their_registration_ended(test_day, client, db, reports, migrant, coordinator, sign_in):
    # test_day first: pytest sets fixtures up in the order they are named, and the report (the `reports` fixture)
    # must be sent on the pinned day too, or the visit on that day would be before the report was sent.
    (report,) = reports
    sign_in(coordinator)
    data = visit_form(client, report.receipt, outcome="moved_out", notes="邻居说她上个月搬走了")
    sent = client.post(f"/coordinator/visits/{report.receipt}", data=data)
    assert sent.status_code == 302
    db.session.refresh(report)
    assert report.status == "ended"
    (notice,) = db.session.scalars(db.select(Notification).where(Notification.account_id == migrant.id)).all()
    assert notice.link == f"/reports/{report.receipt}"

    sign_in(migrant)
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert (
        "At a visit on July 14, 2026 a coordinator found that you no longer live at the address you reported" in inbox
    )
    assert "moved_out" not in inbox
    client.set_cookie("lang", "zh")
    inbox = client.get("/me/inbox").get_data(as_text=True)
    assert "协管员于2026年7月14日上门走访时发现您已不在申报的地址居住" in inbox
    # Why it ended, in brackets after the status: no brackets within brackets.
    receipt = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "（已搬走，经协管员上门核实）" in receipt
    assert "））" not in receipt


def test_a_visit_that_finds_nobody_ends_nothing_and_sends_nothing(client, db, reports, migrant, coordinator, sign_in):
    (report,) = reports
    sign_in(coordinator)
    data = visit_form(client, report.receipt, outcome="not_found")
    assert client.post(f"/coordinator/visits/{report.receipt}", data=data).status_code == 302
    db.session.refresh(report)
    assert report.status != "ended"
    kinds = db.session.scalars(db.select(Notification.kind).where(Notification.account_id == migrant.id)).all()
    assert "report.moved_out" not in kinds
