"""Coordinators: the caseload, visits (form and sync), exactly-once storage, conflicts, refusals, CSRF by design."""

from datetime import date, datetime, timedelta

import pytest

from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit

ORIGIN = "http://localhost"
SYNC_HEADERS = {"X-Xinju-Sync": "1", "Origin": ORIGIN}


def visit_payload(report, client_id="device-visit-0001", outcome="confirmed", **fields):
    return {
        "client_id": client_id,
        "receipt": report.receipt,
        "seen_version": report.version,
        "outcome": outcome,
        "recorded_at": clock.utcnow().isoformat() + "Z",
        "notes": "",
        "corrections": {},
        **fields,
    }


def test_caseload_lists_reports_awaiting_a_visit_oldest_first(client, db, reports, coordinator, sign_in):
    sign_in(coordinator)
    html = client.get("/coordinator").get_data(as_text=True)
    assert "王芳" in html and "awaiting a visit" in html
    assert "和平社区 人民路 18号" in html  # grouped by street and building
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "caseload.viewed"))


def test_opening_the_caseload_is_logged_once_a_day_as_each_persons_look_is(client, db, reports, coordinator, sign_in):
    opened = db.select(AuditEvent).where(AuditEvent.action == "caseload.viewed")
    with clock.pinned_at(datetime(2026, 7, 14, 23, 30)):  # China time: the evening of the 14th
        sign_in(coordinator)
        for _ in range(3):
            assert client.get("/coordinator").status_code == 200
        assert len(db.session.scalars(opened).all()) == 1
    with clock.pinned_at(datetime(2026, 7, 15, 0, 30)):  # the next day in China
        sign_in(coordinator)
        assert client.get("/coordinator").status_code == 200
    events = db.session.scalars(opened).all()
    assert len(events) == 2 and all(e.actor_id == coordinator.id and e.details["count"] >= 1 for e in events)


def test_a_reports_age_counts_from_chinas_day(db, community, coordinator):
    """Sent at 01:00 on Tuesday 14 July in China (17:00 on Monday 13 July, UTC): no working day old that Tuesday."""
    from tests.support.factories import create_reports
    from webapp.visits.caseload import caseload_for

    create_reports(community, 1, status="submitted", created=datetime(2026, 7, 13, 17, 0))
    [item] = caseload_for(coordinator, date(2026, 7, 14)).items()
    assert item.age == 0
    assert caseload_for(coordinator, date(2026, 7, 15)).items()[0].age == 1


def test_a_long_caseload_is_paged_by_building_oldest_first(client, db, community, coordinator, sign_in):
    from tests.support.factories import create_reports

    long_ago = clock.utcnow() - timedelta(days=30)
    # 7 buildings of 15 reports; the oldest reports are in building 6.
    create_reports(community, 15, status="submitted", number=lambda i: "6号", created=long_ago)
    for building in range(6):
        create_reports(community, 15, status="submitted", number=lambda i, b=building: f"{b}号")
    sign_in(coordinator)
    first = client.get("/coordinator").get_data(as_text=True)
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert "<strong>105</strong> awaiting a visit" in first  # the counts are for the whole caseload
    assert "<strong>15</strong> past 10 working days" in first
    headings = [line for line in first.splitlines() if '<h2 id="group-' in line]
    assert len(headings) == 3 and "路 6号" in headings[0]  # whole buildings, about 50 reports a page
    assert first.count('class="passkey-list__item"') == 45
    last = client.get("/coordinator?page=3").get_data(as_text=True)
    assert "Page 3 of 3" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert last.count('class="passkey-list__item"') == 15
    assert "Page 3 of 3" in client.get("/coordinator?page=99").get_data(as_text=True)
    assert "Page 1 of 3" in client.get("/coordinator?page=-1").get_data(as_text=True)
    assert len(client.get("/coordinator/caseload.json").get_json()["items"]) == 105  # field mode takes it all


def test_an_empty_caseload_is_one_empty_page(db, community, coordinator):
    from webapp.visits.caseload import caseload_page

    shown = caseload_page(coordinator, clock.today(), 4)
    assert (shown.page, shown.pages, shown.total, shown.load.groups, shown.people) == (1, 1, 0, {}, [])
    assert shown.counts == {"awaiting": 0, "overdue": 0, "denied": 0, "late": 0, "left": 0}


