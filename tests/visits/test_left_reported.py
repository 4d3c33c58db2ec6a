"""A landlord who says the tenant moved out, or an employer that the worker left, puts the report on the coordinator's
caseload even after a visit verified it, with the reason in words, on the caseload page and in field mode's
download, until a visit sees the person again (or finds them gone). Reviewers found the caseload silent: a verified
report whose landlord said the tenant had left was never looked at again."""

from datetime import date

import pytest

from tests.support.factories import create_employer
from tests.visits.test_caseload_cursor import download, receipts
from tests.visits.test_visits import visit_payload
from webapp.claims.service import claim_ended
from webapp.employers.models import Employment
from webapp.registrations.models import ResidenceReport

#: The landlord's "left on" date is checked against the suite's day (not in the future).
pytestmark = pytest.mark.usefixtures("test_day")

ZH = {"Accept-Language": "zh"}


@pytest.fixture
def verified(client, db, migrant, landlord, rental, coordinator, sign_in, report_data, submit_report, post_form):
    """王芳 reports room 101 of the landlord's rental; the landlord confirms; the coordinator's visit verifies it.
    The coordinator is signed in at the end."""
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    sign_in(landlord)
    tenancy_url = f"/landlord/tenancies/{report.tenancy_id}"
    assert post_form(tenancy_url, {"answer-answer": "confirm"}).status_code == 302
    sign_in(coordinator)
    db.session.refresh(report)
    answer = post_form(
        f"/coordinator/visits/{report.receipt}",
        {"outcome": "confirmed", "seen_version": str(report.version), "client_id": "form-visit-left-01"},
    )
    assert answer.status_code == 302
    db.session.refresh(report)
    assert report.status == "verified" and not report.left_reported
    return report


def landlord_says_left(client, db, landlord, report, sign_in, post_form, on="2026-07-14"):
    sign_in(landlord)
    assert post_form(f"/landlord/tenancies/{report.tenancy_id}", {"left-left_on": on}).status_code == 302
    db.session.refresh(report)


def test_a_verified_report_whose_landlord_says_the_tenant_left_is_back_on_the_caseload(
    client, db, verified, landlord, coordinator, sign_in, post_form
):
    page = client.get("/coordinator").get_data(as_text=True)
    assert "王芳" not in page  # verified: nothing to do
    before = download(client)
    assert receipts(before) == set()

    landlord_says_left(client, db, landlord, verified, sign_in, post_form)
    assert verified.status == "verified" and verified.left_reported  # the visit's verdict stands, to be checked

    sign_in(coordinator)
    page = client.get("/coordinator").get_data(as_text=True)
    assert "王芳" in page and "Landlord says they moved out" in page
    assert "<strong>1</strong> said by landlord or employer to have left" in page
    zh = client.get("/coordinator", headers=ZH).get_data(as_text=True)
    assert "房东称已搬走" in zh and "房东或用人单位称已离开" in zh
    # Field mode: the update after the cursor brings it, with its reason's code (the page words it).
    update = download(client, before["cursor"])
    assert [(item["r"], item["why"]) for item in update["items"]] == [(verified.receipt, ["moved"])]
    field = client.get("/field").get_data(as_text=True)
    assert 'data-why-moved="Landlord says they moved out"' in field
    assert 'data-why-left-job="Employer says they left the job"' in field


def test_a_visit_that_sees_the_person_takes_it_off_again(
    client, db, verified, landlord, coordinator, sign_in, post_form
):
    landlord_says_left(client, db, landlord, verified, sign_in, post_form)
    sign_in(coordinator)
    cursor = download(client)["cursor"]
    answer = post_form(
        f"/coordinator/visits/{verified.receipt}",
        {"outcome": "confirmed", "seen_version": str(verified.version), "client_id": "form-visit-left-02"},
    )
    assert answer.status_code == 302
    db.session.refresh(verified)
    assert (verified.status, verified.left_reported) == ("verified", False)
    assert "王芳" not in client.get("/coordinator").get_data(as_text=True)
    update = download(client, cursor)
    assert (update["items"], update["removed"]) == ([], [verified.receipt])


