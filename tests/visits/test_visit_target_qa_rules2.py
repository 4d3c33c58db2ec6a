"""How soon a report is to be visited is each profile's [visits] target, read for the community on the day.

[L, Shandong] an online self-report is followed by an in-person visit within 10 working days (DOMAIN.md §2): the
rule of shandong-2012 (Zibo, 2013-01-10 to 2017-12-31). The Wenzhou opinion ([WZ] 第（五）条 及时 collection) and
the national regulation set no number of days, so zhejiang-2009, zhejiang-2017 and national-2016 say "none": there
no report is ever marked overdue (no number is made up).

Worked by hand: a report sent on Monday 1 June 2015 is 10 working days old on Monday 15 June (2-5 and 8-12 June
are 9, the 15th the 10th; the Dragon Boat holiday comes later, on 22 June) and 11 on Tuesday 16 June.
"""

import dataclasses
import re
from datetime import date, datetime
from types import MappingProxyType

import pytest

from tests.support.factories import create_reports
from webapp import clock
from webapp.accounts.models import RoleGrant
from webapp.policy import profiles
from webapp.policy.profiles import Period, ProfileError, load_profile, load_profiles, visit_target

SHIPPED = load_profiles()
SENT = datetime(2015, 6, 1, 2, 0)  # Monday 1 June 2015, 10:00 in China (naive UTC)
TENTH = date(2015, 6, 15)  # 10 working days later: on target
ELEVENTH = date(2015, 6, 16)  # 11: past Zibo's target


@pytest.fixture
def zibo_coordinator(create_account, community):
    return create_account("coordinator", place=community)


@pytest.fixture
def wenzhou_coordinator(create_account, other_community):
    return create_account("coordinator", place=other_community)


@pytest.fixture
def both_coordinator(db, create_account, community, other_community):
    account = create_account("coordinator", place=community)
    account.grants.append(RoleGrant(role="coordinator", place=other_community))
    db.session.commit()
    return account


def waiting_report(place, sent=SENT):
    with clock.pinned_at(clock.local(sent).date()):
        return create_reports(place, 1, status="submitted", created=sent)[0]


