"""The services folder's people: the county's job-services officer, and a job referral a registered migrant asked."""

import pytest

from webapp.services.models import ServiceRequest


@pytest.fixture
def hrss_officer(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="hrss", display_name="人社孙")


@pytest.fixture
def service_request(db, migrant, hrss_officer, sign_in, report_data, submit_report, post_form):
    """A registered migrant asked the county for a job referral (left signed in as the migrant)."""
    sign_in(migrant)
    submit_report(report_data())
    post_form("/me/services/job_referral/ask", {"details": "想找工作"})
    return db.session.scalar(db.select(ServiceRequest))
