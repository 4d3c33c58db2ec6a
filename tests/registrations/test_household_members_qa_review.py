# ruff: noqa: F811 - the fixtures imported from the feature's own tests
"""QA review of a household member registered at the head's address: never before they were born, never a member
who has an account of their own (they register, and keep, their own), and the household page says 'at your address'
only while it is."""

import json
from datetime import timedelta

from tests.privacy.test_my_data_qa_privacy import my_data
from tests.registrations.test_household_members import child, head, reports_of  # noqa: F401 (fixtures)
from tests.support.forms import errors_shown
from webapp import clock
from webapp.registrations.models import ResidenceReport


def test_not_living_there_before_they_were_born(client, db, head, child, post_form, report_data, submit_report):
    submit_report(report_data())
    before_birth = (child.birth_date - timedelta(days=1)).isoformat()
    refused = post_form(f"/me/household/{child.id}/register", {"arrival_date": before_birth, "confirm": "y"})
    assert refused.status_code == 200
    assert errors_shown(refused.get_data(as_text=True), "arrival_date", "before they were born")
    assert reports_of(db, child) == []
    born = child.birth_date.isoformat()
    assert post_form(f"/me/household/{child.id}/register", {"arrival_date": born, "confirm": "y"}).status_code == 302
    assert len(reports_of(db, child)) == 1


def test_a_member_with_their_own_account_is_not_registered_or_managed_by_the_head(
    client, db, head, child, create_account, post_form, report_data, submit_report
):
    submit_report(report_data())
    own = create_account("migrant", display_name="王小明")
    child.account_id = own.id  # took over their record with an account of their own
    db.session.commit()
    assert f"/me/household/{child.id}/register" not in client.get("/me/household").get_data(as_text=True)
    assert client.get(f"/me/household/{child.id}/register").status_code == 404
    data = {"arrival_date": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/me/household/{child.id}/register", data, page="/me/household").status_code == 404
    assert reports_of(db, child) == []


def test_a_member_registered_by_the_head_who_takes_over_their_record_owns_their_report(
    client, db, head, child, create_account, sign_in, post_form, report_data, submit_report
):
    submit_report(report_data())
    data = {"arrival_date": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/me/household/{child.id}/register", data).status_code == 302
    [report] = reports_of(db, child)
    assert client.get(f"/reports/{report.receipt}").status_code == 200  # the head's, while the child has no account
    own = create_account("migrant", display_name="王小明")
    child.account_id = own.id
    db.session.commit()
    assert client.get(f"/reports/{report.receipt}").status_code == 404  # now theirs, not the head's
    sign_in(own)
    assert client.get(f"/reports/{report.receipt}").status_code == 200


def test_the_household_page_says_at_your_address_only_while_it_is(
    client, db, head, child, post_form, report_data, submit_report
):
    submit_report(report_data())
    data = {"arrival_date": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/me/household/{child.id}/register", data).status_code == 302
    assert "Registered at your address" in client.get("/me/household").get_data(as_text=True)
    home = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.person_id != child.id))
    home.ended_on, home.status = clock.today(), "ended"  # the head left; the child's report stays
    db.session.commit()
    page = client.get("/me/household").get_data(as_text=True)
    assert "Registered at your address" not in page
    assert "Registered at another address" in page


def test_a_member_with_their_own_account_no_longer_ties_the_head_to_the_register(
    client, db, head, child, create_account, post_form, report_data, submit_report
):
    submit_report(report_data())
    data = {"arrival_date": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/me/household/{child.id}/register", data).status_code == 302
    home = db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.person_id != child.id))
    home.ended_on, home.status = clock.today(), "ended"  # the head left
    db.session.commit()
    refused = post_form("/account/delete", {"understood": "y"}, page="/account/delete", follow_redirects=True)
    assert "Someone in your household is registered through your account" in refused.get_data(as_text=True)
    child.account_id = create_account("migrant", display_name="王小明").id  # the child's report is now their own
    db.session.commit()
    assert post_form("/account/delete", {"understood": "y"}, page="/account/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(type(head), head.id).deactivated_at is not None


def test_the_heads_copy_of_their_data_leaves_out_a_member_with_their_own_account(
    client, db, head, child, create_account, post_form, report_data, submit_report
):
    submit_report(report_data())
    data = {"arrival_date": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/me/household/{child.id}/register", data).status_code == 302
    [report] = reports_of(db, child)
    assert report.receipt in json.dumps(my_data(post_form)[0], ensure_ascii=False)  # the head's, while no account
    child.account_id = create_account("migrant", display_name="王小明").id
    db.session.commit()
    copy = json.dumps(my_data(post_form)[0], ensure_ascii=False)
    assert report.receipt not in copy and "王小明" not in copy