def test_caseload_download_holds_only_masked_id_numbers(client, db, reports, coordinator, sign_in):
    sign_in(coordinator)
    response = client.get("/coordinator/caseload.json")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    [item] = data["items"]
    assert (item["r"], item["v"], item["n"]) == (reports[0].receipt, reports[0].version, "王芳")
    assert reports[0].person.id_number not in response.get_data(as_text=True)
    assert item["m"] == reports[0].person.masked_id
    assert data["keep_until"] > data["downloaded_at"]


def test_visit_form_confirms_and_verifies(client, db, reports, coordinator, sign_in, post_form):
    sign_in(coordinator)
    receipt = reports[0].receipt
    response = post_form(
        f"/coordinator/visits/{receipt}", {"outcome": "confirmed", "seen_version": "1", "client_id": "form-visit-00001"}
    )
    assert response.status_code == 302
    report = db.session.get(ResidenceReport, reports[0].id)
    db.session.refresh(report)
    assert report.status == "verified"
    html = client.get(f"/reports/{receipt}").get_data(as_text=True)
    assert "Seen and confirmed" in html  # the coordinator's column of the evidence


def test_a_correction_changes_the_report_and_tells_the_migrant(
    client, db, reports, coordinator, migrant, sign_in, post_form
):
    sign_in(coordinator)
    receipt = reports[0].receipt
    post_form(
        f"/coordinator/visits/{receipt}",
        {
            "outcome": "corrected",
            "seen_version": "1",
            "room": "202",
            "road": "人民路",
            "number": "18号",
            "client_id": "form-visit-00002",
        },
    )
    report = db.session.get(ResidenceReport, reports[0].id)
    db.session.refresh(report)
    assert (report.status, report.room) == ("corrected", "202")
    sign_in(migrant)
    assert "corrected" in client.get("/me").get_data(as_text=True).lower()
    # The receipt says what changed is in its table, and that nothing is asked of the person (not a reproach).
    receipt_page = client.get(f"/reports/{receipt}").get_data(as_text=True)
    assert "the table above shows what they changed. There is nothing more for you to do now." in receipt_page
    assert "Keep it up to date" not in receipt_page


def test_sync_stores_each_visit_once(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    payload = visit_payload(reports[0])
    first = sync(payload).get_json()["results"]
    again = sync(payload, payload).get_json()["results"]
    assert [r["status"] for r in first] == ["stored"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert again[0]["state"] == "applied"
    assert db.session.scalar(db.select(db.func.count(Visit.id))) == 1


def test_sync_after_the_report_changed_keeps_both_versions(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    report = reports[0]
    stale = visit_payload(report, outcome="corrected", corrections={"room": "303"}, seen={"room": "101"})
    report.room, report.version = "909", report.version + 1  # the migrant changed it meanwhile
    db.session.commit()
    [result] = sync(stale).get_json()["results"]
    assert result["status"] == "conflict"
    visit = db.session.scalar(db.select(Visit))
    db.session.refresh(report)
    assert (visit.conflict, visit.state, report.room) == (True, "conflict", "909")  # never silently overwritten
    assert (visit.seen["room"], visit.server["room"]) == ("101", "909")
    html = client.get("/coordinator/conflicts").get_data(as_text=True)
    assert "909" in html and "303" in html


@pytest.mark.parametrize(
    ("decision", "state", "room"), [("keep", "kept", "909"), ("apply", "applied_after_review", "303")]
)
def test_a_conflict_is_resolved_by_the_coordinator(
    client, db, reports, coordinator, sign_in, sync, post_form, decision, state, room
):
    sign_in(coordinator)
    report = reports[0]
    stale = visit_payload(report, outcome="corrected", corrections={"room": "303"})
    report.room, report.version = "909", report.version + 1
    db.session.commit()
    sync(stale)
    visit = db.session.scalar(db.select(Visit))
    post_form(f"/coordinator/conflicts/{visit.id}", {"decision": decision}, page="/coordinator/conflicts")
    db.session.refresh(visit)
    db.session.refresh(report)
    assert (visit.state, report.room) == (state, room)


def test_visits_outside_the_coordinators_communities_are_refused(
    client, db, reports, create_account, other_community, sign_in, sync
):
    sign_in(create_account("coordinator", place=other_community))
    [result] = sync(visit_payload(reports[0])).get_json()["results"]
    assert result == {
        "client_id": "device-visit-0001",
        "status": "refused",
        "error": "outside_area",
        "message": "This report is not in your communities",
    }
    assert client.get(f"/coordinator/visits/{reports[0].receipt}").status_code == 404
    assert db.session.scalar(db.select(Visit)) is None


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"client_id": "x"}, "malformed"),
        ({"outcome": "burgled"}, "malformed"),
        ({"recorded_at": "yesterday"}, "malformed"),
        (lambda: {"recorded_at": (clock.utcnow() + timedelta(days=2)).isoformat()}, "bad_time"),  # on the test's clock
        ({"outcome": "corrected"}, "no_corrections"),
        ({"corrections": {"password": "x"}}, "malformed"),
        ({"location": {"latitude": 200, "longitude": 0, "accuracy": 5}}, "malformed"),
    ],
)
def test_bad_visits_are_refused_one_by_one(client, db, reports, coordinator, sign_in, sync, change, error):
    sign_in(coordinator)
    change = change() if callable(change) else change
    good = visit_payload(reports[0], client_id="good-visit-00001")
    results = sync({**visit_payload(reports[0]), **change}, good).get_json()["results"]
    assert results[0]["status"] == "refused" and results[0]["error"] == error
    assert results[1]["status"] == "stored"


