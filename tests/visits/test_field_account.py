"""What field mode asks when it opens online (GET on the sync URL: whose visits a sync would store, and how many wait
for review), and the conflicts page in the coordinator's words: report statuses as labels, never codes, and no
"apply my visit" once the report has ended."""

import re

from tests.visits.test_visits import visit_payload
from webapp.visits.models import Visit

JSON = {"Accept": "application/json"}


def test_the_sync_url_says_who_is_signed_in_and_how_many_visits_wait_for_review(
    client, db, reports, coordinator, sign_in, sync
):
    sign_in(coordinator)
    answer = client.get("/coordinator/sync", headers=JSON)
    assert answer.status_code == 200
    assert answer.get_json() == {"coordinator": coordinator.id, "conflicts": 0}
    assert answer.headers["Cache-Control"] == "no-store"

    report = reports[0]
    stale = visit_payload(report, outcome="corrected", corrections={"room": "303"})
    report.room, report.version = "909", report.version + 1
    db.session.commit()
    assert sync(stale).get_json()["results"][0]["status"] == "conflict"
    assert client.get("/coordinator/sync", headers=JSON).get_json()["conflicts"] == 1


def test_the_sync_url_answers_401_when_the_session_has_ended_and_403_to_another_role(
    client, db, coordinator, create_account, sign_in
):
    assert client.get("/coordinator/sync", headers=JSON).status_code == 401  # the device then wipes its caseload
    sign_in(create_account("migrant"))
    assert client.get("/coordinator/sync", headers=JSON).status_code == 403


def conflict_on_an_ended_report(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    report = reports[0]
    stale = visit_payload(
        report, outcome="corrected", corrections={"room": "303"}, seen={"status": "submitted", "room": "101"}
    )
    report.room, report.version = "909", report.version + 1
    db.session.commit()
    sync(stale)
    report.status = "ended"  # the person reported a move meanwhile
    visit = db.session.scalar(db.select(Visit))
    visit.server = {**visit.server, "status": "ended"}
    db.session.commit()
    return visit


def cells(html: str, row: str) -> list[str]:
    # A changed row's header says so in words too (templates/visits/conflicts.html).
    found = re.search(rf'<th scope="row">{row}(?: <span class="tag">[^<]*</span>)?</th>(.*?)</tr>', html, re.S)
    assert found, row
    return [re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", found.group(1), re.S)]


def test_conflict_statuses_are_labels_and_an_ended_report_is_not_offered_the_visit(
    client, db, reports, coordinator, sign_in, sync, post_form
):
    visit = conflict_on_an_ended_report(client, db, reports, coordinator, sign_in, sync)
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert cells(html, "Status")[:2] == ["Submitted", "Ended"]
    assert ">submitted<" not in html and ">ended<" not in html
    assert 'value="apply"' not in html  # it would only fail, saying the report ended
    assert "This report has ended since your visit, so your visit can no longer change it." in html
    assert 'value="keep"' in html

    chinese = client.get("/coordinator/conflicts", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert ">已提交<" in chinese and ">已结束<" in chinese
    assert ">submitted<" not in chinese and ">ended<" not in chinese
    assert "这份申报已经结束" in chinese and 'value="apply"' not in chinese

    # What it offers works: the conflict is closed, the report stays ended.
    post_form(f"/coordinator/conflicts/{visit.id}", {"decision": "keep"}, page="/coordinator/conflicts")
    db.session.refresh(visit)
    assert visit.state == "kept"
    assert visit.report.status == "ended"


def test_an_open_report_is_still_offered_the_visit(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    report = reports[0]
    stale = visit_payload(report, outcome="corrected", corrections={"room": "303"})
    report.room, report.version = "909", report.version + 1
    db.session.commit()
    sync(stale)
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert 'value="apply"' in html and "can no longer change it" not in html
