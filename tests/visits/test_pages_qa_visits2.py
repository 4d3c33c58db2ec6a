"""The coordinator's pages (task K, angle c): a conflict from the visit form shows what the page showed and marks only
what changed; versions are not shown; an empty list says what comes there; a report that is over offers no visit."""

import re

import pytest

from tests.conftest import token_from
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit

ZH = {"Accept-Language": "zh"}


def hidden_fields(html: str, receipt: str) -> dict:
    """The visit form's hidden fields, as a browser sends them back."""
    form = html[html.index(f'action="/coordinator/visits/{receipt}"') :]
    form = form[: form.index("</form>")]
    found = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            found[name.group(1)] = (value.group(1) if value else "").replace("&#34;", '"').replace("&quot;", '"')
    return found


def rows_marked_changed(html: str) -> list[str]:
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        re.sub(r"<[^>]+>", "", row.split("</th>")[0].split(">", 1)[1]).replace("This changed", "").strip()
        for row in table.split("<tr")[1:]
        if "row--changed" in row
    ]


def test_a_conflict_from_the_visit_form_shows_what_the_page_showed(client, db, reports, coordinator, sign_in):
    report = reports[0]
    sign_in(coordinator)
    page = client.get(f"/coordinator/visits/{report.receipt}").get_data(as_text=True)
    sent = hidden_fields(page, report.receipt)
    assert set(sent) >= {"csrf_token", "client_id", "seen_version", "seen"}

    report.room, report.version = "202", report.version + 1  # the resident's correction, while the page was open
    db.session.commit()
    response = client.post(
        f"/coordinator/visits/{report.receipt}",
        data={**sent, "outcome": "confirmed", "road": "人民路", "number": "18号", "room": "101"},
    )
    assert response.status_code == 302
    visit = db.session.scalar(db.select(Visit))
    assert visit.state == "conflict" and visit.seen["room"] == "101" and visit.seen["road"] == "人民路"

    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert rows_marked_changed(html) == ["Room"]  # not every row: only the room changed
    assert "What you saw" in html and "On the server now" in html
    table = html[html.index('<table class="table">') : html.index("</table>")]
    assert "version" not in table.lower()  # a counter means nothing to a coordinator
    zh = client.get("/coordinator/conflicts", headers=ZH).get_data(as_text=True)
    assert "您当时看到的信息" in zh and "服务器上现在的信息" in zh and "版）" not in zh


def test_a_tampered_copy_of_what_the_page_showed_never_fails_the_page(client, db, reports, coordinator, sign_in):
    report = reports[0]
    sign_in(coordinator)
    sent = hidden_fields(client.get(f"/coordinator/visits/{report.receipt}").get_data(as_text=True), report.receipt)
    response = client.post(
        f"/coordinator/visits/{report.receipt}", data={**sent, "seen": '{"password": "x"}', "outcome": "confirmed"}
    )
    assert response.status_code == 200 and "What the phone showed" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Visit)) is None
    response = client.post(
        f"/coordinator/visits/{report.receipt}", data={**sent, "seen": "[" * 5000 + "]" * 5000, "outcome": "confirmed"}
    )
    assert response.status_code == 200  # longer than any page makes: refused, never a 500
    assert db.session.scalar(db.select(Visit)) is None
    response = client.post(
        f"/coordinator/visits/{report.receipt}", data={**sent, "seen": "[" * 1500 + "]" * 1500, "outcome": "confirmed"}
    )
    assert response.status_code == 302  # not JSON that can be read: the visit without it, never a 500
    assert db.session.scalar(db.select(Visit)).seen == {}


def test_a_conflict_sent_without_what_the_phone_showed_claims_no_change(client, db, reports, coordinator, sign_in):
    """Visits stored before the page sent its copy, or by a device that sent none: nothing is said to have changed."""
    report = reports[0]
    db.session.add(
        Visit(
            client_id="old-conflict-0001",
            coordinator_id=coordinator.id,
            report_id=report.id,
            outcome="confirmed",
            recorded_at=report.created_at,
            seen_version=report.version,
            server_version=report.version + 1,
            conflict=True,
            state="conflict",
            seen={},
            server={"status": "submitted", "road": "人民路", "number": "18号", "room": "101"},
        )
    )
    db.session.commit()
    sign_in(coordinator)
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert rows_marked_changed(html) == []
    assert "What the phone showed was not sent with this visit: compare with the report as it is now." in html
    zh = client.get("/coordinator/conflicts", headers=ZH).get_data(as_text=True)
    assert "这条走访记录没有附带手机当时显示的信息" in zh


@pytest.mark.parametrize(
    ("headers", "none", "what_comes"),
    [
        ({}, "No conflicts.", "When a visit arrives after its report changed, it waits here"),
        (ZH, "没有数据冲突。", "如果走访记录送达时申报已经有了变动"),
    ],
)
def test_no_conflicts_says_what_would_come_here(client, db, coordinator, sign_in, headers, none, what_comes):
    sign_in(coordinator)
    html = client.get("/coordinator/conflicts", headers=headers).get_data(as_text=True)
    assert none in html and what_comes in html
    assert "These visits were recorded" not in html and "这些走访记录" not in html  # no "these" with none shown


def test_a_report_that_is_over_offers_no_visit_and_stores_no_conflict(
    client, db, reports, coordinator, sign_in, post_form
):
    """Opened after the report ended (a bookmark, the back button): the page says why, and what to do instead."""
    report = reports[0]
    report.status, report.version = "ended", report.version + 1
    db.session.commit()
    sign_in(coordinator)
    page = client.get(f"/coordinator/visits/{report.receipt}").get_data(as_text=True)
    assert "This report has ended or was rejected, so a visit cannot change it." in page
    assert "If the person made a new report, it is in your caseload." in page
    assert 'name="outcome"' not in page and "reject-reason" not in page
    assert "如果本人已经重新申报" in client.get(f"/coordinator/visits/{report.receipt}", headers=ZH).get_data(
        as_text=True
    )

    response = client.post(
        f"/coordinator/visits/{report.receipt}",
        data={"csrf_token": token_from(page), "outcome": "confirmed", "seen_version": str(report.version)},
    )
    assert response.status_code == 409
    assert "This report has ended or was rejected" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Visit)) is None
    follow = client.get("/coordinator").get_data(as_text=True)
    assert "The report changed since you opened it" not in follow
    assert db.session.get(ResidenceReport, report.id).status == "ended"
