"""When a fixed-term permit may be renewed, and counts as "expiring", is one number (permits/rules.py
RENEWAL_NOTICE_DAYS, 30): the holder's renew button, the coordinator's permits about to lapse and the administrator's
count of permits expiring all follow it, on its last day and the day after. Changed, they all change with it."""

from datetime import timedelta

import pytest

from tests.support.factories import create_permit, create_reports
from webapp import clock
from webapp.permits import rules as permit_rules

#: Hand-worked answers counted from the suite's day: pinned even under `make test-dates`.
pytestmark = pytest.mark.usefixtures("test_day")


@pytest.fixture
def holder(db, create_account, community):
    """A migrant living in the community, with a fixed-term Shandong permit issued a year ago."""
    account = create_account("migrant", display_name="孙丽")
    report = create_reports(community, 1)[0]
    report.person.account = account
    report.person.name = "孙丽"
    db.session.commit()
    return account, report


def pages_on_the_day(client, sign_in, create_account, community, holder):
    account, _report = holder
    sign_in(account)
    card = client.get("/me/permit").get_data(as_text=True)
    sign_in(create_account("coordinator", place=community))
    lapsing = client.get("/coordinator/permits").get_data(as_text=True)
    sign_in(create_account("admin", place=community.parent.parent))
    board = client.get(f"/admin/places/{community.parent.parent.code}").get_data(as_text=True)
    return card, lapsing, board


@pytest.mark.parametrize(
    ("notice", "days_left", "soon"),
    [(30, 30, True), (30, 31, False), (45, 45, True), (45, 46, False)],
)
def test_the_renewal_period_is_one_number_everywhere(
    monkeypatch, client, db, community, create_account, sign_in, holder, test_day, notice, days_left, soon
):
    # monkeypatch first: it is undone after the db fixture's recount at teardown, which counts with the same number.
    monkeypatch.setattr(permit_rules, "RENEWAL_NOTICE_DAYS", notice)
    today = clock.today()
    _account, report = holder
    valid_until = today + timedelta(days=days_left)
    create_permit(report, profile="shandong-2018", issued=valid_until - timedelta(days=365), valid_until=valid_until)
    card, lapsing, board = pages_on_the_day(client, sign_in, create_account, community, holder)
    assert ("Renew my permit" in card) is soon
    assert ("孙丽" in lapsing) is soon
    assert f"<strong>{int(soon)}</strong> permits expiring within {notice} days" in board