def test_the_coordinators_own_location_is_kept_with_its_accuracy_once_they_consented(
    client, db, reports, coordinator, sign_in, sync, post_form
):
    sign_in(coordinator)
    assert post_form("/account/consents/visit_location", page="/account").status_code == 302
    sync(visit_payload(reports[0], location={"latitude": 36.81, "longitude": 118.05, "accuracy": 25}))
    visit = db.session.scalar(db.select(Visit))
    assert (visit.latitude, visit.longitude, visit.accuracy_m) == (36.81, 118.05, 25)


def test_without_the_coordinators_consent_a_location_sent_is_not_kept(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    sync(visit_payload(reports[0], location={"latitude": 36.81, "longitude": 118.05, "accuracy": 25}))
    visit = db.session.scalar(db.select(Visit))
    assert visit.outcome == "confirmed"
    assert (visit.latitude, visit.longitude, visit.accuracy_m) == (None, None, None)


def test_a_migrant_cannot_sync_visits(client, db, reports, sync):
    assert sync(visit_payload(reports[0])).status_code == 403  # signed in as the migrant who reported


@pytest.mark.parametrize(
    "headers",
    [{"Origin": ORIGIN}, {"X-Xinju-Sync": "1"}, {"X-Xinju-Sync": "1", "Origin": "https://evil.example"}],
    ids=["no sync header", "no origin", "other origin"],
)
def test_sync_csrf_by_design(client, db, reports, coordinator, sign_in, sync, headers):
    sign_in(coordinator)
    response = sync(visit_payload(reports[0]), headers=headers)
    assert response.status_code == 400
    assert db.session.scalar(db.select(Visit)) is None


def test_sync_needs_no_form_token_even_hours_later(client, db, reports, coordinator, sign_in, sync):
    """The outbox may wait a day: the sync does not depend on the (expiring) form token, only on the session."""
    sign_in(coordinator)
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    assert sync(visit_payload(reports[0])).status_code == 200


def test_sync_without_a_session_is_401_and_stores_nothing(client, db, reports, sync):
    with client.session_transaction() as session:  # the session expired while the phone was offline
        session.clear()
    response = client.post(
        "/coordinator/sync",
        json={"visits": [visit_payload(reports[0])]},
        headers={**SYNC_HEADERS, "Accept": "application/json"},
    )
    assert response.status_code == 401
    assert db.session.scalar(db.select(Visit)) is None


def test_moved_out_ends_the_report(client, db, reports, coordinator, sign_in, sync):
    sign_in(coordinator)
    sync(visit_payload(reports[0], outcome="moved_out", notes="邻居说上周搬走了"))
    report = db.session.get(ResidenceReport, reports[0].id)
    db.session.refresh(report)
    assert (report.status, report.end_reason, report.ended_on) == ("ended", "moved_out", clock.today())


def test_field_page_holds_no_personal_data(client, reports, coordinator, sign_in):
    sign_in(coordinator)
    html = client.get("/field").get_data(as_text=True)
    assert "王芳" not in html and "赵磊" not in html
    assert 'data-module="field"' in html


def test_field_mode_refuses_someone_signed_in_who_is_not_a_coordinator(client, coordinator, create_account, sign_in):
    assert client.get("/field").status_code == 200  # nobody signed in: a coordinator whose session ended
    sign_in(create_account("migrant"))
    refused = client.get("/field")
    assert refused.status_code == 403 and 'data-module="field"' not in refused.get_data(as_text=True)
    sign_in(coordinator)
    assert client.get("/field").status_code == 200


def test_a_visit_stored_by_another_request_at_the_same_moment_is_a_duplicate(
    client, db, reports, coordinator, sign_in, sync, monkeypatch
):
    """Two syncs race: the other one commits the same client_id between our look-up and our commit."""
    from webapp.visits import record as recording

    payload = visit_payload(reports[0])
    real = recording.community_ids

    def racing(account):
        monkeypatch.setattr(recording, "community_ids", real)  # race once
        with db.engine.begin() as other:
            other.execute(
                Visit.__table__.insert().values(
                    client_id=payload["client_id"],
                    coordinator_id=coordinator.id,
                    report_id=reports[0].id,
                    outcome="confirmed",
                    corrections={},
                    notes="",
                    recorded_at=clock.utcnow(),
                    received_at=clock.utcnow(),
                    seen_version=1,
                    server_version=1,
                    conflict=False,
                    seen={},
                    server={},
                    state="applied",
                )
            )
        return real(account)

    monkeypatch.setattr(recording, "community_ids", racing)
    sign_in(coordinator)
    [result] = sync(payload).get_json()["results"]
    assert result["status"] == "duplicate"
    assert db.session.scalar(db.select(db.func.count(Visit.id))) == 1


def test_a_coordinator_rejects_a_report_with_a_reason(client, db, reports, coordinator, migrant, sign_in, post_form):
    sign_in(coordinator)
    receipt = reports[0].receipt
    missing = post_form(f"/coordinator/visits/{receipt}/reject", {}, page=f"/coordinator/visits/{receipt}")
    assert 'id="reject-reason-error"' in missing.get_data(as_text=True)
    post_form(
        f"/coordinator/visits/{receipt}/reject",
        {"reject-reason": "此地址无此人"},
        page=f"/coordinator/visits/{receipt}",
    )
    report = db.session.get(ResidenceReport, reports[0].id)
    db.session.refresh(report)
    assert (report.status, report.status_reason) == ("rejected", "此地址无此人")
    sign_in(migrant)
    html = client.get(f"/reports/{receipt}").get_data(as_text=True)
    assert "Rejected" in html and "此地址无此人" in html
    assert "Report where you live" in client.get("/me").get_data(as_text=True)  # they can report again


def test_permits_about_to_lapse_are_in_the_caseload(client, db, reports, coordinator, sign_in):
    from webapp.documents.models import Document
    from webapp.permits.models import Permit, PermitApplication

    report = reports[0]
    photo = Document(
        person=report.person, kind="photo", content_type="image/jpeg", size=1, width=1, height=1, sha256="x", data=b"x"
    )
    application = PermitApplication(
        person=report.person,
        report=report,
        county=report.place.parent.parent,
        permit_type="standard",
        profile_id="shandong-2018",
        target_date=clock.today(),
    )
    db.session.add(
        Permit(
            number="370399999999",
            person=report.person,
            application=application,
            county=report.place.parent.parent,
            permit_type="standard",
            profile_id="shandong-2018",
            photo=photo,
            issued_on=clock.today() - timedelta(days=350),
            valid_until=clock.today() + timedelta(days=14),
        )
    )
    db.session.commit()
    sign_in(coordinator)
    html = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/coordinator/permits">Permits about to lapse' in html
    html = client.get("/coordinator/permits").get_data(as_text=True)
    assert "Permits about to lapse" in html and "370399999999" in html


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (date(2026, 3, 20), False),  # Friday: the 10th working day, the target's last day
        (date(2026, 3, 21), True),  # Saturday: the last day has passed, as every deadline counts
        (date(2026, 3, 23), True),  # Monday
    ],
)
def test_a_report_is_overdue_the_day_after_its_targets_last_day_a_rest_day_too(
    client, db, community, coordinator, sign_in, today, overdue
):
    """Sent on Friday 6 March 2026 (10:00 in China), 10 working days: the last day is Friday 20 March. Reviewers found
    it counted overdue only from the Monday (a week later after a holiday)."""
    from tests.support.factories import create_reports
    from webapp.visits.caseload import caseload_for

    create_reports(community, 1, status="submitted", created=datetime(2026, 3, 6, 2, 0))
    [item] = caseload_for(coordinator, today).items()
    assert (item.target, item.overdue) == (10, overdue)
    with clock.pinned_at(datetime(2026, today.month, today.day, 2, 0)):  # 10:00 in China
        sign_in(coordinator)
        html = client.get("/coordinator").get_data(as_text=True)
    assert f"<strong>{int(overdue)}</strong> past 10 working days" in html
