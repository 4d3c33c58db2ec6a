"""The coordinator of the test community, a report in it, and a sync as the outbox sends it."""

from datetime import date

import pytest

from tests.support.factories import id_number
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


@pytest.fixture
def person_data():
    """A person a coordinator registers in person (visits/assisted), before consent is ticked."""
    return {
        "name": "刘大爷",
        "sex": "male",
        "ethnicity": "01",
        "birth_date": "1960-02-03",
        "id_number": id_number(date(1960, 2, 3), "411525", 311),
        "phone": "",
        "hukou_province": "41",
        "hukou_city": "4115",
        "hukou_county": "411525",
        "consent_method": "spoken",
    }