def caseload_on(client, sign_in, account, day, lang="en"):
    with clock.pinned_at(day):
        sign_in(account)
        response = client.get(f"/coordinator?lang={lang}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_profile_states_its_visit_target_and_its_source():
    assert {p.id: p.params["visits"]["target"] for p in SHIPPED.values()} == {
        "shandong-2012": Period(10, "working_days"),
        "shandong-2018": Period(10, "working_days"),  # pending review: never decides
        "zhejiang-2009": "none",
        "zhejiang-2017": "none",
        "national-2016": Period(10, "working_days"),  # [L] Shandong's figure, the default
    }
    assert visit_target("370303001001", date(2015, 6, 16)) == 10  # Zibo under shandong-2012
    assert visit_target("330302001001", date(2015, 6, 16)) is None  # Wenzhou under zhejiang-2009
    assert visit_target("330302001001", date(2026, 7, 14)) is None  # Wenzhou under zhejiang-2017
    assert visit_target("370303001001", date(2026, 7, 14)) == 10  # Zibo today: national-2016 (2018 is pending)


def test_the_same_waiting_report_is_overdue_in_zibo_and_never_in_wenzhou(
    client, db, community, other_community, zibo_coordinator, wenzhou_coordinator, sign_in
):
    waiting_report(community)
    waiting_report(other_community)
    on_target = caseload_on(client, sign_in, zibo_coordinator, TENTH)
    assert "<strong>0</strong> past 10 working days" in on_target
    assert '<span class="hint">10 working days</span>' in on_target
    past = caseload_on(client, sign_in, zibo_coordinator, ELEVENTH)
    assert "<strong>1</strong> past 10 working days" in past
    assert '<span class="hint error-message">11 working days</span>' in past
    assert "<strong>1</strong> 已超过10个工作日" in caseload_on(client, sign_in, zibo_coordinator, ELEVENTH, "zh")
    # Wenzhou's profile sets no target: the same report, as old, is not overdue, and no overdue count is shown.
    wenzhou = caseload_on(client, sign_in, wenzhou_coordinator, ELEVENTH)
    assert "<strong>1</strong> awaiting a visit" in wenzhou and '<span class="hint">11 working days</span>' in wenzhou
    for day in (ELEVENTH, date(2016, 6, 30)):  # to the last day of zhejiang-2009
        wenzhou = caseload_on(client, sign_in, wenzhou_coordinator, day)
        assert re.search(r'<span class="hint">\d+ working days</span>', wenzhou)
        assert "error-message" not in wenzhou and "working days</li>" not in wenzhou


def test_zibo_today_is_under_the_national_rules_whose_default_target_is_shandongs(
    client, db, community, zibo_coordinator, sign_in, test_day
):
    waiting_report(community, sent=datetime(2026, 6, 1, 2, 0))  # 30 working days and more before 14 July 2026
    html = caseload_on(client, sign_in, zibo_coordinator, clock.today())
    assert "<strong>1</strong> awaiting a visit" in html
    assert "<strong>1</strong> past 10 working days" in html


def test_a_coordinator_of_both_places_counts_each_report_by_its_own_community(
    client, db, community, other_community, both_coordinator, sign_in
):
    waiting_report(community)
    waiting_report(other_community, sent=datetime(2015, 5, 29, 2, 0))  # the Friday before: older, listed first
    html = caseload_on(client, sign_in, both_coordinator, ELEVENTH)
    assert "<strong>2</strong> awaiting a visit" in html
    assert "<strong>1</strong> past 10 working days" in html  # Zibo's only
    assert html.index("墨池社区") < html.index("和平社区")  # the caseload's order across both communities
    assert '<span class="hint">12 working days</span>' in html  # Wenzhou's: older, not overdue
    assert '<span class="hint error-message">11 working days</span>' in html


@pytest.fixture
def wenzhou_target_5(monkeypatch):
    """A Zhejiang that sets a visit target of its own: configuration, not code."""
    zhejiang = SHIPPED["zhejiang-2009"]
    params = {**zhejiang.params, "visits": MappingProxyType({"target": Period(5, "working_days")})}
    changed = {**SHIPPED, "zhejiang-2009": dataclasses.replace(zhejiang, params=MappingProxyType(params))}
    monkeypatch.setattr(profiles, "load_profiles", lambda directory=None: dict(changed))


def test_two_targets_in_one_caseload_are_each_counted_and_named_as_the_communitys(
    client, db, community, other_community, both_coordinator, sign_in, wenzhou_target_5
):
    waiting_report(community, sent=datetime(2015, 6, 8, 2, 0))  # 6 working days on the 16th: within Zibo's 10
    waiting_report(other_community, sent=datetime(2015, 6, 8, 2, 0))  # 6: past Wenzhou's 5
    waiting_report(community)  # 11: past Zibo's 10
    html = caseload_on(client, sign_in, both_coordinator, ELEVENTH)
    assert "<strong>2</strong> past their community's visit target" in html
    assert html.count('<span class="hint error-message">') == 2
    assert '<span class="hint">6 working days</span>' in html  # Zibo's younger report
    zh = caseload_on(client, sign_in, both_coordinator, ELEVENTH, "zh")
    assert "<strong>2</strong> 已超过所在社区的上门核实时限" in zh


def _copy(tmp_path, old, new):
    text = (profiles.PROFILE_DIR / "shandong-2012.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "shandong-2012.toml").write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path / "shandong-2012.toml"


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("\n[visits]", "\n[not_visits]", "is missing visits"),
        ("target = { working_days = 10 }", "", r"\[visits\] is missing target"),
        ("target = { working_days = 10 }", "target = { days = 10 }", r"target must be a period .*working_days"),
        ("target = { working_days = 10 }", 'target = "soon"', "or \"none\", not 'soon'"),
    ],
)
def test_a_profile_without_a_clear_visit_target_does_not_load(tmp_path, old, new, match):
    with pytest.raises(ProfileError, match=match):
        load_profile(_copy(tmp_path, old, new))


def test_none_is_a_visit_target_a_profile_may_state(tmp_path):
    profile = load_profile(_copy(tmp_path, "target = { working_days = 10 }", 'target = "none"'))
    assert profile.params["visits"]["target"] == "none"
