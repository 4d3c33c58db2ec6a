"""The report asks the facts the rules use, as facts: the planned stay as a number with its unit, and, only when the
person's case needs them, a labour contract or business licence, months of social insurance, living here since when
and study. What the person reads fits the moment and never carries a rule id."""

from datetime import date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.forms import errors_shown
from webapp import clock
from webapp.policy.engine import RULES
from webapp.registrations.models import ResidenceReport

WENZHOU = {"city": "3303", "county": "330302", "township": "330302001", "community": "330302001001"}
#: China's 10 June 2026, 10:00: a Wednesday.
TODAY = date(2026, 6, 10)


@pytest.fixture
def pinned(other_community):
    """China's 10 June 2026 and the places of 鹿城区, Wenzhou (the Zibo community is `community`)."""
    with clock.pinned_at(datetime(2026, 6, 10, 10, 0)):
        yield TODAY


def months_ago(n: int) -> str:
    return (TODAY - relativedelta(months=n)).isoformat()


def no_rule_ids(html: str) -> None:
    assert not [rule for rule in RULES if rule in html], "a rule id shown to a resident"
    assert "pending review" not in html and "carried over" not in html


def test_a_wenzhou_renter_with_a_labour_contract_is_told_they_can_apply(
    client, db, pinned, migrant, landlord, other_community, create_rental, sign_in, report_data, post_form
):
    rental = create_rental(landlord, other_community, rooms=())
    sign_in(migrant)
    data = report_data(**WENZHOU, housing_type="rental", landlord=rental.code, arrival_date=months_ago(7))
    data |= {"stay_open": "", "stay_count": "2", "stay_unit": "years", "employer_name": "温州鞋业有限公司"}
    data = {k: v for k, v in data.items() if v != ""}
    response = post_form("/reports/new", data)
    assert response.location.endswith("/reports/new/check")  # a registered rental is a stable home: nothing more
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "You can apply for a residence permit now" in html
    assert "Zhejiang Regulations on Residence Registration" in html  # the rules, by their title
    no_rule_ids(html)


def test_a_wenzhou_renter_whose_landlord_is_not_on_xinju_is_told_by_the_labour_contract(
    client, db, pinned, migrant, sign_in, report_data, post_form
):
    """The rental is not registered yet, so it is not yet a stable home: the labour contract decides."""
    sign_in(migrant)
    data = report_data(**WENZHOU, housing_type="rental", arrival_date=months_ago(7), employer_name="温州鞋业有限公司")
    data |= {"landlord": "13912345678", "landlord_name": "陈先生"}
    response = post_form("/reports/new", data)
    assert response.location.endswith("/reports/new/more"), response.get_data(as_text=True)[-1500:]
    assert post_form("/reports/new/more", {"work_proof": "labour_contract", "insurance_months": "0"}).status_code == 302
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "You can apply for a residence permit now" in html
    no_rule_ids(html)
    post_form("/reports/new/more", {"work_proof": "none", "insurance_months": "0"})
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "To get a residence permit you need a stable job" in html


@pytest.mark.parametrize(
    ("facts", "told"),
    [
        ({"work_proof": "labour_contract", "insurance_months": "0"}, "You can apply for a residence permit now"),
        ({"work_proof": "none", "insurance_months": "3"}, "You can apply for a residence permit now"),
        (
            {"work_proof": "labour_contract", "work_proof_since": months_ago(2), "insurance_months": "0"},
            "You can apply for a residence permit from October 10, 2026, when your job here has lasted long enough",
        ),
        (
            {"work_proof": "none", "insurance_months": "0"},
            "A job counts as stable with a labour contract for 6 months, a business licence held for 3 months",
        ),
    ],
    ids=["contract since arrival", "social insurance", "contract for 2 months", "no stable job"],
)
def test_the_job_is_asked_when_it_decides_the_permit(
    client, db, pinned, migrant, sign_in, report_data, post_form, facts, told
):
    sign_in(migrant)
    data = report_data(
        **WENZHOU, housing_type="relatives", arrival_date=months_ago(7), employer_name="温州鞋业有限公司"
    )
    response = post_form("/reports/new", data)
    assert response.location.endswith("/reports/new/more")
    page = client.get("/reports/new/more").get_data(as_text=True)
    assert "labour contract" in page and "social insurance" in page
    assert 'name="resided_since"' not in page  # seven months here already: when they came does not matter
    assert post_form("/reports/new/more", facts).location.endswith("/reports/new/check")
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert told in html
    no_rule_ids(html)
    post_form("/reports/new/check", page="/reports/new/check")
    report = db.session.scalar(db.select(ResidenceReport))
    assert report.work_proof == facts["work_proof"] and report.insurance_months == int(facts["insurance_months"])


