"""A newcomer's permit, walked through in a phone browser and pinned here through the HTTP client: no permit for
someone who left the county while the application waited, and each missing document named in the list of
problems."""

import pytest

from tests.support.factories import apply_for_permit, jpeg
from webapp import clock
from webapp.permits.models import Permit, PermitApplication

LEFT_THE_COUNTY = "no longer has a current residence report in this county"


@pytest.fixture
def application(db, applicant, post_form) -> PermitApplication:
    """The folder's waiting application (conftest.py), with photos of a real size: the officer opens them."""
    apply_for_permit(
        post_form,
        photo=jpeg(size=(800, 600)),
        residence_proof=jpeg(size=(800, 600)),
        employment_proof=jpeg(size=(800, 600)),
    )
    return db.session.scalar(db.select(PermitApplication))


def test_no_permit_is_issued_to_someone_who_left_while_the_application_waited(
    client, db, applicant, application, officer, sign_in, post_form
):
    post_form(f"/reports/{application.report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    sign_in(officer)
    response = post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert LEFT_THE_COUNTY in html and 'id="decision-error"' in html  # next to the decision
    assert db.session.scalar(db.select(Permit)) is None
    db.session.refresh(application)
    assert application.status == "submitted"
    # Refusing, with the reason, is still open to the officer.
    post_form(f"/officer/permits/{application.id}", {"decision": "refuse", "reason": "已离开本县（区）"})
    db.session.refresh(application)
    assert application.status == "refused"


def test_a_move_within_the_county_still_lets_the_permit_be_issued(
    client, db, applicant, application, officer, sign_in, post_form, report_data
):
    moved = {**report_data(road="新华路", number="7号"), "moved_on": clock.today().isoformat()}
    post_form(f"/reports/{application.report.receipt}/move", moved)
    sign_in(officer)
    response = post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Permit)) is not None


def test_the_officer_reads_it_in_chinese(client, db, applicant, application, officer, sign_in, post_form):
    post_form(f"/reports/{application.report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    sign_in(officer)
    client.set_cookie("lang", "zh")
    html = post_form(f"/officer/permits/{application.id}", {"decision": "approve"}).get_data(as_text=True)
    assert "此人在本县（区）已没有有效的居住登记" in html


def test_the_list_of_problems_names_each_missing_document(client, db, applicant, post_form):
    html = post_form("/me/permit/apply", {}, content_type="multipart/form-data").get_data(as_text=True)
    summary = html[html.index('class="error-summary') : html.index("</ul>", html.index('class="error-summary'))]
    assert "Choose a photo for “Your photo”" in summary
    assert "Choose a photo for “Proof of where you live" in summary
    client.set_cookie("lang", "zh")
    html = post_form("/me/permit/apply", {}, content_type="multipart/form-data").get_data(as_text=True)
    assert "请为“本人照片”选择照片：材料齐全后才会提交申请。" in html
