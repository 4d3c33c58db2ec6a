"""Field mode's caseload by cursor: after the first download, only what changed (added, changed, removed for any
reason), a cursor that cannot be used gets the whole caseload, and a 2,000-report download fits its byte budget."""

import gzip
import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import joinedload

from tests.support.factories import create_reports
from tests.visits.test_visits import visit_payload
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.privacy import retention
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import CaseloadChange

URL = "/coordinator/caseload.json"


def download(client, since=None):
    response = client.get(URL, query_string={"since": since} if since is not None else None)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def receipts(data):
    return {item["r"] for item in data["items"]}


@pytest.fixture
def first(client, db, community, coordinator, sign_in):
    """Three open reports and a first download: (the reports, its answer)."""
    made = create_reports(community, 3, status="submitted")
    sign_in(coordinator)
    data = download(client)
    assert data["full"] is True and "removed" not in data and receipts(data) == {r.receipt for r in made}
    return made, data


def test_nothing_changed_is_an_empty_update(client, first):
    _made, data = first
    again = download(client, data["cursor"])
    assert (again["full"], again["items"], again["removed"]) == (False, [], [])
    assert re.fullmatch(r"[0-9]+\.[0-9a-f]{16}", again["cursor"])  # opaque: a number and a digest, nothing personal


def test_a_new_report_comes_as_added(client, db, community, first):
    _made, data = first
    [new] = create_reports(community, 1, status="submitted")
    update = download(client, data["cursor"])
    assert (receipts(update), update["removed"]) == ({new.receipt}, [])
    assert download(client, update["cursor"])["items"] == []  # and only once


def test_a_change_to_the_report_or_its_person_comes_as_changed(client, db, first):
    made, data = first
    made[0].room = "502"
    made[0].version += 1
    made[1].person.name = "李雷"
    db.session.commit()
    update = download(client, data["cursor"])
    items = {item["r"]: item for item in update["items"]}
    assert set(items) == {made[0].receipt, made[1].receipt} and update["removed"] == []
    assert (items[made[0].receipt]["rm"], items[made[0].receipt]["v"]) == ("502", made[0].version)
    assert items[made[1].receipt]["n"] == "李雷"


@pytest.mark.parametrize("outcome", ["confirmed", "moved_out"])
def test_a_report_visited_leaves_the_caseload(client, db, first, sync, outcome):
    made, data = first
    assert sync(visit_payload(made[0], outcome=outcome)).get_json()["results"][0]["status"] == "stored"
    update = download(client, data["cursor"])
    assert (update["items"], update["removed"]) == ([], [made[0].receipt])


def test_a_report_moved_to_another_community_is_removed_here_and_added_there(
    client, db, first, other_community, create_account, sign_in
):
    made, data = first
    other = create_account("coordinator", place=other_community)
    sign_in(other)
    theirs = download(client)
    assert receipts(theirs) == set()
    made[2].place = other_community
    db.session.commit()
    assert receipts(download(client, theirs["cursor"])) == {made[2].receipt}
    sign_in(first_coordinator(db))
    update = download(client, data["cursor"])
    assert (update["items"], update["removed"]) == ([], [made[2].receipt])


def first_coordinator(db):
    from webapp.accounts.models import Account

    return db.session.scalar(db.select(Account).where(Account.display_name == "赵磊"))


def test_a_report_deleted_with_its_person_is_removed(client, db, first):
    made, data = first
    person = made[1].person
    db.session.execute(db.delete(AuditEvent).where(AuditEvent.subject_person_id == person.id))  # who looked
    db.session.delete(made[1])
    db.session.delete(person)
    db.session.commit()
    update = download(client, data["cursor"])
    assert (update["items"], update["removed"]) == ([], [made[1].receipt])


def test_the_retention_sweep_of_a_deleted_account_updates_the_name(client, db, first, create_account):
    """The sweep empties names with one UPDATE statement: the reports it touches are followed too."""
    made, data = first
    account = create_account("migrant")
    account.display_name, account.deactivated_at = "", datetime(2000, 1, 1)  # deleted long ago (deletion.py)
    made[0].person.account = account
    db.session.commit()
    data = download(client, data["cursor"])
    assert retention.run(clock.utcnow())["deleted_account"] == 1
    update = download(client, data["cursor"])
    assert [(item["r"], item.get("n", "")) for item in update["items"]] == [(made[0].receipt, "")]


def test_the_change_log_is_kept_its_period_then_an_older_cursor_gets_the_whole_caseload(
    client, db, community, first, runner
):
    """`flask jobs run` deletes the changes older than their period (retention.toml) and notes the newest number it
    deleted: a cursor from before that cannot say what changed, so it gets the whole caseload; a newer one still
    gets an update."""
    made, data = first
    [new] = create_reports(community, 1, status="submitted")
    newer = download(client, data["cursor"])
    assert receipts(newer) == {new.receipt}
    period = timedelta(days=retention.RULES["caseload_change"].period)

    def sweep(day):
        result = runner.invoke(args=["jobs", "run", "--today", day.isoformat()])
        assert result.exit_code == 0, result.output
        db.session.expire_all()

    sweep(clock.today() + period - timedelta(days=1))  # not a day before
    assert db.session.query(CaseloadChange).count() > 0
    assert download(client, data["cursor"])["full"] is False

    sweep(clock.today() + period + timedelta(days=1))
    assert db.session.query(CaseloadChange).count() == 0
    whole = download(client, data["cursor"])
    assert whole["full"] is True and receipts(whole) == {r.receipt for r in made} | {new.receipt}
    update = download(client, newer["cursor"])  # up to the newest change deleted: nothing is missing
    assert (update["full"], update["items"], update["removed"]) == (False, [], [])
    [later] = create_reports(community, 1, status="submitted")
    assert receipts(download(client, newer["cursor"])) == {later.receipt}


