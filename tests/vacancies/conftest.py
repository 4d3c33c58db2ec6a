"""The jobs board's world: an employer in the Zibo community, the county's job-services officer, a posting."""

from datetime import timedelta

import pytest

from webapp import clock


@pytest.fixture
def employer_account(create_account, create_employer, community):
    account = create_account("employer", display_name="人事刘")
    employer = create_employer(account)
    employer.place = community
    from webapp.extensions import db

    db.session.commit()
    return account


@pytest.fixture
def job_officer(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="hrss", display_name="人社孙")


@pytest.fixture
def posting_data():
    def _data(**changes):
        data = {
            "title": "缝纫工",
            "kind": "manufacturing",
            "city": "3703",
            "county": "370303",
            "township": "370303001",
            "community": "370303001001",
            "wage_min": "4500",
            "wage_max": "6500",
            "hours": "每天8小时，每周6天",
            "housing": "yes",
            "min_age": "16",
            "requirements": "会用缝纫机，男女不限",
            "how_to_apply": "到厂门口人事部，或打电话0533-1234567",
            "closes_on": (clock.today() + timedelta(days=30)).isoformat(),
        }
        data.update(changes)
        return data

    return _data


@pytest.fixture
def vacancy(db, employer_account, community):
    """An approved posting of the employer, on the board."""
    from tests.support import factories
    from webapp.employers.rules import employer_of

    return factories.create_vacancy(employer_of(employer_account), community)