def test_nobody_found_keeps_it_and_a_visit_that_finds_them_gone_ends_it(
    client, db, verified, landlord, coordinator, sign_in, sync, post_form
):
    landlord_says_left(client, db, landlord, verified, sign_in, post_form)
    sign_in(coordinator)
    assert sync(visit_payload(verified, outcome="not_found")).get_json()["results"][0]["status"] == "stored"
    db.session.refresh(verified)
    assert verified.left_reported and "Landlord says they moved out" in client.get("/coordinator").get_data(
        as_text=True
    )
    answer = sync(visit_payload(verified, client_id="device-visit-0002", outcome="moved_out"))
    assert answer.get_json()["results"][0]["status"] == "stored"
    db.session.refresh(verified)
    assert (verified.status, verified.left_reported) == ("ended", False)
    assert "王芳" not in client.get("/coordinator").get_data(as_text=True)


def test_the_resident_reporting_the_move_ends_it_too(
    client, db, verified, landlord, migrant, coordinator, sign_in, post_form
):
    landlord_says_left(client, db, landlord, verified, sign_in, post_form)
    sign_in(migrant)
    left = post_form(f"/reports/{verified.receipt}/leave", {"left_on": "2026-07-14", "confirm": "y"})
    assert left.status_code == 302
    db.session.refresh(verified)
    assert verified.ended_on == date(2026, 7, 14) and not verified.left_reported
    sign_in(coordinator)
    assert "王芳" not in client.get("/coordinator").get_data(as_text=True)


def test_an_employer_saying_the_worker_left_is_a_reason_of_its_own(
    client, db, migrant, coordinator, create_account, sign_in, report_data, submit_report
):
    employer = create_employer(create_account("employer", display_name="陈静"))
    sign_in(migrant)
    submit_report(report_data(employer_name=employer.name, employer_uscc=employer.uscc))
    report = db.session.scalar(db.select(ResidenceReport))
    claim_ended(
        db.session.scalar(db.select(Employment)),
        actor=employer.members[0].account,
        party="employer",
        on=date(2026, 7, 1),
    )
    sign_in(coordinator)
    page = client.get("/coordinator").get_data(as_text=True)
    assert "Employer says they left the job" in page and "Landlord says they moved out" not in page
    [item] = download(client)["items"]
    assert (item["r"], item["why"]) == (report.receipt, ["awaiting", "left_job"])


def test_the_migration_flags_what_was_said_before_it_and_not_yet_seen(
    app, db, verified, landlord, coordinator, sign_in, post_form
):
    """0034 flags the current reports whose landlord or employer said the person left with no visit since (its
    UPDATE run here on the test's database: a downgrade rebuilds the table on SQLite, and with it the statistics
    other tests' plans depend on)."""
    import importlib.util
    from pathlib import Path

    import webapp

    path = Path(webapp.__file__).parent / "migrations" / "versions" / "0034_left_reported.py"
    spec = importlib.util.spec_from_file_location("migration_0034", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    def flagged_by_the_migration() -> bool:
        db.session.execute(db.update(ResidenceReport).values(left_reported=False))
        db.session.execute(migration.said_to_have_left())
        db.session.commit()
        return db.session.get(ResidenceReport, verified.id).left_reported

    assert flagged_by_the_migration() is False  # verified, nothing said
    landlord_says_left(client=None, db=db, landlord=landlord, report=verified, sign_in=sign_in, post_form=post_form)
    assert flagged_by_the_migration() is True
    sign_in(coordinator)
    report = db.session.get(ResidenceReport, verified.id)
    answer = post_form(
        f"/coordinator/visits/{report.receipt}",
        {"outcome": "confirmed", "seen_version": str(report.version), "client_id": "form-visit-left-03"},
    )
    assert answer.status_code == 302
    assert flagged_by_the_migration() is False  # seen after it was said
