"""A choice sent with a blank first value (QA, staff input): Optional() stops every check of a field, its options'
too, when the first value sent is blank, so "   " was kept as an officer's department and ["", "anything"] as the
documents an officer asks an applicant for. Now each is refused next to its field, in the staff member's language,
with nothing saved and nobody told."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from werkzeug.datastructures import MultiDict

from tests.conftest import token_from
from tests.support.factories import apply_for_permit, id_number
from tests.support.forms import errors_shown
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.enrolment.models import OneTimeLink
from webapp.notifications.models import Notification
from webapp.permits.models import PermitApplication
from webapp.registrations.models import ResidenceReport

#: The refusal of a list of check boxes ("missing"), and of a single choice ("one").
ENGLISH = {"missing": "Choose only from the options shown", "one": "Choose one of the options shown"}
CHINESE = {"missing": "请只从列出的选项中选择", "one": "请从列出的选项中选择一项"}


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def application(db, migrant, sign_in, report_data, submit_report, post_form):
    """Seven months in Zibo, and a permit application waiting for the county's police."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    apply_for_permit(post_form)
    return db.session.scalar(db.select(PermitApplication))


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("missing", [["   "], ["", "anything"], ["\u3000", "photo"]], ids=["blank", "then_any", "ideo"])
def test_documents_asked_for_must_be_among_those_shown(
    client, db, application, create_account, create_place, sign_in, missing, lang
):
    sign_in(create_account("officer", place=create_place("370303"), department="public_security"))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    page = f"/officer/permits/{application.id}"
    token = token_from(client.get(page).get_data(as_text=True))
    before = count(db, Notification), count(db, AuditEvent)
    sent = [
        ("csrf_token", token),
        ("decision", "missing"),
        ("reason", "照片不清楚"),
        *(("missing", m) for m in missing),
    ]

    response = client.post(page, data=MultiDict(sent))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert errors_shown(html, "missing-0", (CHINESE if lang == "zh-CN" else ENGLISH)["missing"])
    db.session.expire_all()
    found = db.session.get(PermitApplication, application.id)
    assert (found.status, found.missing) == ("submitted", [])
    assert count(db, Notification) == before[0]
    # Only the look at the applicant's page, which the form sent back shows again.
    assert count(db, AuditEvent) - before[1] <= 1


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("department", ["   ", "\u3000"])
def test_an_officer_is_invited_only_to_a_department_shown(
    client, db, community, create_account, create_place, sign_in, post_form, department, lang
):
    sign_in(create_account("admin", place=create_place("370303")))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    data = {"display_name": "孙伟", "role": "officer", "city": "3703", "county": "370303", "department": department}

    response = post_form("/staff/invite", data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert errors_shown(html, "department", (CHINESE if lang == "zh-CN" else ENGLISH)["one"])
    assert count(db, OneTimeLink) == 0
    assert count(db, AuditEvent) == 0


def test_a_department_chosen_from_the_list_still_makes_the_invitation(
    client, db, community, create_account, create_place, sign_in, post_form
):
    sign_in(create_account("admin", place=create_place("370303")))
    data = {"display_name": "孙伟", "role": "officer", "city": "3703", "county": "370303", "department": "hrss"}
    assert "/enrol/" in post_form("/staff/invite", data).get_data(as_text=True)
    assert db.session.scalar(db.select(OneTimeLink)).department == "hrss"


PERSON = {
    "name": "刘大爷",
    "sex": "male",
    "ethnicity": "01",
    "birth_date": "1960-02-03",
    "id_number": id_number(date(1960, 2, 3), "411525", 311),
    "hukou_province": "41",
    "hukou_city": "4115",
    "hukou_county": "411525",
    "consent_method": "spoken",
    "consent": "y",
}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("field", ["work_proof", "full_time_study"])
def test_a_coordinators_report_for_someone_takes_only_the_answers_shown(
    client, db, community, create_account, sign_in, post_form, report_data, field, lang
):
    sign_in(create_account("coordinator", place=community))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    page = post_form("/coordinator/assisted", PERSON).location
    before = count(db, AuditEvent), count(db, OneTimeLink)
    data = {**report_data(), "insurance_months": "3", "work_proof": "contract", "full_time_study": "no", field: "   "}

    response = post_form(page, data)

    assert response.status_code == 200
    assert errors_shown(response.get_data(as_text=True), f"{field}-0", (CHINESE if lang == "zh-CN" else ENGLISH)["one"])
    assert count(db, ResidenceReport) == 0
    assert (count(db, AuditEvent), count(db, OneTimeLink)) == before
