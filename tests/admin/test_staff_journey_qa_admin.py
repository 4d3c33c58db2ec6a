"""A county administrator's staff journey through the pages: invite a coordinator, who joins with the link and a
passkey; assign a second community, take the first off, deactivate; what each page says, what the deactivated
coordinator can still do (nothing), the audit log in words, the staff CSV; a resident's recovery link after an
in-person check."""

import csv
import io
import re

import pytest

from tests.conftest import token_from
from tests.enrolment.test_recovery import make_link, resident_of
from webapp.accounts.models import Account
from webapp.audit.models import AuditEvent
from webapp.summaries.models import CommunityStats

#: Hand-worked answers counted from the suite's day: pinned even under `make test-dates`.
pytestmark = pytest.mark.usefixtures("test_day")

COOKIE = "xinju_session"


@pytest.fixture
def county(create_place, community):
    create_place("370303001002", "东风社区")
    create_place("370303002001", "南坪村")
    return create_place("370303", "张店区")


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def coordinators_in(db, code: str) -> int:
    db.session.expire_all()
    row = db.session.scalar(db.select(CommunityStats).where(CommunityStats.code == code))
    return row.coordinators if row else 0


def test_invite_join_assign_take_off_deactivate(
    client, db, county, create_account, sign_in, post_form, ceremony, authenticator
):
    admin = sign_in(create_account("admin", place=county, display_name="县管理员"))
    made = post_form(
        "/staff/invite",
        {
            "display_name": "周敏",
            "role": "coordinator",
            "city": "3703",
            "county": "370303",
            "township": "370303001",
            "community": "370303001001",
        },
    )
    html = made.get_data(as_text=True)
    path = re.search(r"(/enrol/[A-Za-z0-9_-]+)", html).group(1)
    client.post("/signout", data={"csrf_token": token_from(client.get("/").get_data(as_text=True))})

    # The invitee opens the link, sees who and where, and joins with a passkey.
    page = client.get(path).get_data(as_text=True)
    assert "周敏" in page and "和平社区" in page
    assert ceremony(path, f"{path}/options", f"{path}/verify", authenticator).status_code == 200
    coordinator = db.session.scalar(db.select(Account).where(Account.display_name == "周敏"))
    assert [(g.role, g.place.code) for g in coordinator.grants] == [("coordinator", "370303001001")]
    assert client.get("/coordinator").status_code == 200
    assert coordinators_in(db, "370303001001") == 1  # the dashboards count them from the moment they join
    coordinator_cookie = client.get_cookie(COOKIE).value

    # The administrator finds them, assigns a second community, takes the first off.
    sign_in(admin)
    staff = client.get("/admin/staff").get_data(as_text=True)
    assert "周敏" in staff and "Coordinator" in staff and "和平社区" in staff
    post_form("/admin/staff/assign", {"reference": coordinator.reference, "community": "370303002001"}, "/admin/staff")
    member = client.get(f"/admin/staff/{coordinator.id}").get_data(as_text=True)
    assert "和平社区" in member and "南坪村" in member and "Take off this community" in member
    assert coordinators_in(db, "370303002001") == 1
    first = next(g for g in coordinator.grants if g.place.code == "370303001001")
    response = post_form(
        f"/admin/staff/{coordinator.id}/grants/{first.id}/remove", {}, f"/admin/staff/{coordinator.id}"
    )
    assert "no longer covers 和平社区" in client.get(response.location).get_data(as_text=True)
    assert coordinators_in(db, "370303001001") == 0
    member = client.get(f"/admin/staff/{coordinator.id}").get_data(as_text=True)
    assert "和平社区" not in member and "Take off this community" not in member  # their last one stays

    # Deactivated: the page says so, the figures stop counting them, and their session is over.
    response = post_form(f"/admin/staff/{coordinator.id}/deactivate", {}, f"/admin/staff/{coordinator.id}")
    page = client.get(response.location).get_data(as_text=True)
    assert "周敏 can no longer sign in." in page and "Deactivated" in page and "Stop their access" not in page
    assert coordinators_in(db, "370303002001") == 0
    assert "Deactivated" in client.get("/admin/staff").get_data(as_text=True)

    # The audit log, in words: the invitation, the assignment, the taking off, the deactivation.
    log = client.get("/admin/audit").get_data(as_text=True)
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    for action in ("enrolment.created", "staff.assigned", "staff.unassigned", "staff.deactivated"):
        assert action in actions
        assert action not in log.split("<tbody>")[1]  # words, not codes (the filter's options hold them as values)
    assert "周敏" in log

    # The staff CSV: the reference, name, roles, and the day deactivated.
    rows = csv_rows(client.get("/admin/staff.csv"))
    [mine] = [row for row in rows if row[1] == "周敏"]
    assert mine[0] == coordinator.reference_display and "南坪村" in mine[2] and mine[3] == "2026-07-14"

    # What the deactivated coordinator can still do: nothing.
    client.set_cookie(COOKIE, coordinator_cookie)
    assert client.get("/coordinator").status_code in (302, 401, 403)
    assert client.get("/coordinator/caseload.json").status_code in (302, 401, 403)
    sync = client.post(
        "/coordinator/sync", json={"visits": []}, headers={"X-Xinju-Sync": "1", "Origin": "http://localhost"}
    )
    assert sync.status_code in (401, 403)
    again = ceremony("/signin", "/signin/options", "/signin/verify", authenticator, mode="signin")
    print("SIGNIN", again.status_code, again.get_data(as_text=True)[:500])
    assert again.status_code != 200 or not again.get_json().get("ok", False)
    assert client.get("/coordinator").status_code in (302, 401, 403)


