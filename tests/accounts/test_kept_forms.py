"""Nothing typed is lost when a form cannot be taken: sent after the session ended (a coordinator away for 45
minutes) or after the page's form expired, it is kept for its own account and put back in the same form, with a
notice, once they are signed in again; nothing is saved until they send it again. A form another site makes the
browser send is never kept, and another account signing in on the same browser never sees it."""

import re
from datetime import timedelta
from io import BytesIO
from urllib.parse import quote

import pytest

from tests.conftest import token_from
from webapp import clock
from webapp.accounts.models import KeptForm
from webapp.people.models import Person
from webapp.privacy.correction import CorrectionRequest
from webapp.privacy.deletion import delete_account
from webapp.registrations.models import ResidenceReport

HERE = "http://localhost"
SIGNED_OUT = "You were signed out because Xinju had not been used for a while, so what you sent was not taken."
PUT_BACK = "What you typed before you were signed out is back in the form: check it, then send it."
EXPIRED = "This page had been open for a long time, so what you sent was not taken."


def later(**delta):
    return clock.pinned_at(clock.instant() + timedelta(**delta))


def from_page(page: str) -> dict:
    """The headers a browser sends with a form of this site's page."""
    return {"Origin": HERE, "Referer": HERE + page}


def kept(db) -> list[KeptForm]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(KeptForm)))


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def asked(db, migrant, sign_in, report_data, submit_report, post_form) -> CorrectionRequest:
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    post_form(f"/reports/{report.receipt}/correction", {"field": "room", "proposed": "102"})
    return db.session.scalar(db.select(CorrectionRequest))


def test_an_answer_sent_after_the_session_ended_comes_back_after_signing_in(client, db, asked, coordinator, sign_in):
    sign_in(coordinator)
    page = f"/coordinator/corrections/{asked.reference}"
    token = token_from(client.get(page).get_data(as_text=True))
    answer = {"csrf_token": token, "decision": "declined", "text": "走访时您住在人民路，不是102室"}
    with later(minutes=45):  # staff sessions end after 30 idle minutes
        sent = client.post(page, data=answer, headers=from_page(page))
        assert sent.status_code == 303
        assert sent.location == f"/signin?next={quote(page, safe='')}" or sent.location == f"/signin?next={page}"
        assert SIGNED_OUT in client.get(sent.location).get_data(as_text=True)
        [row] = kept(db)
        assert row.account_id == coordinator.id and row.path == page
        assert "人民路" not in row.sealed and "declined" not in row.sealed  # encrypted
        assert db.session.get(CorrectionRequest, asked.id).status == "open"  # nothing taken

        sign_in(coordinator)
        html = client.get(page).get_data(as_text=True)
        assert PUT_BACK in html
        assert "走访时您住在人民路，不是102室</textarea>" in html
        assert '<input checked class="checkboxes__input" id="decision-1" name="decision"' in html  # declined
        assert kept(db) == []  # taken once
        again = client.get(page).get_data(as_text=True)
        assert "走访时您住在人民路" not in again and PUT_BACK not in again


def test_a_report_form_sent_after_it_expired_is_shown_again_as_typed(
    client, db, migrant, sign_in, report_data, post_form
):
    sign_in(migrant)
    client.get("/reports/new")
    typed = report_data(road="幸福路", number="99号", room="808")
    sent = client.post("/reports/new", data={**typed, "csrf_token": "expired"}, headers=from_page("/reports/new"))
    assert sent.status_code == 303 and sent.location == "/reports/new"
    assert db.session.scalar(db.select(ResidenceReport)) is None
    html = client.get("/reports/new").get_data(as_text=True)
    assert EXPIRED in html
    assert 'value="幸福路"' in html and 'value="99号"' in html and 'value="808"' in html
    assert kept(db) == []
    # Sent again from the page as it is now: taken.
    assert post_form("/reports/new", typed).status_code == 302


