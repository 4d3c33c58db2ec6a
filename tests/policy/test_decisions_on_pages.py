"""A report's page reads the decisions stored with it when it was sent in the words of today: a permit that could be
asked for "from such a day" says it can be asked for since then once that day has come (never a day already past
as if it were ahead)."""

from datetime import date, timedelta

import pytest

from tests.support.factories import create_reports
from webapp import clock
from webapp.policy.engine import Decision
from webapp.registrations import rules


def stored_permit_decision(from_date: date) -> list[dict]:
    decision = Decision(
        "permit",
        "not_yet",
        "permit.residence_not_yet",
        "shandong-2018",
        from_date=from_date,
        params={"min_residence": {"count": 6, "unit": "months"}},
    )
    return rules.to_json([decision])


@pytest.fixture
def own_report(db, create_account, create_place, sign_in):
    def _report(from_date: date):
        account = create_account("migrant")
        community = create_place("370303001001")
        [report] = create_reports(community, 1, status="verified")
        report.person.account = account
        report.decisions = stored_permit_decision(from_date)
        db.session.commit()
        sign_in(account)
        return report

    return _report


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_day_already_past_reads_as_since(client, own_report, language):
    today = clock.today()
    report = own_report(today - timedelta(days=30))
    client.set_cookie("lang", language)
    html = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    if language == "en":
        assert "you can apply for a residence permit." in html and "Since " in html
        assert "after 6 months of living here" not in html
    else:
        assert "起，您可以申领居住证" in html and "居住满" not in html


def test_a_day_still_ahead_is_named_as_ahead(client, own_report):
    today = clock.today()
    report = own_report(today + timedelta(days=10))
    html = client.get(f"/reports/{report.receipt}").get_data(as_text=True)
    assert "You can apply for a residence permit from" in html and "after 6 months of living here" in html
    assert "Since " not in html
