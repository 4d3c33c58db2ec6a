"""An administrator who opens a person's record by receipt sees only the reports inside their own area: a person who
moved from Wenzhou to Zibo has their new Zibo address there, which is Zibo's to see (GET /reports/<receipt> answers
404 to the Wenzhou administrator, and so does this page's list)."""

from datetime import timedelta

import pytest

from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def moved(db, migrant, other_community, community, sign_in, report_data, submit_report, post_form):
    """王芳 reported in Wenzhou (墨池社区, 府前路), then moved to Zibo (和平社区, 人民路): (the two reports)."""
    wenzhou = {"city": "3303", "county": "330302", "township": "330302001", "community": "330302001001"}
    sign_in(migrant)
    arrived = (clock.today() - timedelta(days=100)).isoformat()
    submit_report(report_data(**wenzhou, road="府前路", number="9号", arrival_date=arrived))
    first = db.session.scalar(db.select(ResidenceReport))
    data = {**report_data(road="人民路", number="18号"), "moved_on": (clock.today() - timedelta(days=2)).isoformat()}
    assert post_form(f"/reports/{first.receipt}/move", data).status_code == 302
    db.session.expire_all()
    second = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))
    assert second.place_id == community.id and second.previous_id == first.id
    return db.session.get(ResidenceReport, first.id), second


def opened(post_form, receipt: str) -> str:
    response = post_form("/admin/record", {"receipt": receipt, "reason": "admin: complaint"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_wenzhou_admin_sees_only_the_wenzhou_report(client, moved, create_account, sign_in, post_form):
    wenzhou, zibo = moved
    sign_in(create_account("admin", place=wenzhou.place.parent.parent.parent))
    assert client.get(f"/reports/{zibo.receipt}").status_code == 404
    page = opened(post_form, wenzhou.receipt)
    assert "王芳" in page
    assert wenzhou.receipt_display in page and "府前路" in page
    assert zibo.receipt_display not in page and "人民路" not in page
    # The Zibo receipt itself is not in this administrator's area.
    refused = post_form("/admin/record", {"receipt": zibo.receipt, "reason": "admin: complaint"})
    assert refused.status_code == 400 and "人民路" not in refused.get_data(as_text=True)


def test_the_zibo_admin_sees_only_the_zibo_report(moved, create_account, sign_in, post_form):
    wenzhou, zibo = moved
    sign_in(create_account("admin", place=zibo.place.parent.parent.parent))
    page = opened(post_form, zibo.receipt)
    assert zibo.receipt_display in page and "人民路" in page
    assert wenzhou.receipt_display not in page and "府前路" not in page


def test_an_admin_of_both_cities_sees_both(db, moved, create_account, sign_in, post_form):
    wenzhou, zibo = moved
    admin = create_account("admin", place=zibo.place.parent.parent.parent)
    db.session.add(RoleGrant(account=admin, role="admin", place=wenzhou.place.parent.parent.parent))
    db.session.commit()
    sign_in(admin)
    page = opened(post_form, wenzhou.receipt)
    assert wenzhou.receipt_display in page and zibo.receipt_display in page