def test_a_residents_recovery_link_after_an_in_person_check(
    client, db, community, county, create_account, sign_in, post_form
):
    person = resident_of(community, create_account)
    admin = sign_in(create_account("admin", place=county))
    link = make_link(post_form, person)
    assert client.get(link).status_code == 200
    events = {e.action: e for e in db.session.scalars(db.select(AuditEvent))}
    assert "recovery.created" in events or any(a.startswith("recovery") for a in events), sorted(events)
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Made a recovery link" in log and "identity checked in person: Resident identity card" in log
    assert "resident_id" not in log and admin.display_name in log
    client.set_cookie("lang", "zh")
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "resident_id" not in log and "identity checked" not in log, log[log.find("<tbody") :][:1500]


def test_officers_of_two_departments_are_told_apart_on_every_staff_screen(client, db, county, create_account, sign_in):
    """Two service officers of one county differ only by their department: the list, the person's page and the CSV
    name it (in words, in the administrator's language, beside the codes)."""
    sign_in(create_account("admin", place=county.parent))
    police = create_account("officer", place=county, department="public_security", display_name="公安专员")
    create_account("officer", place=county, department="hrss", display_name="人社专员")
    staff = client.get("/admin/staff").get_data(as_text=True)
    assert "Public security" in staff and "Human resources" in staff
    assert "Public security" in client.get(f"/admin/staff/{police.id}").get_data(as_text=True)
    rows = {row[1]: row for row in csv_rows(client.get("/admin/staff.csv"))}
    assert rows["name"][2:] == ["roles", "deactivated_on", "roles_in_words"]
    assert rows["公安专员"][2] == "officer 370303 张店区 public_security"
    assert rows["公安专员"][4] == "Service officer: 张店区 · Public security (police)"
    client.set_cookie("lang", "zh")
    rows = {row[1]: row for row in csv_rows(client.get("/admin/staff.csv"))}
    assert rows["公安专员"][4] == "服务专员：张店区 · 公安", rows["公安专员"][4]
    assert "服务专员：张店区 · 公安" in client.get("/admin/staff").get_data(as_text=True)


def test_the_audit_log_says_where_each_staff_step_happened(client, db, county, create_account, sign_in, post_form):
    """Which community a coordinator was given or taken off, where an invitation was for and as what, which area's
    table was downloaded: in words, in the administrator's language."""
    sign_in(create_account("admin", place=county, display_name="县管理员"))
    coordinator = create_account("coordinator", place=county.children[0].children[0], display_name="赵磊")
    post_form("/admin/staff/assign", {"reference": coordinator.reference, "community": "370303002001"}, "/admin/staff")
    first = next(g for g in coordinator.grants if g.place.code == "370303001001")
    post_form(f"/admin/staff/{coordinator.id}/grants/{first.id}/remove", {}, f"/admin/staff/{coordinator.id}")
    invite = {"display_name": "周敏", "role": "officer", "department": "hrss", "city": "3703", "county": "370303"}
    post_form("/staff/invite", invite)
    client.get("/admin/places/370303/export/areas.csv")
    rows = {}
    for row in re.findall(r"<tr><td>(.*?)</td></tr>", client.get("/admin/audit").get_data(as_text=True)):
        cells = row.split("</td><td>")
        rows[cells[2]] = cells[5]
    assert rows["Assigned a coordinator"] == "南坪村"
    assert rows["Took a coordinator off a community"] == "和平社区"
    assert rows["Invited staff"] == "张店区 (Service officer): 周敏"  # and whom the invitation was for
    assert rows["Downloaded a table (CSV)"] == "张店区"
    client.set_cookie("lang", "zh")
    assert "张店区（服务专员）" in client.get("/admin/audit").get_data(as_text=True)


def test_deactivating_asks_first_and_only_the_button_of_that_page_does_it(
    client, db, post_form, sign_in, create_account, create_place
):
    """A reviewer deactivated a coordinator with one tap on their page, with no way back there."""
    city = create_place("3703", "淄博市")
    community = create_place("370303001001", "中心社区")
    admin = sign_in(create_account("admin", place=city))
    coordinator = create_account("coordinator", place=community, display_name="赵磊")
    member = client.get(f"/admin/staff/{coordinator.id}").get_data(as_text=True)
    assert f'href="/admin/staff/{coordinator.id}/deactivate"' in member  # a link to the question, not the action
    question = client.get(f"/admin/staff/{coordinator.id}/deactivate")
    html = question.get_data(as_text=True)
    assert question.status_code == 200 and "Deactivate 赵磊?" in html and "Yes, deactivate" in html
    zh = client.get(f"/admin/staff/{coordinator.id}/deactivate", headers={"Accept-Language": "zh"})
    assert "停用赵磊的账户？" in zh.get_data(as_text=True) and "确定停用" in zh.get_data(as_text=True)
    db.session.refresh(coordinator)
    assert coordinator.deactivated_at is None  # asking changed nothing
    done = post_form(f"/admin/staff/{coordinator.id}/deactivate", {}, page=f"/admin/staff/{coordinator.id}/deactivate")
    assert done.status_code == 302
    db.session.refresh(coordinator)
    assert coordinator.deactivated_at is not None
    assert client.get(f"/admin/staff/{coordinator.id}/deactivate").status_code == 302  # already: back to the page
    assert admin.deactivated_at is None
