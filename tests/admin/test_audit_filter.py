"""The administrator narrows the audit log to one kind of action and a span of China's days (a reviewer found only
paging, newest first: unusable at city scale); what cannot be read is said next to its field and not applied, never
a 500; the CSV takes the same filter; the address holds codes and days only."""

from datetime import datetime

import pytest

from webapp.audit.models import AuditEvent


@pytest.fixture
def admin(create_account, create_place, sign_in):
    return sign_in(create_account("admin", place=create_place("3703", "淄博市")))


@pytest.fixture
def events(db, admin):
    # 13 July 2026 23:30 in China is 15:30 UTC: the 13th in China; 14 July 00:30 in China is 13 July 16:30 UTC.
    for at, action in [
        (datetime(2026, 7, 13, 15, 30), "export.csv"),
        (datetime(2026, 7, 13, 16, 30), "staff.assigned"),
        (datetime(2026, 7, 14, 2, 0), "export.csv"),
    ]:
        db.session.add(AuditEvent(at=at, actor_id=admin.id, action=action))
    db.session.commit()


def rows(html: str) -> int:
    return html.count("Downloaded a table (CSV)</td>") + html.count("Assigned a coordinator</td>")


def test_by_action_and_by_chinas_days(client, events):
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert rows(everything) == 3 and 'id="action"' in everything and 'type="date"' in everything
    only_exports = client.get("/admin/audit?action=export.csv").get_data(as_text=True)
    assert rows(only_exports) == 2 and "Assigned a coordinator</td>" not in only_exports
    assert '<option value="export.csv" selected>' in only_exports
    on_the_14th = client.get("/admin/audit?since=2026-07-14&until=2026-07-14").get_data(as_text=True)
    assert rows(on_the_14th) == 2  # 00:30 and 10:00 in China
    on_the_13th = client.get("/admin/audit?until=2026/7/13").get_data(as_text=True)
    assert rows(on_the_13th) == 1
    assert 'href="/admin/audit.csv?action=export.csv"' in only_exports


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("action=nonsense", "action", "Choose an action from the list"),
        ("since=yesterday", "since", "Enter a date, like 2026-07-14"),
        ("since=2026-07-14&until=2026-07-13", "until", "The last day must be on or after the first day"),
        ("since=" + "9" * 500, "since", "Enter a date, like 2026-07-14"),
    ],
)
def test_what_cannot_be_read_is_said_next_to_its_field(client, events, query, field, message):
    response = client.get(f"/admin/audit?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html and message in html and f'href="#{field}"' in html
    assert rows(html) >= 1  # the rest of the filter still applies; the part not read is not


def test_the_csv_takes_the_filter(client, events, sign_in, admin):
    sign_in(admin)  # verified just now: exports need a fresh passkey check
    body = client.get("/admin/audit.csv?action=staff.assigned").get_data(as_text=True)
    lines = [line for line in body.splitlines()[1:] if line.strip()]
    assert len(lines) == 1 and "staff.assigned" in lines[0]


def test_in_chinese(client, events):
    html = client.get("/admin/audit?since=x", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "全部操作" in html and "请输入日期，例如 2026-07-14" in html


@pytest.fixture
def coordinators(db, create_account, create_place):
    """A coordinator of the administrator's city, one of another city, and what each did."""
    here = create_account("coordinator", place=create_place("370303001001", "中心社区"), display_name="赵磊")
    away = create_account("coordinator", place=create_place("330302001001", "别处社区"), display_name="钱多")
    for account, action in ((here, "caseload.viewed"), (here, "export.csv"), (away, "caseload.viewed")):
        db.session.add(AuditEvent(at=datetime(2026, 7, 14, 2, 0), actor_id=account.id, action=action))
    db.session.commit()
    return here, away


def test_what_one_staff_member_did_from_their_page(client, events, coordinators):
    here, _away = coordinators
    member = client.get(f"/admin/staff/{here.id}").get_data(as_text=True)
    assert f'href="/admin/audit?staff={here.id}"' in member
    html = client.get(f"/admin/audit?staff={here.id}").get_data(as_text=True)
    assert "Only what 赵磊 did." in html and f'name="staff" value="{here.id}"' in html
    assert html.count("<td>赵磊</td>") == 2 and rows(html) == 1  # their export, not the administrator's three
    assert 'href="/admin/audit"' in html  # show what everyone did
    narrowed = client.get(f"/admin/audit?staff={here.id}&action=export.csv").get_data(as_text=True)
    assert narrowed.count("<td>赵磊</td>") == 1
    assert (
        'href="/admin/audit?action=export.csv"' in narrowed
        and f"/admin/audit.csv?action=export.csv&amp;staff={here.id}" in narrowed
    )


@pytest.mark.parametrize("staff", ["AWAY", "abc", "9" * 40, "0", "-1", "²"])
def test_someone_not_of_the_area_is_refused_and_not_applied(client, events, coordinators, staff):
    if staff == "AWAY":
        staff = str(coordinators[1].id)
    response = client.get("/admin/audit", query_string={"staff": staff})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="staff-error"' in html and "Choose a staff member of your area from the staff list" in html
    assert 'href="#staff"' in html and "钱多" not in html
    assert rows(html) == 4  # everything the administrator may see (the coordinator here's export too), unfiltered


def test_the_csv_takes_the_staff_member(client, events, coordinators, sign_in, admin):
    sign_in(admin)
    body = client.get(f"/admin/audit.csv?staff={coordinators[0].id}").get_data(as_text=True)
    lines = [line for line in body.splitlines()[1:] if line.strip()]
    assert len(lines) == 2 and all("赵磊" in line for line in lines)


def test_the_staff_filter_in_chinese(client, events, coordinators):
    html = client.get("/admin/audit?staff=x", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "请从工作人员名单中选择您所辖地区的工作人员" in html
    html = client.get(f"/admin/audit?staff={coordinators[0].id}", headers={"Accept-Language": "zh"}).get_data(
        as_text=True
    )
    assert "只显示赵磊的操作。" in html
