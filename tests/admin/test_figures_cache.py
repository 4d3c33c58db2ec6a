"""The dashboard's figures kept for DASHBOARD_FIGURES_SECONDS (webapp/admin/indicators.py: cached_dashboard): the
same area, day and period reuse them within the time and only then; access is checked on every request; each
viewer gets the page in their own language; nothing of the request that computed them (its Place rows) is kept."""

import re

import pytest

from tests.support.factories import create_reports
from webapp.admin import indicators


@pytest.fixture
def area(create_place):
    return {
        "county": create_place("370303", "张店区"),
        "a": create_place("370303001001", "甲社区"),
        "b": create_place("370303001002", "乙社区"),
    }


@pytest.fixture
def kept(app, monkeypatch):
    """Figures kept 30 s, on a clock the test moves; counts how often they are computed."""
    monkeypatch.setitem(app.config, "DASHBOARD_FIGURES_SECONDS", 30)
    app.extensions.pop("xinju_dashboard_figures", None)
    now = [1000.0]
    monkeypatch.setattr(indicators.time, "monotonic", lambda: now[0])
    computed = []
    compute = indicators.dashboard

    def counting(*args, **kwargs):
        computed.append(args[0].code)
        return compute(*args, **kwargs)

    monkeypatch.setattr(indicators, "dashboard", counting)
    yield now, computed
    app.extensions.pop("xinju_dashboard_figures", None)


def registered(html: str) -> int:
    return int(re.search(r"<strong>([\d,]+)</strong> (registered migrants|已登记)", html).group(1).replace(",", ""))


def test_figures_are_reused_for_the_time_set_and_no_longer(client, db, area, create_account, sign_in, kept):
    now, computed = kept
    create_reports(area["a"], 3)
    sign_in(create_account("admin", place=area["county"]))
    english = {"Accept-Language": "en"}
    first = client.get("/admin/places/370303", headers=english).get_data(as_text=True)
    assert registered(first) == 3 and computed == ["370303"]
    assert 'href="/admin/places/370303001?period=12m">' in first  # the areas' links from the figures kept
    create_reports(area["a"], 2)
    now[0] += 29
    again = client.get("/admin/places/370303", headers=english).get_data(as_text=True)
    assert registered(again) == 3 and computed == ["370303"]  # at most 30 s old
    assert 'href="/admin/places/370303001?period=12m">' in again
    client.get("/admin/places/370303?period=3m", headers=english)  # another period: its own figures
    assert computed == ["370303", "370303"]
    now[0] += 1
    assert registered(client.get("/admin/places/370303", headers=english).get_data(as_text=True)) == 5
    assert computed == ["370303", "370303", "370303"]


def test_access_and_language_are_decided_for_each_request(client, db, area, create_account, sign_in, kept):
    _now, computed = kept
    create_reports(area["a"], 3)
    sign_in(create_account("admin", place=area["county"], locale="en"))
    assert "registered migrants" in client.get("/admin/places/370303").get_data(as_text=True)
    sign_in(create_account("admin", place=area["county"], locale="zh"))
    chinese = client.get("/admin/places/370303").get_data(as_text=True)
    assert "registered migrants" not in chinese and '<html lang="zh-Hans"' in chinese
    assert computed == ["370303"]
    sign_in(create_account("admin", place=area["b"]))  # below the county: not allowed to see it
    assert client.get("/admin/places/370303").status_code == 404
    sign_in(create_account("coordinator", place=area["a"]))
    assert client.get("/admin/places/370303").status_code == 403
    assert computed == ["370303"]
