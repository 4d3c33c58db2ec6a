"""QA of the officer's review of a permit application: a decided application says so, and a decision sent again
from a page left open changes nothing and says why."""

import pytest
from dateutil.relativedelta import relativedelta

from tests.conftest import token_from
from tests.support.factories import apply_for_permit
from webapp import clock
from webapp.permits.models import Permit, PermitApplication


@pytest.fixture
def application(db, migrant, sign_in, report_data, submit_report, post_form):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    apply_for_permit(post_form)
    return db.session.scalar(db.select(PermitApplication))


@pytest.fixture
def officer(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security", locale="zh")


def test_a_decision_sent_again_from_an_old_page_changes_nothing(client, db, application, officer, sign_in, post_form):
    sign_in(officer)
    page = f"/officer/permits/{application.id}"
    stale = token_from(client.get(page).get_data(as_text=True))
    assert post_form(page, {"decision": "refuse", "reason": "材料不实"}).status_code == 302
    again = client.post(page, data={"csrf_token": stale, "decision": "approve"})
    assert again.status_code == 302 and again.location.endswith(page)
    shown = client.get(page).get_data(as_text=True)
    assert "这份申请已经有了审核结果" in shown
    db.session.expire_all()
    assert db.session.get(PermitApplication, application.id).status == "refused"
    assert db.session.scalar(db.select(Permit)) is None
    # The page says what was decided, and why (it offers no decision any more).
    assert "不予办理：材料不实" in shown and "Send the decision" not in shown and 'name="decision"' not in shown
