"""Shared by the rentals tests: the form of a new rental as a landlord fills it in, and a tenant reported at one."""

import pytest

from webapp.rentals.models import Tenancy

#: /landlord/properties/new as a landlord fills it in (in the suite's city, Zibo).
NEW_RENTAL = {
    "city": "3703",
    "county": "370303",
    "township": "370303001",
    "community": "370303001001",
    "road": "人民路",
    "number": "18号",
    "building": "3栋",
    "unit": "2单元",
    "rooms": "101, 102",
    "landlord_phone": "139 1234 5678",
}


@pytest.fixture
def tenancy(client, db, migrant, landlord, rental, sign_in, report_data, submit_report):
    """The migrant reports living in room 101 of `rental` (by its code); the landlord is signed in again."""
    sign_in(migrant)
    submit_report(report_data(housing_type="rental", landlord=rental.code, room="101"))
    sign_in(landlord)
    return db.session.scalar(db.select(Tenancy))