def test_the_coordinators_own_communities_changing_means_a_whole_download(client, db, first, other_community):
    made, data = first
    coordinator = first_coordinator(db)
    coordinator.grants[0].place = other_community
    db.session.commit()
    update = download(client, data["cursor"])
    assert update["full"] is True and update["items"] == []  # the device replaces its copy: nothing here any more


@pytest.mark.parametrize("cursor", ["", "nonsense", "1.0", "99999999.0123456789abcdef", "1' OR 1=1", "x" * 500])
def test_a_cursor_that_cannot_be_used_gets_the_whole_caseload(client, first, cursor):
    made, _data = first
    update = download(client, cursor)
    assert update["full"] is True and receipts(update) == {r.receipt for r in made}


def test_a_cursor_from_the_future_gets_the_whole_caseload(client, first):
    made, data = first
    number, digest = data["cursor"].split(".")
    update = download(client, f"{int(number) + 5}.{digest}")
    assert update["full"] is True and receipts(update) == {r.receipt for r in made}


def test_another_coordinators_cursor_shows_only_ones_own_area(
    client, db, first, other_community, create_account, sign_in
):
    made, data = first
    [theirs] = create_reports(other_community, 1, status="submitted")
    sign_in(create_account("coordinator", place=other_community))
    update = download(client, data["cursor"])  # 赵磊's cursor, sent by another coordinator
    assert update["full"] is True and receipts(update) == {theirs.receipt}
    assert not receipts(update) & {r.receipt for r in made}


def test_a_migrant_gets_no_caseload_even_with_a_cursor(client, first, migrant, sign_in):
    _made, data = first
    sign_in(migrant)
    assert client.get(URL, query_string={"since": data["cursor"]}).status_code == 403


def test_an_items_age_is_todays_number_minus_its_day(client, db, community, coordinator, sign_in):
    from webapp.visits.caseload import caseload_for

    create_reports(community, 1, status="submitted", created=clock_days_ago(40))
    sign_in(coordinator)
    data = download(client)
    [item] = caseload_for(coordinator, clock_today()).items()
    assert data["today"] - data["items"][0]["d"] == item.age > 20


def clock_today():
    return clock.today()


def clock_days_ago(days):
    return clock.utcnow() - timedelta(days=days)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"


def test_a_2000_report_download_is_at_most_100_kb_compressed_and_a_morning_update_a_few_kb(
    client, db, community, coordinator, sign_in, sync
):
    """The byte budget of field mode (issue 15): realistic names and addresses, spread over buildings."""
    create_reports(community, 2000, status="submitted", number=lambda i: f"{i % 60 + 1}号")
    # Read back in one SELECT: touching each expired report after the commit would reload it (and flush) one by one.
    made = db.session.scalars(
        db.select(ResidenceReport).options(joinedload(ResidenceReport.person)).order_by(ResidenceReport.id)
    ).all()
    for i, report in enumerate(made):
        report.person.name = SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + (GIVEN[(i * 3) % 20] if i % 3 else "")
        report.road = ("人民路", "新华街", "和平巷", "青年路")[i % 4]
        report.building, report.unit, report.room = f"{i % 8 + 1}", f"{i % 3 + 1}", f"{100 * (i % 6 + 1) + i % 4}"
    db.session.commit()
    sign_in(coordinator)
    response = client.get(URL, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.get_data())
    print(f"first download: {len(body):,} bytes, {len(response.get_data()):,} gzipped")
    assert len(response.get_data()) <= 100 * 1024, len(response.get_data())
    first = json.loads(body)
    assert len(first["items"]) == 2000
    for report in made[:10]:  # a morning: ten visited, ten changed
        assert sync(visit_payload(report, client_id=f"morning-{report.receipt}"))
    for report in made[10:20]:
        report.room = "999"
        report.version += 1
    db.session.commit()
    update = client.get(URL, query_string={"since": first["cursor"]}, headers={"Accept-Encoding": "gzip"})
    delta = json.loads(gzip.decompress(update.get_data()))
    assert (len(delta["items"]), len(delta["removed"])) == (10, 10)
    print(f"update of 20 changes: {len(update.get_data()):,} bytes gzipped")
    assert len(update.get_data()) <= 3 * 1024, len(update.get_data())


def test_the_caseload_json_never_has_the_full_id_number(client, db, first):
    made, data = first
    text = client.get(URL).get_data(as_text=True)
    assert all(r.person.id_number not in text for r in db.session.scalars(db.select(ResidenceReport)))
