"""QA of the officer's queue of waiting permit applications when an applicant has moved since applying: the queue says
it in words beside the name (moved within the county; now lives in another county; residence report ended), so the
officer opens those first; an applicant who has not moved is not flagged, nor one whose report changed for a new job;
another county's officer sees none of it; and the words cost the page one statement, however many rows it shows."""

import re

import pytest

from tests.permits.conftest import move
from tests.support.factories import apply_for_permit
from tests.support.statements import statements_sent
from webapp import clock
from webapp.permits.models import PermitApplication
from webapp.registrations.models import ResidenceReport

# The suite's day, pinned before any fixture: the report applied on starts before the day the person moves or leaves.
pytestmark = pytest.mark.usefixtures("test_day")

MOVED = "Moved since applying (within this county)"
ELSEWHERE = "Now lives in another county"
ENDED = "Residence report ended: no current report"
FLAGS = (MOVED, ELSEWHERE, ENDED)


def another_county(create_place):
    create_place("370302", "淄川区")
    create_place("370302001", "般阳路街道")
    create_place("370302001001", "般阳社区")
    return {"county": "370302", "township": "370302001", "community": "370302001001"}


def row_of(html: str, name: str) -> str:
    """The queue's table row of the applicant with this name."""
    rows = [row for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if f">{name}</a>" in row]
    assert len(rows) == 1, html
    return rows[0]


def queue_row(client, sign_in, officer, name="王芳") -> str:
    sign_in(officer)
    html = client.get("/officer/permits").get_data(as_text=True)
    return row_of(html, name)


def flags_in(row: str) -> list[str]:
    return [flag for flag in FLAGS if flag in row]


def test_no_move_no_flag(client, application, officer, sign_in):
    row = queue_row(client, sign_in, officer)
    assert flags_in(row) == [] and 'class="tag' not in row


def test_a_new_job_is_not_a_move(client, db, application, officer, sign_in, post_form):
    data = {"employer_name": "淄博新居纺织有限公司", "started_on": clock.today().isoformat()}
    assert post_form(f"/reports/{application.report.receipt}/new-job", data).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(ResidenceReport)) == 2
    assert flags_in(queue_row(client, sign_in, officer)) == []


def test_a_move_within_the_county_is_flagged_as_moved(
    client, db, application, officer, sign_in, post_form, report_data
):
    move(db, post_form, report_data, application)
    row = queue_row(client, sign_in, officer)
    assert flags_in(row) == [MOVED]
    # In words, in the name's cell, beside the link to the application.
    name_cell = row[row.index("<td>") : row.index("</td>")]
    assert f'href="/officer/permits/{application.id}"' in name_cell and MOVED in name_cell


def test_a_move_to_another_county_is_flagged_as_such(
    client, db, application, officer, sign_in, post_form, report_data, create_place
):
    elsewhere = move(db, post_form, report_data, application, **another_county(create_place))
    row = queue_row(client, sign_in, officer)
    assert flags_in(row) == [ELSEWHERE]
    # Nothing of where they live now: not this officer's to see.
    assert elsewhere.receipt not in row and "新华路" not in row and "淄川" not in row


def test_a_report_ended_without_a_new_one_is_flagged(client, db, application, officer, sign_in, post_form):
    left = {"left_on": clock.today().isoformat(), "confirm": "y"}
    assert post_form(f"/reports/{application.report.receipt}/leave", left).status_code == 302
    assert flags_in(queue_row(client, sign_in, officer)) == [ENDED]


def test_each_row_says_its_own_and_the_counts_stay(
    client,
    db,
    applicant,
    application,
    officer,
    sign_in,
    post_form,
    report_data,
    submit_report,
    create_account,
    create_person,
    create_place,
):
    """Three applicants in one queue: the one who moved away is flagged, the others not; the counts are unchanged."""
    for name in ("李娜", "张伟"):
        account = create_account("migrant", display_name=name)
        create_person(account, name=name)
        sign_in(account)
        submit_report(report_data(arrival_date=application.report.arrival_date.isoformat()))
        apply_for_permit(post_form)
    sign_in(applicant)
    move(db, post_form, report_data, application, **another_county(create_place))
    sign_in(officer)
    html = client.get("/officer/permits").get_data(as_text=True)
    assert "<strong>3</strong> waiting for a decision" in html
    assert flags_in(row_of(html, "王芳")) == [ELSEWHERE]
    assert flags_in(row_of(html, "李娜")) == [] and flags_in(row_of(html, "张伟")) == []
    assert html.count(ELSEWHERE) == 1


def test_the_words_cost_one_statement_whatever_the_rows(
    client, db, application, officer, sign_in, post_form, report_data, submit_report, create_account, create_person
):
    def statements_of_the_queue() -> int:
        sign_in(officer)
        with statements_sent(db.engine) as statements:
            assert client.get("/officer/permits").status_code == 200
        return len(statements)

    move(db, post_form, report_data, application)
    one_row = statements_of_the_queue()
    for name in ("李娜", "张伟"):
        account = create_account("migrant", display_name=name)
        create_person(account, name=name)
        sign_in(account)
        submit_report(report_data(arrival_date=application.report.arrival_date.isoformat()))
        apply_for_permit(post_form)
        move(
            db,
            post_form,
            report_data,
            db.session.scalars(db.select(PermitApplication).order_by(PermitApplication.id)).all()[-1],
        )
    assert statements_of_the_queue() == one_row
    sign_in(officer)
    assert client.get("/officer/permits").get_data(as_text=True).count(MOVED) == 3


def test_another_countys_officer_sees_neither_the_application_nor_its_flag(
    client, db, application, sign_in, post_form, report_data, create_account, create_place, other_community
):
    move(db, post_form, report_data, application)
    sign_in(create_account("officer", place=create_place("330302"), department="public_security"))
    html = client.get("/officer/permits").get_data(as_text=True)
    assert "王芳" not in html and MOVED not in html and "No applications waiting." in html
    assert client.get(f"/officer/permits/{application.id}").status_code == 404


def test_the_officer_reads_the_flags_in_chinese(
    client, db, application, officer, sign_in, post_form, report_data, create_place
):
    move(db, post_form, report_data, application, **another_county(create_place))
    sign_in(officer)
    client.set_cookie("lang", "zh")
    row = row_of(client.get("/officer/permits").get_data(as_text=True), "王芳")
    assert "现居住在其他县（区）" in row and ELSEWHERE not in row