def test_files_are_not_kept_and_the_person_is_told(client, db, migrant, sign_in, report_data):
    sign_in(migrant)
    data = {**report_data(road="幸福路"), "csrf_token": "expired", "photo": (BytesIO(b"\xff\xd8\xff"), "p.jpg")}
    client.post("/reports/new", data=data, headers=from_page("/reports/new"), content_type="multipart/form-data")
    html = client.get("/reports/new").get_data(as_text=True)
    assert "Files are not kept: choose them again." in html and 'value="幸福路"' in html


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Referer": "https://evil.example/form"}, {}],
    ids=["another site's origin", "another site's page", "no origin or page"],
)
def test_a_form_another_site_sent_is_never_kept(client, db, migrant, sign_in, report_data, headers):
    sign_in(migrant)
    sent = client.post("/reports/new", data={**report_data(road="幸福路"), "csrf_token": "x"}, headers=headers)
    assert sent.status_code == 400 and "This form has expired" in sent.get_data(as_text=True)
    assert kept(db) == []
    assert "幸福路" not in client.get("/reports/new").get_data(as_text=True)


def test_another_account_signing_in_on_the_same_browser_never_sees_it(
    client, db, migrant, create_account, sign_in, report_data
):
    sign_in(migrant)
    token = token_from(client.get("/reports/new").get_data(as_text=True))
    with later(hours=13):  # residents' sessions end after 12 idle hours
        data = {**report_data(road="幸福路"), "csrf_token": token}
        assert client.post("/reports/new", data=data, headers=from_page("/reports/new")).status_code == 303
        sign_in(create_account("migrant", display_name="李娜"))
        html = client.get("/reports/new").get_data(as_text=True)
        assert "幸福路" not in html and PUT_BACK not in html
        [row] = kept(db)
        assert row.account_id == migrant.id


def test_it_is_kept_for_an_hour_only(client, db, migrant, sign_in, report_data):
    sign_in(migrant)
    client.post(
        "/reports/new", data={**report_data(road="幸福路"), "csrf_token": "x"}, headers=from_page("/reports/new")
    )
    with later(minutes=61):
        sign_in(migrant)
        html = client.get("/reports/new").get_data(as_text=True)
        assert "幸福路" not in html and EXPIRED not in html
        assert kept(db) == []


def test_a_json_request_or_an_empty_form_is_answered_as_before(client, db, migrant, sign_in):
    sign_in(migrant)
    empty = client.post("/reports/new", data={"csrf_token": "x"}, headers=from_page("/reports/new"))
    assert empty.status_code == 400
    assert kept(db) == []


def test_deleting_the_account_deletes_what_was_kept(client, db, migrant, sign_in, report_data):
    sign_in(migrant)
    client.post(
        "/reports/new", data={**report_data(road="幸福路"), "csrf_token": "x"}, headers=from_page("/reports/new")
    )
    assert len(kept(db)) == 1
    delete_account(migrant, db.session.scalar(db.select(Person).where(Person.account_id == migrant.id)))
    assert kept(db) == []


def test_the_notice_is_in_the_persons_language(client, db, migrant, sign_in, report_data):
    sign_in(migrant)
    zh = {"Accept-Language": "zh"}
    data = {**report_data(road="幸福路"), "csrf_token": "x"}
    client.post("/reports/new", data=data, headers={**from_page("/reports/new"), **zh})
    html = client.get("/reports/new", headers=zh).get_data(as_text=True)
    assert "这个页面打开的时间太久，刚才提交的内容没有被受理。" in html and 'value="幸福路"' in html


def test_a_visit_typed_at_the_door_comes_back_as_typed_not_as_the_report_says(
    client, db, coordinator, migrant, sign_in, report_data, submit_report
):
    """The visit page fills its form from the report on a GET: a restored form is left as typed (the version it was
    typed against too, so a report changed meanwhile is still caught as a conflict)."""
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(coordinator)
    page = f"/coordinator/visits/{report.receipt}"
    html = client.get(page).get_data(as_text=True)
    fields = dict(re.findall(r'name="(client_id|seen_version|seen)" type="hidden" value="([^"]*)"', html))
    typed = {**fields, "outcome": "corrected", "road": "人民路", "number": "18号", "room": "102", "notes": "门牌102"}
    with later(minutes=45):
        client.post(page, data={"csrf_token": token_from(html), **typed}, headers=from_page(page))
        sign_in(coordinator)
        again = client.get(page).get_data(as_text=True)
    assert PUT_BACK in again
    assert 'name="room" type="text" value="102"' in again or 'value="102"' in again
    assert "门牌102</textarea>" in again
    assert f'name="client_id" type="hidden" value="{fields["client_id"]}"' in again  # the same visit, sent once
