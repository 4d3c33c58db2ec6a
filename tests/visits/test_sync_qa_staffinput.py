"""The same visit twice in one sync (QA, staff input): the second was answered "refused: the visit could not be
read" although the first was stored, so the phone set aside as refused a visit the server had (the outbox keeps
one entry per visit number). It is stored once and both are answered as the device expects."""

import pytest

from tests.visits.test_visits import visit_payload
from webapp.registrations.models import ReportEvent
from webapp.visits.models import Visit


@pytest.mark.parametrize(
    ("second", "answers"),
    [
        ({}, ["stored", "duplicate"]),
        ({"outcome": "not_found", "notes": "没人"}, ["stored", "duplicate"]),
        ({"seen_version": 0}, ["stored", "duplicate"]),
    ],
    ids=["identical", "changed_on_the_phone", "older_version"],
)
def test_a_visit_sent_twice_in_one_sync_is_stored_once(db, reports, coordinator, sign_in, sync, second, answers):
    [report] = reports
    sign_in(coordinator)
    first = visit_payload(report, client_id="same-visit-0001")
    response = sync(first, {**first, **second})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == answers
    assert [r["client_id"] for r in results] == ["same-visit-0001"] * 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Visit)) == 1
    assert db.session.scalar(db.select(Visit)).outcome == "confirmed"
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(ReportEvent).where(ReportEvent.actor_id == coordinator.id)
        )
        == 1
    )
