"""A migrant with a permit application and a service request, each with its document images."""

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import permit_and_request_cases
from webapp import clock


@pytest.fixture
def applicant(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    return migrant


@pytest.fixture
def police(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security")


@pytest.fixture
def hrss(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="hrss")


@pytest.fixture
def cases(db, applicant, post_form):
    """(permit application, service request, the request's own document)."""
    return permit_and_request_cases(post_form)
