"""A move to another county: where leaving the county deregisters (Shandong 253号, DOMAIN §1 [L]), it is a new
registration at the new place, late after that place's registration deadline (3 days after arrival, rolled to a
working day), not after the change deadline (3 working days). A move inside the county, and any move where the rules
provide no deregistration (Zhejiang, the national rules), is a change, judged by the change deadline."""

from datetime import date

import pytest

from webapp import clock
from webapp.registrations import rules
from webapp.registrations import service as reports
from webapp.registrations.service import ReportAnswers

ZICHUAN, ZHANGDIAN, ZHANGDIAN_2 = "370302001001", "370303001001", "370303001002"  # two counties of Zibo
LUCHENG, LONGWAN = "330302001001", "330303001001"  # two districts of Wenzhou
RUIAN = "330381001001"  # 瑞安市, a county-level city of Wenzhou: another home area than its districts


def _answers(place, arrival):
    return ReportAnswers(
        place=place,
        road="人民路",
        number="1号",
        building="",
        unit="",
        room="",
        housing_type="own_home",
        arrival_date=arrival,
        reason="work",
        commuter=False,
    )


@pytest.fixture
def move(db, create_account, create_place, create_person):
    """Report an arrival at `start` on `arrived`, then a move to `to` on `moved_on` reported on `reported_on`: the
    new report."""

    def _move(start, to, *, arrived, moved_on, reported_on, hukou="411525"):
        account = create_account("migrant")
        person = create_person(account, hukou=hukou, birth=date(1990, 1, 1))
        first_place, new_place = create_place(start), create_place(to)
        with clock.pinned_at(arrived):
            first = reports.submit(person, _answers(first_place, arrived), actor=account, today=arrived)
        with clock.pinned_at(reported_on):
            answers = reports.carried_over(first, place=new_place, keep_tenancy=None, arrival_date=moved_on)
            return reports.submit(
                person, answers, actor=account, today=reported_on, kind="move", previous=first, changed_on=moved_on
            )

    return _move


FRIDAY = date(2015, 3, 13)  # shandong-2012: register by Monday 16 March; a change by Wednesday 18 March


@pytest.mark.parametrize(
    ("to", "reported_on", "late"),
    [
        pytest.param(ZHANGDIAN, date(2015, 3, 16), False, id="another county, on the registration deadline"),
        pytest.param(ZHANGDIAN, date(2015, 3, 17), True, id="another county, the day after: late"),
        pytest.param(ZICHUAN[:9] + "002", date(2015, 3, 17), False, id="same county: the change deadline"),
        pytest.param(ZICHUAN[:9] + "002", date(2015, 3, 18), False, id="same county, last working day"),
        pytest.param(ZICHUAN[:9] + "002", date(2015, 3, 19), True, id="same county, the day after: late"),
    ],
)
def test_in_zibo_in_2015_a_move_to_another_county_is_a_new_registration(move, to, reported_on, late):
    report = move(ZICHUAN, to, arrived=date(2015, 3, 6), moved_on=FRIDAY, reported_on=reported_on)
    assert (report.profile_id, report.late) == ("shandong-2012", late)


@pytest.mark.parametrize(
    ("reported_on", "late"),
    [(date(2015, 4, 7), False), (date(2015, 4, 8), True)],
    ids=["the registration deadline rolled past Qingming", "the day after"],
)
def test_the_new_registration_deadline_moves_past_a_holiday(move, reported_on, late):
    """Thursday 2 April 2015: 3 days end on Sunday 5 April, Qingming; Monday 6 April is its day off, so Tuesday."""
    report = move(ZICHUAN, ZHANGDIAN, arrived=date(2015, 3, 6), moved_on=date(2015, 4, 2), reported_on=reported_on)
    assert report.late is late


def test_a_move_into_the_hukou_county_needs_no_registration_so_the_change_deadline_holds(move):
    """No registration is due in one's own county: leaving the old one is still reported, within 3 working days."""
    on_time = move(
        ZICHUAN, ZHANGDIAN, arrived=date(2015, 3, 6), moved_on=FRIDAY, reported_on=date(2015, 3, 18), hukou="370303"
    )
    assert on_time.late is False


@pytest.mark.parametrize(
    ("to", "reported_on", "late"),
    [
        pytest.param(LONGWAN, date(2015, 3, 17), False, id="another district: a change, within 10 days"),
        pytest.param(LONGWAN, date(2015, 3, 23), False, id="another district, the 10th day"),
        pytest.param(LONGWAN, date(2015, 3, 24), True, id="another district, the 11th day: late"),
    ],
)
def test_in_wenzhou_a_move_across_districts_stays_a_change(move, to, reported_on, late):
    """Zhejiang 2009 provides no deregistration: a move is a change of address (十日内), wherever it goes."""
    report = move(LUCHENG, to, arrived=date(2015, 3, 6), moved_on=FRIDAY, reported_on=reported_on)
    assert (report.profile_id, report.late) == ("zhejiang-2009", late)


