"""Two coordinators of one community visit the same report from copies downloaded at the same time. The first visit
to arrive is applied; the second is kept as a conflict. When the first was a visit that found nobody, no detail of
the report changed: the conflict page says which visit came in between (so the two columns that look alike make
sense), with its notes, in the page's language, and the coordinator's own notes stand on a line of their own."""

import pytest

from tests.visits.test_visits import SYNC_HEADERS, visit_payload
from webapp.visits.models import Visit


@pytest.fixture
def colleague(create_account, community):
    return create_account("coordinator", place=community, display_name="周敏")


def test_the_visit_in_between_is_shown_with_the_conflict(client, db, reports, coordinator, colleague, sign_in):
    (report,) = reports
    downloaded = visit_payload(report)  # both phones downloaded this version of the report

    sign_in(colleague)
    first = {**downloaded, "client_id": "zhou-phone-0001", "outcome": "not_found", "notes": "敲门没人应"}
    sent = client.post("/coordinator/sync", json={"visits": [first]}, headers=SYNC_HEADERS)
    assert sent.get_json()["results"][0]["status"] == "stored"

    sign_in(coordinator)
    second = {**downloaded, "client_id": "zhao-phone-0001", "outcome": "corrected", "corrections": {"room": "103"}}
    second["notes"] = "房号改了"
    sent = client.post("/coordinator/sync", json={"visits": [second]}, headers=SYNC_HEADERS)
    assert sent.get_json()["results"][0]["status"] == "conflict"
    assert db.session.scalar(db.select(db.func.count(Visit.id))) == 2

    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "Visits recorded on this report after the caseload was downloaded:" in html
    assert "Visit by 周敏 on" in html and "Not found at the address" in html and "敲门没人应" in html
    assert "<p>Notes: 房号改了</p>" in html
    assert ". 房号改了" not in html

    client.set_cookie("lang", "zh")
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "下载工作清单之后，这份申报又有了以下走访记录：" in html
    assert "周敏" in html and "敲门没人应" in html
    assert "<p>备注：房号改了</p>" in html


def test_a_conflict_with_nothing_in_between_lists_no_visits(client, db, reports, coordinator, sign_in):
    (report,) = reports
    sign_in(coordinator)
    stale = visit_payload(report, seen_version=report.version - 1 if report.version > 1 else 0)
    sent = client.post("/coordinator/sync", json={"visits": [stale]}, headers=SYNC_HEADERS)
    assert sent.get_json()["results"][0]["status"] == "conflict"
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "Visits recorded on this report after the caseload was downloaded:" not in html
