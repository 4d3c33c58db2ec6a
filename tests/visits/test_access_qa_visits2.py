"""Who may act on a report (task K, angle a): a coordinator of a neighbouring community (same township) or of another
county sees nothing and changes nothing, by URL or by putting other ids in a sync batch; a deactivated coordinator's
sync is refused; a coordinator taken off the community, or visiting their own report, is told why, in plain words."""

import pytest

from tests.conftest import token_from
from tests.visits.test_visits import SYNC_HEADERS, visit_payload
from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit


@pytest.fixture
def neighbour(create_place, community):
    """Another community of the same township (车站街道)."""
    return create_place("370303001002", "新华社区")


@pytest.fixture
def far(create_place, community):
    """A community of another county of the same city."""
    create_place("370302", "淄川区")
    create_place("370302001", "般阳路街道")
    return create_place("370302001001", "东关社区")


def stored(db) -> list[tuple[str, str]]:
    return [(v.client_id, v.state) for v in db.session.scalars(db.select(Visit).order_by(Visit.id))]


@pytest.mark.parametrize("where", ["neighbour", "far"])
def test_a_coordinator_of_another_community_sees_and_changes_nothing(
    client, db, reports, coordinator, create_account, sign_in, sync, request, where
):
    report = reports[0]
    sign_in(coordinator)  # the community's own coordinator leaves a conflict to review
    assert sync(visit_payload(report, seen_version=report.version + 1)).get_json()["results"][0]["status"] == "conflict"
    [conflict] = db.session.scalars(db.select(Visit)).all()
    version, status = report.version, report.status

    outsider = create_account("coordinator", place=request.getfixturevalue(where), display_name="外人")
    sign_in(outsider)
    own_page = client.get("/coordinator").get_data(as_text=True)
    assert "王芳" not in own_page
    token = token_from(own_page)
    for url in (f"/coordinator/visits/{report.receipt}", f"/reports/{report.receipt}"):
        assert client.get(url).status_code == 404, url
    posts = {
        f"/coordinator/visits/{report.receipt}": {"outcome": "moved_out", "seen_version": str(report.version)},
        f"/coordinator/visits/{report.receipt}/id-number": {"unmask-reason": "id: card check"},
        f"/coordinator/visits/{report.receipt}/reject": {"reject-reason": "查无此人"},
        f"/coordinator/conflicts/{conflict.id}": {"decision": "apply"},
    }
    for url, data in posts.items():
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    assert (
        client.post(f"/coordinator/conflicts/{conflict.id}", data={"csrf_token": token, "decision": "keep"}).status_code
        == 404
    )

    assert "王芳" not in client.get("/coordinator/conflicts").get_data(as_text=True)
    download = client.get("/coordinator/caseload.json").get_json()
    assert download["items"] == [] and report.receipt not in str(download)
    assert client.get("/coordinator/sync").get_json()["conflicts"] == 0

    # Another community's receipt, or the colleague's visit number, in a sync batch: refused one by one.
    results = sync(
        visit_payload(report, client_id="outsider-visit-01", outcome="moved_out"),
        visit_payload(report, client_id=conflict.client_id, outcome="moved_out"),
    ).get_json()["results"]
    assert results[0] == {
        "client_id": "outsider-visit-01",
        "status": "refused",
        "error": "outside_area",
        "message": "This report is not in your communities",
    }
    assert results[1]["status"] == "refused" and "state" not in results[1]  # nothing said of the colleague's visit

    db.session.expire_all()
    report = db.session.get(ResidenceReport, report.id)
    assert (report.version, report.status) == (version, status)
    assert stored(db) == [(conflict.client_id, "conflict")]


def test_a_deactivated_coordinators_sync_is_refused_and_nothing_is_stored(
    client, db, reports, coordinator, sign_in, sync
):
    sign_in(coordinator)
    assert client.get("/coordinator/sync").status_code == 200
    coordinator.deactivated_at = clock.utcnow()
    db.session.commit()

    response = sync(visit_payload(reports[0], outcome="moved_out"))
    assert response.status_code == 401 and response.get_json()["error"]
    as_field_mode = {"Accept": "application/json"}  # outbox.js asks so: a 401, never the sign-in page
    assert client.get("/coordinator/sync", headers=as_field_mode).status_code == 401  # it wipes its caseload
    assert client.get("/coordinator/caseload.json", headers=as_field_mode).status_code == 401
    assert stored(db) == []
    assert db.session.get(ResidenceReport, reports[0].id).status == "submitted"


def test_a_coordinator_taken_off_the_community_after_the_download_is_refused_per_visit(
    client, db, reports, coordinator, sign_in, sync, neighbour
):
    sign_in(coordinator)
    assert client.get("/coordinator/caseload.json").get_json()["items"]
    for grant in db.session.scalars(db.select(RoleGrant).where(RoleGrant.account_id == coordinator.id)).all():
        db.session.delete(grant)  # one by one, as the staff pages do: the community's counts follow
    db.session.add(RoleGrant(account_id=coordinator.id, role="coordinator", place_id=neighbour.id))
    db.session.commit()

    [result] = sync(visit_payload(reports[0])).get_json()["results"]
    assert (result["status"], result["error"]) == ("refused", "outside_area")
    assert stored(db) == []


def test_a_coordinators_own_report_is_refused_in_plain_words(client, db, reports, migrant, sign_in, sync):
    """A resident who is also a coordinator of their community: their own report is another's to visit."""
    db.session.add(RoleGrant(account_id=migrant.id, role="coordinator", place_id=reports[0].place_id))
    db.session.commit()
    sign_in(migrant)
    [result] = sync(visit_payload(reports[0])).get_json()["results"]
    assert result == {
        "client_id": "device-visit-0001",
        "status": "refused",
        "error": "own_report",
        "message": "This is your own report: another coordinator visits it",
    }
    zh = client.post(
        "/coordinator/sync",
        json={"visits": [visit_payload(reports[0])]},
        headers={**SYNC_HEADERS, "Accept-Language": "zh"},
    ).get_json()["results"][0]
    assert zh["message"] == "这是您本人的申报：由其他协管员上门核实"
    assert stored(db) == []
    assert client.get(f"/coordinator/visits/{reports[0].receipt}").status_code == 403
