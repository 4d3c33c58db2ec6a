"""An administrator sees the staff invitations of their area not used yet and cancels one sent to the wrong person:
its link stops working at once, the audit log says who it was for; another area's administrator neither sees nor
cancels it (a reviewer found invitations could not be seen or cancelled once made)."""

from datetime import timedelta

import pytest

from tests.enrolment.test_enrolment import county_admin, place_of  # noqa: F401 - the fixture, used by name
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.enrolment.models import OneTimeLink


@pytest.fixture
def invited(client, db, county_admin, post_form):  # noqa: F811 - the fixture imported above
    response = post_form("/staff/invite", {"display_name": "周敏", "role": "coordinator", **place_of("370303001001")})
    assert response.status_code == 200
    url = next(part for part in response.get_data(as_text=True).split('"') if "/enrol/" in part)
    return db.session.scalar(db.select(OneTimeLink)), url[url.index("/enrol/") :]


def test_the_invitation_is_listed_and_cancelled(client, db, county_admin, invited, post_form):  # noqa: F811
    link, path = invited
    html = client.get("/staff/invitations").get_data(as_text=True)
    assert "周敏" in html and "测试社区" in html and "Coordinator" in html
    assert client.get("/staff/invite").get_data(as_text=True).count('href="/staff/invitations"') == 1

    cancelled = post_form(f"/staff/invitations/{link.id}/cancel", page="/staff/invitations", follow_redirects=True)
    page = cancelled.get_data(as_text=True)
    assert "The invitation for 周敏 is cancelled" in page and "No invitation is waiting to be used." in page
    assert client.get(path).status_code == 410  # the link no longer works
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "enrolment.cancelled"))
    assert event.actor_id == county_admin.id and event.details["invited"] == "周敏"
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Cancelled a staff invitation" in log and "周敏" in log

    again = post_form(f"/staff/invitations/{link.id}/cancel", page="/staff/invitations", follow_redirects=True)
    assert "That invitation can no longer be used" in again.get_data(as_text=True)


def test_an_expired_invitation_is_not_listed(client, db, county_admin, invited):  # noqa: F811
    with clock.pinned_at(clock.instant() + timedelta(hours=73)):
        assert "周敏" not in client.get("/staff/invitations").get_data(as_text=True)


def test_another_areas_administrator_neither_sees_nor_cancels_it(
    client, db, invited, create_account, create_place, sign_in, post_form
):
    link, _path = invited
    sign_in(create_account("admin", place=create_place("3303", "温州市")))
    assert "周敏" not in client.get("/staff/invitations").get_data(as_text=True)
    assert post_form(f"/staff/invitations/{link.id}/cancel", page="/staff/invitations").status_code == 404
    db.session.expire_all()
    assert db.session.get(OneTimeLink, link.id).used_at is None
    for role in ("migrant", "coordinator"):
        sign_in(create_account(role, place=create_place("370303001001") if role != "migrant" else None))
        assert client.get("/staff/invitations").status_code == 403


def test_in_chinese(client, county_admin, invited):  # noqa: F811
    html = client.get("/staff/invitations", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "尚未使用的工作人员邀请" in html and "取消给周敏的邀请" in html
