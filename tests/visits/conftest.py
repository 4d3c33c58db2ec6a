"""The coordinator of the test community, a report in it, and a sync as the outbox sends it."""

import pytest

from tests.visits.test_visits import SYNC_HEADERS
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def reports(migrant, sign_in, report_data, submit_report, db):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    return db.session.scalars(db.select(ResidenceReport)).all()


@pytest.fixture
def sync(client):
    def _sync(*visits, headers=SYNC_HEADERS):
        return client.post("/coordinator/sync", json={"visits": list(visits)}, headers=headers)

    return _sync
