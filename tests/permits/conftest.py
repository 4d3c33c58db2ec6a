"""The permits folder's people: a migrant who may apply, and the county's public-security officer."""

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import apply_for_permit
from webapp import clock
from webapp.permits.models import PermitApplication
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def applicant(migrant, sign_in, report_data, submit_report):
    """Living in her own home in Zibo for seven months: six months of residence and a stable home (national rules)."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    return migrant


@pytest.fixture
def officer(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security")


# A waiting application of the applicant, and a move after it (the officer's review page and queue tests).
@pytest.fixture
def application(db, applicant, post_form) -> PermitApplication:
    apply_for_permit(post_form)
    return db.session.scalar(db.select(PermitApplication))


def move(db, post_form, report_data, application, **address) -> ResidenceReport:
    data = {**report_data(road="新华路", number="7号", **address), "moved_on": clock.today().isoformat()}
    response = post_form(f"/reports/{application.report.receipt}/move", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return db.session.scalar(db.select(ResidenceReport).order_by(ResidenceReport.id.desc()).limit(1))
