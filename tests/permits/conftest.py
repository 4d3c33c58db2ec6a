"""The permits folder's people: a migrant who may apply, and the county's public-security officer."""

import pytest
from dateutil.relativedelta import relativedelta

from webapp import clock


@pytest.fixture
def applicant(migrant, sign_in, report_data, submit_report):
    """Living in her own home in Zibo for seven months: six months of residence and a stable home (national rules)."""
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    return migrant


@pytest.fixture
def officer(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security")
