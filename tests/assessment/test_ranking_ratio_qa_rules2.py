"""The ranking page names the coordinator ratio it counted with: the [staffing] migrants_per_coordinator of the
profile in force (on the period's last day; today's for the running period), in both languages, not a fixed 500.

Zibo is under shandong-2012 to 31 December 2017 and under national-2016 from 2018 (shandong-2018 is pending review):
giving each its own ratio shows which one a period is counted with."""

import dataclasses
from datetime import date
from types import MappingProxyType

import pytest

from tests.support.factories import create_reports
from webapp import clock
from webapp.assessment import figures
from webapp.assessment.periods import Period
from webapp.policy import profiles
from webapp.policy.profiles import load_profiles

SHIPPED = load_profiles()


def with_ratio(changed, profile_id, ratio):
    profile = changed[profile_id]
    params = {**profile.params, "staffing": MappingProxyType({"migrants_per_coordinator": ratio})}
    changed[profile_id] = dataclasses.replace(profile, params=MappingProxyType(params))


@pytest.fixture
def ratios(monkeypatch):
    """Zibo's 2013-2017 rules count one coordinator per 400, the national rules (Zibo from 2018) per 300."""
    changed = dict(SHIPPED)
    with_ratio(changed, "shandong-2012", 400)
    with_ratio(changed, "national-2016", 300)
    monkeypatch.setattr(profiles, "load_profiles", lambda directory=None: dict(changed))


@pytest.fixture
def county_admin(create_account, community):
    return create_account("admin", place=community.parent.parent)


def ranking(client, sign_in, admin, query=""):
    sign_in(admin)
    response = client.get(f"/admin/assessment/370303{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_shipped_ratio_is_named(client, db, community, county_admin, sign_in):
    create_reports(community, 3)
    html = ranking(client, sign_in, county_admin)
    assert "Coordinators at one per 500 migrants" in html
    assert "needs one coordinator per 500 migrants (rounded up)" in html
    zh = ranking(client, sign_in, county_admin, "?lang=zh")
    assert "协管员按500:1配备" in zh and "按每500名流动人口配备一名协管员" in zh


def test_the_ranking_names_the_ratio_of_the_rules_in_force(
    ratios, client, db, community, county_admin, sign_in, test_day
):
    create_reports(community, 3)
    html = ranking(client, sign_in, county_admin)  # 2026: the national rules
    assert "Coordinators at one per 300 migrants" in html and "one coordinator per 300 migrants" in html
    assert "per 500" not in html
    zh = ranking(client, sign_in, county_admin, "?lang=zh")
    assert "协管员按300:1配备" in zh and "按每300名流动人口配备一名协管员" in zh
    assert "500:1" not in zh and "每500" not in zh


def test_a_past_period_names_the_ratio_it_was_counted_with(ratios, client, db, community, county_admin, sign_in):
    with clock.pinned_at(date(2018, 3, 1)):
        create_reports(community, 3)
        assert figures.coordinator_ratio(community.parent.parent, Period(2017), clock.today()) == 400
        assert figures.coordinator_ratio(community.parent.parent, Period(2018), clock.today()) == 300
        assert "Coordinators at one per 400 migrants" in ranking(client, sign_in, county_admin, "?period=2017")
        assert "Coordinators at one per 300 migrants" in ranking(client, sign_in, county_admin, "?period=2018")
