"""Fixtures for a small world used by the registration, rental and employer tests: a Zibo community, a migrant with
a profile, a landlord's rental, and report forms to fill in."""

from datetime import timedelta

import pytest

from webapp import clock


@pytest.fixture
def community(create_place):
    create_place("3703", "淄博市")
    create_place("370303", "张店区")
    create_place("370303001", "车站街道")
    return create_place("370303001001", "和平社区")


@pytest.fixture
def other_community(create_place):
    create_place("3303", "温州市")
    create_place("330302", "鹿城区")
    create_place("330302001", "五马街道")
    return create_place("330302001001", "墨池社区")


@pytest.fixture
def migrant(create_account, create_person):
    account = create_account("migrant", display_name="王芳")
    create_person(account, name="王芳")
    return account


@pytest.fixture
def landlord(create_account):
    return create_account("landlord", display_name="李强")


@pytest.fixture
def rental(create_rental, landlord, community):
    return create_rental(landlord, community, rooms=("101", "102"))


@pytest.fixture
def report_data(community):
    """A complete, valid report form for the community."""

    def _data(**changes):
        data = {
            "city": "3703",
            "county": "370303",
            "township": "370303001",
            "community": "370303001001",
            "road": "人民路",
            "number": "18号",
            "building": "",
            "unit": "",
            "room": "",
            "housing_type": "own_home",
            "landlord": "",
            "arrival_date": (clock.today() - timedelta(days=1)).isoformat(),
            "stay_count": "",
            "stay_unit": "months",
            "stay_open": "y",
            "reason": "work",
            "employer_name": "",
            "employer_uscc": "",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return _data


@pytest.fixture
def submit_report(client, post_form):
    """Fill the form, check the answers, send: returns the receipt page response."""

    def _submit(data, facts=None):
        """`facts`: the answers of page two (the permit's facts), when the case asks them."""
        response = post_form("/reports/new", data)
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        if response.location.endswith("/reports/new/more"):
            assert client.get("/reports/new/more").status_code == 200
            response = post_form(
                "/reports/new/more",
                {"insurance_months": "0", "work_proof": "none"} | (facts or {}),
                page="/reports/new/more",
            )
            assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        assert response.location.endswith("/reports/new/check")
        check = client.get("/reports/new/check")
        assert check.status_code == 200 and "decision-list" in check.get_data(as_text=True)
        return post_form("/reports/new/check", page="/reports/new/check", follow_redirects=True)

    return _submit