@pytest.mark.parametrize(
    ("to", "reported_on", "late"),
    [
        pytest.param(RUIAN, date(2017, 3, 6), False, id="out of the city's districts: registered by Monday"),
        pytest.param(RUIAN, date(2017, 3, 7), True, id="out of the districts, the day after: late"),
        pytest.param(LONGWAN, date(2017, 3, 11), False, id="another district: a change, within 10 days"),
        pytest.param(
            LONGWAN, date(2017, 3, 13), False, id="another district: the 10th day, Saturday, rolled to Monday"
        ),
        pytest.param(LONGWAN, date(2017, 3, 14), True, id="another district, the day after: late"),
    ],
)
def test_in_zhejiang_since_2016_a_move_out_of_the_home_area_registers_anew(move, to, reported_on, late):
    """The revised 条例 (2016): changes 在县内 within 10 days; [WZ] 二（四）发证地的市区、县(市)范围内. A move from
    the districts of Wenzhou to 瑞安市 is a new registration there: 3 days from Wednesday 1 March 2017 end on
    Saturday 4 March, rolled to Monday 6 March. Between two districts of the city it stays a change."""
    report = move(LUCHENG, to, arrived=date(2017, 1, 3), moved_on=date(2017, 3, 1), reported_on=reported_on)
    assert (report.profile_id, report.late) == ("zhejiang-2017", late)


def test_under_the_national_rules_a_move_across_counties_stays_a_change(move):
    """Zibo from 2018 (national-2016: no deregistration): the change deadline of 10 days."""
    moved_on = date(2026, 7, 3)  # a Friday
    report = move(ZICHUAN, ZHANGDIAN, arrived=date(2026, 6, 1), moved_on=moved_on, reported_on=date(2026, 7, 13))
    assert (report.profile_id, report.late) == ("national-2016", False)


def test_registers_anew_only_where_leaving_deregisters(create_place, db):
    from webapp.policy.profiles import load_profiles

    profiles = load_profiles()
    old, same, other = create_place(ZICHUAN), create_place(ZICHUAN[:9] + "002"), create_place(ZHANGDIAN)
    assert rules.registers_anew(profiles["shandong-2012"], old, _answers(other, FRIDAY))
    assert not rules.registers_anew(profiles["shandong-2012"], old, _answers(same, FRIDAY))
    for profile_id in ("zhejiang-2009", "national-2016"):
        assert not rules.registers_anew(profiles[profile_id], old, _answers(other, FRIDAY)), profile_id
    # Zhejiang since 2016: only out of the home area (a city's districts are one).
    lucheng, longwan, ruian = create_place(LUCHENG), create_place(LONGWAN), create_place(RUIAN)
    assert not rules.registers_anew(profiles["zhejiang-2017"], lucheng, _answers(longwan, FRIDAY))
    assert rules.registers_anew(profiles["zhejiang-2017"], lucheng, _answers(ruian, FRIDAY))


@pytest.mark.parametrize(
    ("moved_on", "stay"),
    [
        (date(2026, 5, 1), (61, "days")),  # planned until 1 July: 61 days from the move
        (date(2026, 7, 1), (None, "months")),  # the day planned to leave has come: they stayed on, no date
    ],
)
def test_a_move_keeps_the_day_planned_to_leave(db, create_account, create_place, create_person, moved_on, stay):
    """Six months planned from 1 January 2026, a move: the plan was to stay in the city until 1 July, not six months
    from the new address's first day (reviewers found 1 November)."""
    from dataclasses import replace

    account = create_account("migrant")
    person = create_person(account, hukou="411525", birth=date(1990, 1, 1))
    place = create_place(ZICHUAN)
    arrived = date(2026, 1, 1)
    with clock.pinned_at(arrived):
        answers = replace(_answers(place, arrived), stay_count=6, stay_unit="months")
        first = reports.submit(person, answers, actor=account, today=arrived)
    moved = reports.carried_over(first, place=create_place(ZICHUAN[:9] + "002"), arrival_date=moved_on)
    assert (moved.stay_count, moved.stay_unit) == stay
    assert rules.stay_facts(moved).stay_ends_on == (date(2026, 7, 1) if stay[0] else None)
