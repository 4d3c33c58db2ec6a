"""The coordinator ratio (one per 500 migrants, [ZB] 三（二）, [WZ] 二十) is policy data: each profile's [staffing],
read by the administrator's dashboard and by the ranking, not a number in their code. A city that sets another ratio is
configuration: here the profile governing Zibo today (national-2016, since shandong-2018 is pending review) is
given 300 per coordinator, and both dashboards count with it."""

import dataclasses
from datetime import date
from types import MappingProxyType

import pytest

from tests.support.factories import create_reports
from webapp import clock
from webapp.admin import indicators
from webapp.assessment import figures
from webapp.assessment.periods import Period
from webapp.policy import profiles
from webapp.policy.profiles import ProfileError, load_profile, load_profiles, migrants_per_coordinator

SHIPPED = load_profiles()


@pytest.fixture
def area(create_place):
    return {
        "county": create_place("370303", "张店区"),
        "a": create_place("370303001001", "甲社区"),
        "b": create_place("370303001002", "乙社区"),
    }


@pytest.fixture
def ratio_300(monkeypatch):
    national = SHIPPED["national-2016"]
    params = {**national.params, "staffing": MappingProxyType({"migrants_per_coordinator": 300})}
    changed = {**SHIPPED, "national-2016": dataclasses.replace(national, params=MappingProxyType(params))}
    monkeypatch.setattr(profiles, "load_profiles", lambda directory=None: dict(changed))


def test_every_profile_states_the_ratio_and_says_where_it_comes_from():
    assert {p.id: p.params["staffing"]["migrants_per_coordinator"] for p in SHIPPED.values()} == dict.fromkeys(
        SHIPPED, 500
    )
    # Zibo and Wenzhou on days each seed was in force, and today (Zibo: the national rules).
    assert migrants_per_coordinator("370303001001", date(2015, 6, 1)) == 500
    assert migrants_per_coordinator("330302001001", date(2012, 6, 1)) == 500


def test_a_profile_without_the_ratio_does_not_load(tmp_path):
    text = (profiles.PROFILE_DIR / "shandong-2012.toml").read_text(encoding="utf-8")
    (tmp_path / "shandong-2012.toml").write_text(text.split("\n[staffing]")[0], encoding="utf-8")
    with pytest.raises(ProfileError, match="is missing staffing"):
        load_profile(tmp_path / "shandong-2012.toml")
    (tmp_path / "shandong-2012.toml").write_text(
        text.replace("migrants_per_coordinator = 500", "migrants_per_coordinator = 0"), encoding="utf-8"
    )
    with pytest.raises(ProfileError, match="migrants_per_coordinator must be a whole number, 1 or more"):
        load_profile(tmp_path / "shandong-2012.toml")


def test_the_dashboard_counts_with_the_profiles_ratio(db, area, create_account, ratio_300):
    create_reports(area["a"], 301)
    create_account("coordinator", place=area["a"])
    total = indicators.dashboard(area["county"], clock.today()).total
    assert (total.registered, total.coordinators_needed, total.coordinator_shortfall) == (301, 2, 1)


def test_the_dashboard_page_names_the_ratio(client, db, area, create_account, sign_in, ratio_300):
    create_reports(area["a"], 300)
    sign_in(create_account("admin", place=area["county"]))
    html = client.get("/admin/places/370303").get_data(as_text=True)
    assert "coordinators / needed at 1 per 300" in html
    assert "1 per 500" not in html
    assert "按1:300应配" in client.get("/admin/places/370303?lang=zh").get_data(as_text=True)


def test_the_ranking_counts_with_the_profiles_ratio(db, area, ratio_300):
    create_reports(area["a"], 301)
    create_reports(area["b"], 300)
    today = clock.today()
    counts = figures.area_counts(area["county"], [area["county"]], Period(today.year), today)
    assert counts[area["county"]].coordinators_needed == 2 + 1  # per community, each rounded up


def test_with_the_shipped_profiles_it_is_one_per_500(db, area):
    create_reports(area["a"], 501)
    total = indicators.dashboard(area["county"], clock.today()).total
    assert total.coordinators_needed == 2


def test_counted_needed_and_short_agree_for_a_coordinator_of_two_communities(
    client, db, area, create_account, sign_in, ratio_300
):
    """A reviewer read '1 / 2 coordinators / needed' with nobody short: one coordinator covering two communities
    that need one each. Counted community by community, it is 2 / 2, and the people are said apart."""
    create_reports(area["a"], 10)
    create_reports(area["b"], 10)
    both = create_account("coordinator", place=area["a"])
    from webapp.accounts.models import RoleGrant

    db.session.add(RoleGrant(account=both, role="coordinator", place=area["b"]))
    db.session.commit()
    total = indicators.dashboard(area["county"], clock.today()).total
    assert (total.coordinators, total.coordinators_counted, total.coordinators_needed) == (1, 2, 2)
    assert total.coordinator_shortfall == 0
    sign_in(create_account("admin", place=area["county"]))
    html = client.get("/admin/places/370303").get_data(as_text=True)
    assert "<strong>2 / 2</strong>" in html and "Coordinators in the area: 1, each counted once." in html
