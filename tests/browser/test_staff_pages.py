"""Staff pages on a 320 px screen: an administrator's dashboards, staff list and audit log, a coordinator's
caseload and an employer's pages fit without scrolling sideways (tables scroll inside their own box)."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_field import COMMUNITY, create_reports, load_community
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.places.models import Place

pytestmark = pytest.mark.browser

NAME = "刘洋"


def grant(app, display_name: str, *roles: tuple[str, str | None]) -> None:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == display_name))
        for role, code in roles:
            place = db.session.scalar(select(Place).where(Place.code == code)) if code else None
            db.session.add(RoleGrant(account=account, role=role, place=place))
        db.session.commit()


def test_staff_pages_fit_320_px(live_server, new_context, authenticator, sign_up):
    load_community(live_server.app)
    create_reports(live_server.app, ("王芳", "李娜"))
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(page)
    sign_up(page, NAME)
    grant(live_server.app, NAME, ("admin", "370303"), ("coordinator", COMMUNITY), ("employer", None))
    for path in (
        "/admin/places/370303",
        "/admin/places/370303001",
        f"/admin/places/{COMMUNITY}?period=24m",
        "/admin/staff",
        "/admin/audit",
        "/coordinator",
        "/employer/setup",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} is {scroll_width} px wide on a 320 px screen"
