"""Known answers for the ranking's plain functions and the periods (no database)."""

from datetime import date

import pytest

from webapp.assessment import periods
from webapp.assessment.scoring import AreaCounts, Indicator, load_indicators, ranking, ranks, score, values

EQUAL = [Indicator(k, 1, "") for k in ("verified", "changes_on_time", "coordinators", "requests_on_time", "permits")]


def test_values_are_shares_or_none_when_nothing_to_count():
    shares = values(
        AreaCounts(
            registered=200,
            verified=150,
            coordinators_staffed=1,
            coordinators_needed=1,
            changes=4,
            changes_on_time=3,
            permits_valid=9,
            permits_lapsed=1,
        )
    )
    assert shares == {
        "verified": 0.75,
        "changes_on_time": 0.75,
        "coordinators": 1.0,
        "stations": None,
        "requests_on_time": None,
        "permits": 0.9,
    }
    assert set(v for v in values(AreaCounts()).values()) == {None}


def test_score_is_the_weighted_mean_of_the_shares_there_are():
    weights = [Indicator("verified", 30, ""), Indicator("changes_on_time", 20, ""), Indicator("stations", 10, "")]
    # 30 × 0.5 + 20 × 1.0 = 35 of the 50 used (stations has no figure): 70.
    assert score({"verified": 0.5, "changes_on_time": 1.0, "stations": None}, weights) == 70.0
    assert score({"verified": 0.5, "changes_on_time": None, "stations": None}, weights) == 50.0
    assert score({"verified": None, "changes_on_time": None, "stations": None}, weights) is None
    assert score({"verified": 1 / 3}, [Indicator("verified", 1, "")]) == 33.3


def test_ties_share_a_rank_and_the_next_is_skipped():
    assert ranks({"a": 80.0, "b": 90.0, "c": 80.0, "d": 70.0, "e": None}) == {"a": 2, "b": 1, "c": 2, "d": 4, "e": None}


def test_ranking_with_the_change_from_the_previous_period():
    now = {
        "A": AreaCounts(registered=10, verified=10, coordinators_staffed=1, coordinators_needed=1),  # 100
        "B": AreaCounts(registered=10, verified=5, coordinators_staffed=1, coordinators_needed=1),  # 75
        "C": AreaCounts(registered=10, verified=5, coordinators_staffed=1, coordinators_needed=1),  # 75
        "D": AreaCounts(),  # nothing: not ranked
    }
    before = {
        "A": AreaCounts(registered=10, verified=2, coordinators_staffed=0, coordinators_needed=1),  # 10
        "B": AreaCounts(registered=10, verified=9, coordinators_staffed=1, coordinators_needed=1),  # 95
        "C": AreaCounts(has_state=False, changes=4, changes_on_time=4),  # no copy of that month: no score
        "D": AreaCounts(),
    }
    rows = ranking(now, before, EQUAL)
    assert [(r.key, r.rank, r.score) for r in rows] == [
        ("A", 1, 100.0),
        ("B", 2, 75.0),
        ("C", 2, 75.0),
        ("D", None, None),
    ]
    a, b, c, d = rows
    assert (a.previous_score, a.previous_rank, a.change, a.rank_change) == (10.0, 2, 90.0, 1)
    assert (b.previous_score, b.previous_rank, b.change, b.rank_change) == (95.0, 1, -20.0, -1)
    assert (c.previous_score, c.change, c.rank_change) == (None, None, None)
    assert d.change is None


def test_the_weights_file_is_read_and_checked(tmp_path):
    indicators = load_indicators()
    assert [i.key for i in indicators] == [
        "verified",
        "changes_on_time",
        "coordinators",
        "stations",
        "requests_on_time",
        "permits",
    ]
    assert sum(i.weight for i in indicators) == 100 and all(i.source for i in indicators)
    bad = tmp_path / "w.toml"
    bad.write_text('[[indicator]]\nkey = "smiles"\nweight = 1\nsource = ""\n')
    with pytest.raises(ValueError, match="unknown indicator"):
        load_indicators(bad)


def test_periods_in_china_time():
    today = date(2026, 12, 1)
    assert periods.parse(None, today) == periods.Period(2026)
    assert periods.parse(None, today, default_month=True) == periods.Period(2026, 12)
    assert periods.parse("2026-13", today) == periods.Period(2026)
    assert periods.parse("2027", today) == periods.Period(2026)  # not begun
    assert periods.parse("1999", today) == periods.Period(2026)
    assert periods.parse("2025-01", today).previous() == periods.Period(2024, 12)
    assert periods.Period(2026).previous() == periods.Period(2025)
    start, end = periods.Period(2026, 11).bounds()
    # China's midnight of 1 November is 16:00 UTC on 31 October.
    assert (start.isoformat(), end.isoformat()) == ("2026-10-31T16:00:00", "2026-11-30T16:00:00")
    assert periods.Period(2026).last_month_until(today) == "2026-12"
    assert periods.Period(2025).last_month_until(today) == "2025-12"