def test_page_two_keeps_its_errors_next_to_the_field(client, db, pinned, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    post_form("/reports/new", report_data(**WENZHOU, housing_type="relatives", arrival_date=months_ago(7)))
    html = post_form("/reports/new/more", {"insurance_months": "many"}).get_data(as_text=True)
    assert 'id="work_proof-error"' in html and 'id="insurance_months-error"' in html
    html = post_form("/reports/new/more", {"work_proof": "none", "insurance_months": "9999"}).get_data(as_text=True)
    assert "from 0 to 600" in html
    assert db.session.scalar(db.select(ResidenceReport)) is None


def test_a_90_day_stay_in_wenzhou_in_2014_is_told_about_the_temporary_permit(
    client, db, migrant, sign_in, report_data, post_form, other_community
):
    with clock.pinned_at(datetime(2014, 6, 10, 10, 0)):
        sign_in(migrant)
        data = report_data(**WENZHOU, arrival_date="2014-06-09", stay_open=None, stay_count="90", stay_unit="days")
        assert post_form("/reports/new", data).location.endswith("/reports/new/more")
        post_form("/reports/new/more", {"work_proof": "none", "insurance_months": "0"})
        html = client.get("/reports/new/check").get_data(as_text=True)
        assert "You will get a temporary residence permit when you register" in html
        assert "less than" not in html  # 90 days is not "a stay of less than 31 days"
        assert "You need to register your residence by June 12, 2014" in html
        no_rule_ids(html)


def test_the_stay_is_counted_in_calendar_months(client, db, pinned, migrant, sign_in, report_data, post_form):
    """Six months from 10 June is 10 December: a stay of 6 months lasts the national six months of residence."""
    sign_in(migrant)
    data = report_data(arrival_date=TODAY.isoformat(), stay_open=None, stay_count="6", stay_unit="months")
    assert post_form("/reports/new", data).location.endswith("/reports/new/more")
    post_form("/reports/new/more", {})
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "You can apply for a residence permit from December 10, 2026" in html
    data["stay_count"] = "5"
    post_form("/reports/new", data)
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "A residence permit needs 6 months of living here" in html


def test_a_commuter_is_asked_how_long_they_work_here(
    client, db, pinned, create_account, create_person, sign_in, report_data, post_form, create_place, community
):
    """Zibo since 2018 (national rules): no commuter rule; in 2014 (Shandong 253号) a month of work is needed."""
    create_place("370302", "淄川区")
    account = create_account("migrant")
    create_person(account, hukou="370302")
    sign_in(account)
    with clock.pinned_at(datetime(2014, 1, 31, 10, 0)):
        base = {"arrival_date": "2014-01-31", "stay_open": None, "commuter": "y", "stay_unit": "days"}
        post_form("/reports/new", report_data(**base, stay_count="28"))  # to 28 February: one month
        html = client.get("/reports/new/check").get_data(as_text=True)
        assert "work here for 1 month or more, so you need to register by" in html
        post_form("/reports/new", report_data(**base, stay_count="27"))
        html = client.get("/reports/new/check").get_data(as_text=True)
        assert "work here for less than 1 month, so you do not need to register" in html


def test_a_deadline_already_past_says_late_and_accepted(client, db, pinned, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    post_form("/reports/new", report_data(arrival_date=(TODAY - timedelta(days=20)).isoformat()))
    post_form("/reports/new/more", {})
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "You needed to register by May 25, 2026. That day has passed, but you can still register now" in html
    receipt = post_form("/reports/new/check", page="/reports/new/check", follow_redirects=True)
    html = receipt.get_data(as_text=True)
    assert "You reported your residence on June 10, 2026, after the deadline, so it is marked as late" in html
    assert "You need to register your residence by" not in html
    assert "What happens next" in html
    no_rule_ids(html)
    no_rule_ids(client.get("/me").get_data(as_text=True))


def test_an_arrival_years_back_is_checked_before_the_old_rules_apply(
    client, db, pinned, migrant, sign_in, report_data, post_form
):
    sign_in(migrant)
    data = report_data(arrival_date="2019-03-01")
    html = post_form("/reports/new", data).get_data(as_text=True)
    assert 'id="arrival_date-error"' in html and "Is this date right?" in html and "Yes, this date is right" in html
    assert post_form("/reports/new", data | {"arrival_confirmed": "y"}).status_code == 302
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "You needed to register by March 4, 2019" in html


def test_staff_see_the_rule_ids_apart(
    client, db, pinned, migrant, sign_in, report_data, submit_report, create_account, create_place, community
):
    sign_in(migrant)
    submit_report(report_data())
    report = db.session.scalar(db.select(ResidenceReport))
    coordinator = create_account("coordinator", place=community)
    sign_in(coordinator)
    html = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "<details" in html and report.decisions[0]["rule"] in html


def test_the_check_page_lists_only_the_questions_asked(client, db, pinned, migrant, sign_in, report_data, post_form):
    """Their own home is a stable home: Zibo's rules ask only since when they have lived in the city, not the job."""
    sign_in(migrant)
    arrived = (TODAY - timedelta(days=10)).isoformat()
    assert post_form("/reports/new", report_data(arrival_date=arrived)).location.endswith("/reports/new/more")
    page = client.get("/reports/new/more").get_data(as_text=True)
    assert 'name="resided_since"' in page and 'name="work_proof"' not in page and 'name="insurance_months"' not in page
    since = (TODAY - timedelta(days=40)).isoformat()
    assert post_form("/reports/new/more", {"resided_since": since}).location.endswith("/reports/new/check")
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "Living in this city since" in html and "May 1, 2026" in html
    assert "Labour contract or business licence" not in html and "Months of social insurance here" not in html


def test_the_job_questions_asked_are_on_the_check_page(client, db, pinned, migrant, sign_in, report_data, post_form):
    sign_in(migrant)
    post_form("/reports/new", report_data(**WENZHOU, housing_type="relatives", arrival_date=months_ago(7)))
    post_form("/reports/new/more", {"work_proof": "labour_contract", "insurance_months": "4"})
    html = client.get("/reports/new/check").get_data(as_text=True)
    assert "Labour contract or business licence" in html and "Months of social insurance here" in html
    assert "Living in this city since" not in html  # not asked: seven months here already


def test_coming_to_the_city_cannot_be_after_arriving_at_the_address(
    client, db, pinned, migrant, sign_in, report_data, post_form
):
    sign_in(migrant)
    data = report_data(arrival_date=(TODAY - timedelta(days=20)).isoformat())
    post_form("/reports/new", data)
    later = (TODAY - timedelta(days=5)).isoformat()
    html = post_form("/reports/new/more", {"resided_since": later}).get_data(as_text=True)
    message = "The day you came to live in this city cannot be after the day you arrived at this address (May 21, 2026)"
    assert errors_shown(html, "resided_since", message)
    client.set_cookie("lang", "zh")
    html = post_form("/reports/new/more", {"resided_since": later}).get_data(as_text=True)
    assert errors_shown(html, "resided_since", "来本市居住的日期不能晚于您入住此地址的日期")
    assert client.get("/reports/new/check").location.endswith("/reports/new/more")  # nothing kept
    # The same day is fine; then an arrival at the address moved before it sends the person back to page two.
    assert post_form("/reports/new/more", {"resided_since": data["arrival_date"]}).status_code == 302
    assert client.get("/reports/new/check").status_code == 200
    post_form("/reports/new", data | {"arrival_date": (TODAY - timedelta(days=25)).isoformat()})
    assert client.get("/reports/new/check").location.endswith("/reports/new/more")
    assert db.session.scalar(db.select(ResidenceReport)) is None
