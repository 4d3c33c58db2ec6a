"""The caseload tells a report never visited from one whose last visit found nobody (or the person declined): the
report stays on it, as it was, with the reason and the day of that visit, online and in field mode's download."""

import pytest
from babel.dates import format_date

from tests.visits.test_visits import visit_payload
from webapp import clock
from webapp.registrations.models import ResidenceReport


@pytest.mark.parametrize(
    ("outcome", "words", "zh"),
    [
        ("not_found", "Visited: nobody found", "已走访：未找到本人"),
        ("declined", "Visited: declined to take part", "已走访：本人不愿参与"),
    ],
)
def test_a_visit_that_changed_nothing_is_said_on_the_caseload(
    client, db, reports, coordinator, sign_in, post_form, outcome, words, zh
):
    sign_in(coordinator)
    before = client.get("/coordinator").get_data(as_text=True)
    assert "王芳" in before and "Visited:" not in before and "Last visit" not in before

    receipt = reports[0].receipt
    sent = post_form(
        f"/coordinator/visits/{receipt}",
        {"outcome": outcome, "seen_version": "1", "client_id": f"form-visit-{outcome}"},
    )
    assert sent.status_code == 302
    visited_on = clock.today()  # China's day (the suite's, or under make test-dates the day it runs)
    after = client.get("/coordinator").get_data(as_text=True)
    item = after.split("王芳", 1)[1].split("</li>", 1)[0]
    assert f'<span class="tag">{words}</span>' in item and "Awaiting a visit" in item
    assert f"Last visit: {format_date(visited_on, 'medium', locale='en')}" in item
    chinese = client.get("/coordinator", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert zh in chinese and f"上次走访：{format_date(visited_on, 'medium', locale='zh')}" in chinese

    [downloaded] = client.get("/coordinator/caseload.json").get_json()["items"]
    assert downloaded["why"] == ["awaiting", outcome]
    field = client.get("/field").get_data(as_text=True)
    assert f'data-why-{outcome.replace("_", "-")}="{words}"' in field  # field mode words the code


def test_a_later_try_that_found_the_person_takes_the_report_off(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    report = reports[0]
    assert sync(visit_payload(report, client_id="device-try-0001", outcome="not_found")).status_code == 200
    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert client.get("/coordinator/caseload.json").get_json()["items"][0]["why"] == ["awaiting", "not_found"]
    assert sync(visit_payload(report, client_id="device-try-0002", outcome="confirmed")).status_code == 200
    assert "王芳" not in client.get("/coordinator").get_data(as_text=True)


def test_the_morning_update_brings_the_try_to_the_other_phone(client, db, reports, coordinator, sign_in, sync):
    """A colleague's phone downloaded before the try: its update by cursor carries the report again, with why."""
    sign_in(coordinator)
    cursor = client.get("/coordinator/caseload.json").get_json()["cursor"]
    assert sync(visit_payload(reports[0], client_id="device-try-0003", outcome="not_found")).status_code == 200
    update = client.get("/coordinator/caseload.json", query_string={"since": cursor}).get_json()
    assert update["full"] is False
    [item] = update["items"]
    assert item["r"] == reports[0].receipt and "not_found" in item["why"]


def test_a_visit_under_review_does_not_count_as_a_try(client, db, reports, coordinator, sign_in, sync):
    """A not-found visit sent against an older version is a conflict to review: until decided it says nothing."""
    sign_in(coordinator)
    report = reports[0]
    report.version += 1  # the report changed after the phone downloaded it
    db.session.commit()
    stale = visit_payload(report, client_id="device-try-0004", outcome="not_found", seen_version=report.version - 1)
    assert sync(stale).status_code == 200
    [item] = client.get("/coordinator/caseload.json").get_json()["items"]
    assert "not_found" not in item["why"]
