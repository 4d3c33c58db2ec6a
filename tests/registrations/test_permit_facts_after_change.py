"""After a move or a new job, what the permit rules count may change: a home that counted as stable (one's own, a
registered rental) for a rental whose landlord is not on Xinju leaves only a stable job. The change goes on to page
two's questions, as a first report would, and the answers are kept on the report, its permit decision judged again.
Reviewers found a person told 'not yet' for good, with no form to say they have a labour contract."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from webapp import clock
from webapp.registrations.models import ResidenceReport

pytestmark = pytest.mark.usefixtures("test_day")
MAY_APPLY = "You can apply for a residence permit now"


def current(db) -> ResidenceReport:
    db.session.expire_all()
    return db.session.scalar(db.select(ResidenceReport).where(ResidenceReport.ended_on.is_(None)))


@pytest.fixture
def moved(client, db, migrant, sign_in, report_data, submit_report, post_form):
    """Seven months in her own home (a stable home: she may apply), then a move to a rental whose landlord is not on
    Xinju (not a stable home by itself): the answer to the move."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    assert MAY_APPLY in client.get("/me").get_data(as_text=True)
    first = current(db)
    data = report_data(
        road="新华路",
        number="7号",
        housing_type="rental",
        room="301",
        landlord="139 0000 2222",
        landlord_name="周先生",
    )
    return post_form(f"/reports/{first.receipt}/move", {**data, "moved_on": clock.today().isoformat()})


def test_the_move_goes_on_to_the_permit_questions_and_the_answers_count(client, db, moved, post_form):
    report = current(db)
    assert moved.status_code == 302 and moved.location.endswith(f"/reports/{report.receipt}/permit-facts")
    page = client.get(moved.location).get_data(as_text=True)
    assert "Thank you. Your change has been recorded." in page  # the change is in: these questions come after
    assert "Do you have a written labour contract or a business licence" in page
    assert f'href="/reports/{report.receipt}"' in page  # back to the receipt, not to a first report's form

    since = (clock.today() - relativedelta(months=8)).isoformat()
    sent = post_form(
        f"/reports/{report.receipt}/permit-facts",
        {"work_proof": "labour_contract", "work_proof_since": since, "insurance_months": "7"},
    )
    assert sent.status_code == 302 and sent.location.endswith(f"/reports/{report.receipt}")
    report = current(db)
    assert (report.work_proof, report.work_proof_since.isoformat(), report.insurance_months) == (
        "labour_contract",
        since,
        7,
    )
    receipt = client.get(sent.location).get_data(as_text=True)
    assert "Your answers for the residence permit have been saved." in receipt
    assert "/permit-facts" not in receipt  # the permit no longer waits on them
    assert MAY_APPLY in client.get("/me").get_data(as_text=True)


def test_without_a_job_the_answer_is_kept_and_the_page_shows_it_again(client, db, moved, post_form):
    report = current(db)
    url = f"/reports/{report.receipt}/permit-facts"
    assert post_form(url, {"work_proof": "none", "insurance_months": "0"}).status_code == 302
    assert MAY_APPLY not in client.get("/me").get_data(as_text=True)  # the rules' answer, as it stands
    receipt = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert f'href="{url}"' in receipt and "your work or studies here may count" in receipt  # a contract signed later
    again = client.get(url).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="work_proof"[^>]*value="none"', again)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"insurance_months": "0"}, "work_proof", "Select whether you have a labour contract or a business licence"),
        ({"work_proof": "labour_contract", "insurance_months": "-1"}, "insurance_months", "from 0 to 600"),
        (
            {"work_proof": "labour_contract", "work_proof_since": "2030-01-01", "insurance_months": "1"},
            "work_proof_since",
            "future",
        ),
    ],
)
def test_a_wrong_answer_is_shown_next_to_its_field_and_nothing_is_saved(
    client, db, moved, post_form, data, field, message
):
    report = current(db)
    response = post_form(f"/reports/{report.receipt}/permit-facts", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = html.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert current(db).work_proof == "none"


def test_in_chinese(client, db, moved):
    report = current(db)
    html = client.get(f"/reports/{report.receipt}/permit-facts", headers={"Accept-Language": "zh"}).get_data(
        as_text=True
    )
    assert "劳动合同" in html and "Do you have" not in html


def test_nobody_else_opens_it_and_a_report_needing_none_goes_to_its_receipt(
    client, db, moved, create_account, sign_in, migrant, post_form
):
    report = current(db)
    url = f"/reports/{report.receipt}/permit-facts"
    stranger = create_account("migrant")
    sign_in(stranger)
    assert client.get(url).status_code == 404
    assert post_form(url, {"work_proof": "labour_contract", "insurance_months": "9"}, page="/me").status_code == 404
    assert current(db).work_proof == "none"


def test_a_move_to_ones_own_home_asks_nothing(client, db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - timedelta(days=200)).isoformat()))
    first = current(db)
    data = report_data(road="新华路", number="9号")
    moved = post_form(f"/reports/{first.receipt}/move", {**data, "moved_on": clock.today().isoformat()})
    report = current(db)
    assert moved.location.endswith(f"/reports/{report.receipt}")
    assert client.get(f"/reports/{report.receipt}/permit-facts").location.endswith(f"/reports/{report.receipt}")


def test_a_written_lease_makes_the_new_rental_a_stable_home(client, db, moved, post_form):
    """DOMAIN §1: a safe rental with a lease is a stable home, whether or not the landlord is on Xinju."""
    report = current(db)
    page = client.get(f"/reports/{report.receipt}/permit-facts").get_data(as_text=True)
    assert "Do you have a written lease (tenancy contract) for your home here?" in page
    zh = client.get(f"/reports/{report.receipt}/permit-facts", headers={"Accept-Language": "zh"})
    assert "您在这里的住处有书面租房合同吗？" in zh.get_data(as_text=True)
    sent = post_form(
        f"/reports/{report.receipt}/permit-facts",
        {"written_lease": "yes", "work_proof": "none", "insurance_months": "0"},
    )
    assert sent.status_code == 302
    assert current(db).written_lease is True
    assert MAY_APPLY in client.get("/me").get_data(as_text=True)


def test_a_first_report_of_a_tenant_with_a_lease_may_apply(client, db, migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    data = report_data(
        arrival_date=(clock.today() - relativedelta(months=7)).isoformat(),
        housing_type="rental",
        room="301",
        landlord="139 0000 2222",
        landlord_name="周先生",
    )
    submit_report(data, facts={"written_lease": "yes"})
    assert current(db).written_lease is True
    assert MAY_APPLY in client.get("/me").get_data(as_text=True)
