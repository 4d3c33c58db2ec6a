"""QA of the coordinator's answer to a correction request: an answer sent again from a page left open changes
nothing, and says why."""

import pytest

from tests.conftest import token_from
from webapp.privacy.correction import CorrectionRequest
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊", locale="zh")


@pytest.fixture
def asked(db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    post_form(f"/reports/{report.receipt}/correction", {"field": "room", "proposed": "102"})
    return db.session.scalar(db.select(CorrectionRequest))


def test_a_second_answer_from_an_old_page_does_not_overturn_the_first(
    client, db, asked, coordinator, sign_in, post_form
):
    sign_in(coordinator)
    page = f"/coordinator/corrections/{asked.reference}"
    stale = token_from(client.get(page).get_data(as_text=True))
    assert post_form(page, {"decision": "declined", "text": "走访时您住在101"}).status_code == 302
    again = client.post(page, data={"csrf_token": stale, "decision": "corrected", "text": "改了"})
    assert again.status_code == 302 and again.location.endswith(page)
    assert "以第一次的答复为准" in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CorrectionRequest, asked.id).status == "declined"
    assert db.session.get(ResidenceReport, asked.report_id).room == "101"


def test_a_long_queue_of_corrections_comes_a_page_at_a_time(client, db, community, coordinator, sign_in):
    from tests.support.factories import create_reports
    from webapp.privacy.correction import QUEUE_PAGE_SIZE

    reports = create_reports(community, QUEUE_PAGE_SIZE + 2, status="submitted")
    db.session.add_all(
        CorrectionRequest(person_id=r.person_id, report_id=r.id, place_id=community.id, field="room", proposed="9")
        for r in reports
    )
    db.session.commit()
    sign_in(coordinator)
    first = client.get("/coordinator/corrections").get_data(as_text=True)
    assert first.count('href="/coordinator/corrections/') == QUEUE_PAGE_SIZE
    assert "更正申请分页" in first and "/coordinator/corrections?page=2" in first
    last = client.get("/coordinator/corrections?page=2").get_data(as_text=True)
    assert last.count('href="/coordinator/corrections/') == 2
    assert client.get("/coordinator/corrections?page=-4").status_code == 200
