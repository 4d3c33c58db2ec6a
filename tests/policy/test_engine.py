"""The policy engine, table by table: registration, permits, changes and deadlines, dates, and the words for each.

Unless a row says otherwise: a person born 15 May 1990 with hukou in 郑州中原区 (410102), arriving on the profile's
day (a Monday) in a community of 张店区 (Zibo), 鹿城区 (Wenzhou) or 东城区 (Beijing), to work for 60 days in a rental.
"""

from dataclasses import replace
from datetime import date, timedelta
from types import MappingProxyType

import pytest
from flask import Flask
from flask_babel import Babel

from webapp.policy.engine import (
    RULES,
    TOPICS,
    Decision,
    PersonFacts,
    StayFacts,
    age_on,
    anniversary,
    change_deadline,
    decide,
    employer_report_deadline,
    endorsement_window,
    is_late,
    landlord_report_deadline,
    registration_deadline,
    same_home_area,
)
from webapp.policy.explain import LABELS, MESSAGES, explain, explain_source, placeholders, values_for
from webapp.policy.profiles import LONG_VALIDITY_GROUNDS, REASONS, load_profiles
from webapp.policy.workdays import add_working_days, is_working_day, next_working_day, working_days_between

PROFILES = load_profiles()
PLACE = {
    "shandong-2012": "370303001001",
    "shandong-2018": "370303001001",
    "zhejiang-2009": "330302001001",
    "zhejiang-2017": "330302001001",
    "national-2016": "110101001001",
}
NEIGHBOUR = {"shandong-2012": "370302", "shandong-2018": "370302", "zhejiang-2009": "330303"}
NEIGHBOUR |= {"zhejiang-2017": "330303", "national-2016": "110102"}
DAY = {  # arrival and "today" unless a row says otherwise: all Mondays
    "shandong-2012": date(2014, 6, 2),
    "shandong-2018": date(2019, 6, 3),
    "zhejiang-2009": date(2014, 6, 2),
    "zhejiang-2017": date(2018, 6, 4),
    "national-2016": date(2018, 6, 4),
}


def with_params(profile_id, **sections):
    """A shipped profile with some parameters changed, for rules the shipped data leaves switched off."""
    profile = PROFILES[profile_id]
    params = {name: dict(table) | sections.get(name, {}) for name, table in profile.params.items()}
    return replace(profile, params=MappingProxyType({k: MappingProxyType(v) for k, v in params.items()}))


# Rules the shipped data does not use, on a shipped profile with a parameter changed ("base+variant").
VARIANTS = {
    "zhejiang-2009+deregister": with_params("zhejiang-2009", changes={"deregister_on_leaving": True}),
    "shandong-2012+no-deregister": with_params("shandong-2012", changes={"deregister_on_leaving": False}),
}
PROFILES_UNDER_TEST = PROFILES | VARIANTS
BORN = date(1990, 5, 15)
HUKOU = "410102"


def days(n: int) -> timedelta:
    return timedelta(days=n)


def birth_for(profile_id: str, years: int, days_to_birthday: int) -> date:
    """A birth date such that the person turns `years` `days_to_birthday` days after the profile's day."""
    return anniversary(DAY[profile_id] + days(days_to_birthday), -years)


def case(
    case_id, profile_id, rule, *, today=None, due=None, from_date=None, params=None, born=BORN, hukou=HUKOU, **stay
):
    """One row: the facts (stay overrides as keyword arguments) and what the decision on the rule's topic must be."""
    base = profile_id.split("+")[0]
    facts = {
        "place_code": PLACE[base],
        "arrival_date": DAY[base],
        "intended_stay_days": 60,
        "reason": "work",
        "housing_type": "rental",
    } | stay
    return pytest.param(
        profile_id,
        PersonFacts(birth_date=born, hukou_county_code=hukou),
        StayFacts(**facts),
        today or DAY[base],
        rule,
        due,
        from_date,
        params or {},
        id=f"{profile_id}: {rule.split('.')[0]}: {case_id}",
    )


ALL_PROFILES = sorted(PLACE)
SHANDONG = ["shandong-2012", "shandong-2018"]
NATIONAL_SCHEME = ["zhejiang-2017", "national-2016"]

# The tables are laid out by hand, one row per line where it fits: the formatter would spread each row over eight.
# fmt: off
REGISTRATION = [
    *(
        row
        for p in ALL_PROFILES
        for row in (
            case("2 days", p, "registration.short_stay", intended_stay_days=2, params={"min_stay_days": 3}),
            case("3 days", p, "registration.required", intended_stay_days=3, due=DAY[p] + days(3)),
            case("hukou in this county", p, "registration.not_migrant", hukou=PLACE[p][:6]),
            case("hukou in this county, county code", p, "registration.not_migrant", hukou=PLACE[p][:6],
                 place_code=PLACE[p][:6]),
            case("hukou in the next county", p, "registration.required", hukou=NEIGHBOUR[p], due=DAY[p] + days(3)),
            case("commuter from this county", p, "registration.not_migrant", hukou=PLACE[p][:6], commuter=True,
                 work_days=90),
        )
    ),
    *(
        row
        for p in SHANDONG
        for row in (
            case("hotel", p, "registration.exempt_hotel", housing_type="hotel"),
            case("hospital", p, "registration.exempt_hospital", housing_type="hospital"),
            case("hotel for 2 days", p, "registration.short_stay", housing_type="hotel", intended_stay_days=2),
            case("relatives 10 days", p, "registration.required", housing_type="relatives", intended_stay_days=10,
                 due=DAY[p] + days(3)),
            case("commuter 29 days", p, "registration.commuter_short", commuter=True, work_days=29,
                 params={"min_work_days": 30}),
            case("commuter 30 days", p, "registration.commuter", commuter=True, work_days=30,
                 due=DAY[p] + days(3), params={"min_work_days": 30}),
        )
    ),
    case("hotel", "zhejiang-2009", "registration.required", housing_type="hotel", due=date(2014, 6, 5)),
    case("hospital", "zhejiang-2009", "registration.required", housing_type="hospital", due=date(2014, 6, 5)),
    case("relatives 2 days", "zhejiang-2009", "registration.short_stay", housing_type="relatives",
         intended_stay_days=2),
    case("relatives 15 days", "zhejiang-2009", "registration.exempt_relatives", housing_type="relatives",
         intended_stay_days=15, params={"max_days": 15}),
    case("relatives 16 days", "zhejiang-2009", "registration.required", housing_type="relatives",
         intended_stay_days=16, due=date(2014, 6, 5)),
    case("relatives 30 days", "zhejiang-2017", "registration.exempt_relatives", housing_type="relatives",
         intended_stay_days=30, params={"max_days": 30}),
    case("relatives 31 days", "zhejiang-2017", "registration.required", housing_type="relatives",
         intended_stay_days=31, due=date(2018, 6, 7)),
    case("relatives 10 days", "national-2016", "registration.required", housing_type="relatives",
         intended_stay_days=10, due=date(2018, 6, 7)),
    case("hotel", "national-2016", "registration.required", housing_type="hotel", due=date(2018, 6, 7)),
    *(
        case("commuter", p, "registration.commuter_not_covered", commuter=True, work_days=90)
        for p in ("zhejiang-2009", "zhejiang-2017", "national-2016")
    ),
]

AGE_AND_STAY = [
    *(
        row
        for p in SHANDONG
        for row in (
            case("29 days", p, "permit.short_stay", intended_stay_days=29, params={"min_stay_days": 30}),
            case("30 days", p, "permit.eligible", intended_stay_days=30,
                 params={"type": "standard", "validity_years": 1, "validity_months": 12}),
            case("day before 16th birthday", p, "permit.age_min_not_yet", born=birth_for(p, 16, 1),
                 from_date=DAY[p] + days(1), params={"min_age": 16}),
            case("16th birthday", p, "permit.eligible", born=birth_for(p, 16, 0)),
            case("day before 70th birthday", p, "permit.eligible", born=birth_for(p, 70, 1)),
            case("70th birthday", p, "permit.age_max", born=birth_for(p, 70, 0), params={"max_age": 70}),
            case("labour contract with insurance", p, "permit.eligible_long", labour_contract_with_insurance=True,
                 params={"validity_years": 3, "validity_months": 36, "ground": "labour_contract_with_insurance"}),
            case("own home", p, "permit.eligible_long", housing_type="own_home",
                 params={"validity_years": 3, "validity_months": 36, "ground": "own_home"}),
        )
    ),
    *(
        case(f"here for {reason}", "shandong-2012", "permit.exempt_reason", reason=reason, params={"reason": reason})
        for reason in ("medical", "visit", "tourism", "business_trip")
    ),
    *(
        case(f"here for {reason}", "shandong-2012", "permit.eligible", reason=reason)
        for reason in ("family", "business", "other")
    ),
    case("student", "shandong-2012", "permit.exempt_study", reason="study"),
    case("full-time student who works", "shandong-2012", "permit.exempt_study", full_time_study=True),
    case("15-year-old student", "shandong-2012", "permit.exempt_study", reason="study",
         born=birth_for("shandong-2012", 16, 1)),
    case("assistance centre", "shandong-2012", "permit.exempt_assistance_centre", housing_type="assistance_centre"),
    case("hotel for 60 days", "shandong-2012", "permit.eligible", housing_type="hotel"),
    case("stable job without contract", "shandong-2012", "permit.eligible", stable_employment=True,
         housing_type="dormitory", params={"validity_months": 12}),
    case("16 the day after the stay ends", "shandong-2012", "permit.age_min", intended_stay_days=90,
         born=birth_for("shandong-2012", 16, 91), params={"min_age": 16}),
    case("16 on the day the stay ends", "shandong-2012", "permit.age_min_not_yet", intended_stay_days=91,
         born=birth_for("shandong-2012", 16, 91), from_date=date(2014, 9, 1)),
    case("commuter", "shandong-2012", "permit.commuter", commuter=True, work_days=90),
    case("hukou in this county", "shandong-2012", "permit.not_migrant", hukou="370303"),
]

STABLE = {"stable_employment": True, "stable_residence": True}
TWO_TIER = [
    case("30 days", "zhejiang-2009", "permit.short_stay", intended_stay_days=30, params={"min_stay_days": 31}),
    case("31 days", "zhejiang-2009", "permit.temporary", intended_stay_days=31,
         params={"type": "temporary", "full_after_years": 3}),
    case("day before the 3rd anniversary, stable", "zhejiang-2009", "permit.temporary_full_on",
         resided_since=date(2011, 6, 3), **STABLE, params={"type": "temporary", "full_from": date(2014, 6, 3)}),
    case("3rd anniversary, stable", "zhejiang-2009", "permit.full", resided_since=date(2011, 6, 2), **STABLE,
         from_date=date(2014, 6, 2), params={"type": "full"}),
    case("3rd anniversary, no stable job", "zhejiang-2009", "permit.temporary", resided_since=date(2011, 6, 2),
         stable_residence=True),
    case("3rd anniversary, no stable home", "zhejiang-2009", "permit.temporary", resided_since=date(2011, 6, 2),
         stable_employment=True),
    case("stable, no date of residence", "zhejiang-2009", "permit.temporary", **STABLE),
    case("since 29 Feb, 28 Feb three years on", "zhejiang-2009", "permit.temporary_full_on", today=date(2015, 2, 28),
         resided_since=date(2012, 2, 29), **STABLE, params={"full_from": date(2015, 3, 1)}),
    case("since 29 Feb, 1 Mar three years on", "zhejiang-2009", "permit.full", today=date(2015, 3, 1),
         resided_since=date(2012, 2, 29), **STABLE, from_date=date(2015, 3, 1)),
    case("day before 16th birthday", "zhejiang-2009", "permit.age_min_not_yet",
         born=birth_for("zhejiang-2009", 16, 1), from_date=date(2014, 6, 3)),
    case("16th birthday", "zhejiang-2009", "permit.temporary", born=birth_for("zhejiang-2009", 16, 0)),
    case("15, 16 after the stay", "zhejiang-2009", "permit.age_min", born=birth_for("zhejiang-2009", 16, 200)),
    case("70th birthday: no upper age", "zhejiang-2009", "permit.temporary", born=birth_for("zhejiang-2009", 70, 0)),
    case("here for tourism: no exceptions", "zhejiang-2009", "permit.temporary", reason="tourism"),
    case("commuter", "zhejiang-2009", "permit.commuter", commuter=True, work_days=90),
]

RESIDENCE_AND_CONDITION = [
    *(
        row
        for p in NATIONAL_SCHEME
        for row in (
            case("182 days resident", p, "permit.residence_not_yet", arrival_date=DAY[p] - days(182),
                 intended_stay_days=365, stable_employment=True, from_date=DAY[p] + days(1),
                 params={"min_residence_days": 183}),
            case("183 days resident", p, "permit.eligible_endorsed", arrival_date=DAY[p] - days(183),
                 intended_stay_days=365, stable_employment=True, params={"type": "standard", "via_guardian": False}),
            case("plans 182 days", p, "permit.residence_too_short", intended_stay_days=182, stable_employment=True,
                 params={"min_residence_days": 183}),
            case("plans 183 days", p, "permit.residence_not_yet", intended_stay_days=183, stable_employment=True,
                 from_date=DAY[p] + days(183)),
            case("resident since last year, just moved", p, "permit.eligible_endorsed",
                 resided_since=DAY[p] - days(400), stable_residence=True),
            case("no stable job, home or study", p, "permit.no_condition", arrival_date=DAY[p] - days(365),
                 intended_stay_days=730),
            case("stable job only", p, "permit.eligible_endorsed", resided_since=DAY[p] - days(365),
                 stable_employment=True),
            case("stable home only", p, "permit.eligible_endorsed", resided_since=DAY[p] - days(365),
                 stable_residence=True),
            case("full-time study only", p, "permit.eligible_endorsed", resided_since=DAY[p] - days(365),
                 full_time_study=True, reason="study"),
            case("child of 10", p, "permit.eligible_via_guardian", born=birth_for(p, 10, 100),
                 resided_since=DAY[p] - days(365), stable_residence=True, params={"via_guardian": True}),
            case("day before 16th birthday", p, "permit.eligible_via_guardian", born=birth_for(p, 16, 1),
                 resided_since=DAY[p] - days(365), stable_residence=True),
            case("16th birthday", p, "permit.eligible_endorsed", born=birth_for(p, 16, 0),
                 resided_since=DAY[p] - days(365), stable_residence=True),
            case("90 years old: no upper age", p, "permit.eligible_endorsed", born=birth_for(p, 90, 10),
                 resided_since=DAY[p] - days(365), stable_residence=True),
            case("hukou in this county", p, "permit.not_migrant", hukou=PLACE[p][:6]),
            case("commuter", p, "permit.commuter", commuter=True, work_days=365),
        )
    ),
]

CHANGES = [
    *(case("registered", p, "changes.working_days_deregister", params={"days": 3}) for p in SHANDONG),
    *(
        case("registered", p, "changes.days", params={"days": 10})
        for p in ("zhejiang-2009", "zhejiang-2017", "national-2016")
    ),
    *(case("not registered", p, "changes.not_required", intended_stay_days=2) for p in ALL_PROFILES),
    case("commuter registered", "shandong-2012", "changes.working_days_deregister", commuter=True, work_days=30),
    case("exempt", "zhejiang-2009", "changes.not_required", housing_type="relatives", intended_stay_days=10),
    case("registered", "zhejiang-2009+deregister", "changes.days_deregister", params={"days": 10}),
    case("registered", "shandong-2012+no-deregister", "changes.working_days", params={"days": 3}),
]
# fmt: on

ALL_CASES = REGISTRATION + AGE_AND_STAY + TWO_TIER + RESIDENCE_AND_CONDITION + CHANGES


@pytest.mark.parametrize(("profile_id", "person", "stay", "today", "rule", "due", "from_date", "params"), ALL_CASES)
def test_decision(profile_id, person, stay, today, rule, due, from_date, params):
    decisions = decide(person, stay, PROFILES_UNDER_TEST[profile_id], today)
    assert [d.topic for d in decisions] == list(TOPICS)
    assert {d.profile_id for d in decisions} == {profile_id.split("+")[0]}
    decision = decisions[TOPICS.index(rule.split(".")[0])]
    assert decision.rule == rule
    assert decision.outcome == RULES[rule]
    if due is not None:
        assert decision.due == due
    if from_date is not None:
        assert decision.from_date == from_date
    assert {key: decision.params.get(key) for key in params} == params


def test_every_rule_is_in_a_table():
    assert {row.values[4] for row in ALL_CASES} == set(RULES)


# --- changes, landlords and employers: deadlines ------------------------------------------------------------------

SATURDAY_ROLL = {"periods": {"roll_to_working_day": True}}


@pytest.mark.parametrize(
    ("profile", "changed_on", "holidays", "due"),
    [
        pytest.param(
            PROFILES["shandong-2012"], date(2014, 6, 3), (), date(2014, 6, 6), id="shandong-tuesday-to-friday"
        ),
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 6), (), date(2014, 6, 11), id="shandong-friday-to-wed"),
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 7), (), date(2014, 6, 11), id="shandong-saturday-to-wed"),
        pytest.param(PROFILES["shandong-2018"], date(2019, 6, 7), (), date(2019, 6, 12), id="shandong-2018-friday"),
        pytest.param(
            PROFILES["shandong-2012"],
            date(2014, 5, 30),
            {date(2014, 6, 2)},
            date(2014, 6, 5),
            id="shandong-friday-with-dragon-boat-monday-off",
        ),
        pytest.param(PROFILES["zhejiang-2009"], date(2014, 6, 2), (), date(2014, 6, 12), id="zhejiang-10-days"),
        pytest.param(PROFILES["zhejiang-2009"], date(2014, 6, 4), (), date(2014, 6, 14), id="zhejiang-ends-saturday"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 6, 4), (), date(2018, 6, 14), id="zhejiang-2017-10-days"),
        pytest.param(PROFILES["national-2016"], date(2018, 6, 4), (), date(2018, 6, 14), id="national-10-days"),
        pytest.param(
            with_params("zhejiang-2009", **SATURDAY_ROLL),
            date(2014, 6, 4),
            (),
            date(2014, 6, 16),
            id="zhejiang-ends-saturday-rolled-to-monday",
        ),
    ],
)
def test_change_deadline(profile, changed_on, holidays, due):
    assert change_deadline(profile, changed_on, holidays) == due


@pytest.mark.parametrize(
    ("profile_id", "changed_on", "reported_on", "late"),
    [
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 11), False, id="shandong-fri-reported-wed"),
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 12), True, id="shandong-fri-reported-thu"),
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 6), False, id="shandong-same-day"),
        pytest.param("zhejiang-2009", date(2014, 6, 2), date(2014, 6, 12), False, id="zhejiang-day-10"),
        pytest.param("zhejiang-2009", date(2014, 6, 2), date(2014, 6, 13), True, id="zhejiang-day-11"),
        pytest.param("zhejiang-2017", date(2018, 6, 4), date(2018, 6, 14), False, id="zhejiang-2017-day-10"),
        pytest.param("zhejiang-2017", date(2018, 6, 4), date(2018, 6, 15), True, id="zhejiang-2017-day-11"),
        pytest.param("national-2016", date(2018, 6, 4), date(2018, 6, 15), True, id="national-day-11"),
    ],
)
def test_is_late(profile_id, changed_on, reported_on, late):
    assert is_late(PROFILES[profile_id], changed_on, reported_on) is late


@pytest.mark.parametrize(
    ("profile", "arrival", "due"),
    [
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 2), date(2014, 6, 5), id="monday-to-thursday"),
        pytest.param(PROFILES["zhejiang-2009"], date(2014, 6, 4), date(2014, 6, 7), id="ends-on-a-saturday"),
        pytest.param(
            with_params("zhejiang-2009", **SATURDAY_ROLL), date(2014, 6, 4), date(2014, 6, 9), id="rolled-to-monday"
        ),
    ],
)
def test_registration_deadline(profile, arrival, due):
    assert registration_deadline(profile, arrival) == due


@pytest.mark.parametrize(
    ("profile_id", "started", "due"),
    [
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 11), id="shandong-friday"),
        pytest.param("shandong-2012", date(2014, 6, 2), date(2014, 6, 5), id="shandong-monday"),
        pytest.param("zhejiang-2009", date(2014, 6, 6), date(2014, 6, 11), id="zhejiang-friday"),
        pytest.param("national-2016", date(2018, 6, 8), date(2018, 6, 13), id="national-friday"),
    ],
)
def test_landlord_and_employer_report_deadlines(profile_id, started, due):
    assert landlord_report_deadline(PROFILES[profile_id], started) == due
    assert employer_report_deadline(PROFILES[profile_id], started) == due


@pytest.mark.parametrize(
    ("issued", "year", "window"),
    [
        pytest.param(date(2016, 3, 10), 1, (date(2017, 2, 10), date(2017, 3, 9)), id="first-year"),
        pytest.param(date(2016, 3, 10), 2, (date(2018, 2, 10), date(2018, 3, 9)), id="second-year"),
        pytest.param(date(2016, 3, 31), 1, (date(2017, 2, 28), date(2017, 3, 30)), id="31-march-short-february"),
        pytest.param(date(2016, 2, 29), 1, (date(2017, 2, 1), date(2017, 2, 28)), id="29-february"),
        pytest.param(date(2016, 1, 15), 1, (date(2016, 12, 15), date(2017, 1, 14)), id="across-new-year"),
    ],
)
def test_endorsement_window(issued, year, window):
    assert endorsement_window(PROFILES["national-2016"], issued, year) == window


def test_endorsement_needs_a_profile_with_endorsements_and_a_year():
    with pytest.raises(ValueError, match="no yearly endorsement"):
        endorsement_window(PROFILES["shandong-2012"], date(2016, 3, 10), 1)
    with pytest.raises(ValueError, match="year 1"):
        endorsement_window(PROFILES["national-2016"], date(2016, 3, 10), 0)


# --- dates ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        pytest.param(date(1990, 5, 15), date(2006, 5, 14), 15, id="day-before-16th-birthday"),
        pytest.param(date(1990, 5, 15), date(2006, 5, 15), 16, id="16th-birthday"),
        pytest.param(date(1944, 6, 2), date(2014, 6, 1), 69, id="day-before-70th-birthday"),
        pytest.param(date(1944, 6, 2), date(2014, 6, 2), 70, id="70th-birthday"),
        pytest.param(date(2000, 2, 29), date(2016, 2, 28), 15, id="29-feb-born-leap-year-day-before"),
        pytest.param(date(2000, 2, 29), date(2016, 2, 29), 16, id="29-feb-born-leap-year-birthday"),
        pytest.param(date(2000, 2, 29), date(2017, 2, 28), 16, id="29-feb-born-28-feb-common-year"),
        pytest.param(date(2000, 2, 29), date(2017, 3, 1), 17, id="29-feb-born-1-mar-common-year"),
        pytest.param(date(2014, 6, 2), date(2014, 6, 2), 0, id="day-of-birth"),
        pytest.param(date(2013, 12, 31), date(2014, 1, 1), 0, id="new-year"),
    ],
)
def test_age_on(born, on, age):
    assert age_on(born, on) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2014, 6, 2), date(2014, 6, 1))


@pytest.mark.parametrize(
    ("start", "n", "holidays", "expected"),
    [
        pytest.param(date(2014, 6, 2), 0, (), date(2014, 6, 2), id="zero"),
        pytest.param(date(2014, 6, 2), 3, (), date(2014, 6, 5), id="monday+3"),
        pytest.param(date(2014, 6, 6), 1, (), date(2014, 6, 9), id="friday+1"),
        pytest.param(date(2014, 6, 6), 3, (), date(2014, 6, 11), id="friday+3"),
        pytest.param(date(2014, 6, 7), 3, (), date(2014, 6, 11), id="saturday+3"),
        pytest.param(date(2014, 6, 8), 1, (), date(2014, 6, 9), id="sunday+1"),
        pytest.param(date(2014, 6, 2), 10, (), date(2014, 6, 16), id="monday+10"),
        pytest.param(date(2014, 5, 30), 3, {date(2014, 6, 2)}, date(2014, 6, 5), id="friday+3-holiday-monday"),
        pytest.param(
            date(2014, 9, 30), 1, {date(2014, 10, d) for d in range(1, 8)}, date(2014, 10, 8), id="golden-week"
        ),
    ],
)
def test_add_working_days(start, n, holidays, expected):
    assert add_working_days(start, n, holidays) == expected
    assert working_days_between(start, expected, holidays) == n


def test_working_day_helpers():
    assert [is_working_day(date(2014, 6, d), ()) for d in range(2, 9)] == [True] * 5 + [False] * 2
    assert not is_working_day(date(2014, 6, 2), holidays={date(2014, 6, 2)})
    assert next_working_day(date(2014, 6, 7), ()) == date(2014, 6, 9)
    assert next_working_day(date(2014, 6, 6), ()) == date(2014, 6, 6)
    assert working_days_between(date(2014, 6, 9), date(2014, 6, 2)) == 0


def test_the_official_calendar_knows_holidays_and_working_weekends():
    # 2026 (国办发明电〔2025〕7号): Spring Festival 15-23 February, Saturdays 14 and 28 February worked.
    assert is_working_day(date(2026, 2, 14)) and not is_working_day(date(2026, 2, 16))
    assert not is_working_day(date(2014, 6, 2))  # Dragon Boat Festival 2014, a Monday
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)  # Sat 14 worked, then 24 and 25
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)  # National Day week
    assert is_working_day(date(2099, 6, 1)) and not is_working_day(date(2099, 6, 6))  # unknown year: Mon-Fri
    start = date(2025, 12, 1)
    for length in range(0, 120):
        end = start + timedelta(days=length)
        by_day = sum(is_working_day(start + timedelta(days=d)) for d in range(1, length + 1))
        assert working_days_between(start, end) == by_day, end


def test_a_landlord_has_3_working_days_after_the_spring_festival_too():
    from webapp.policy.profiles import load_profiles

    profile = load_profiles()["shandong-2018"]
    assert landlord_report_deadline(profile, date(2026, 2, 13)) == date(2026, 2, 25)
    assert landlord_report_deadline(profile, date(2026, 2, 13), holidays=()) == date(2026, 2, 18)
    with pytest.raises(ValueError, match="-1 working days"):
        add_working_days(date(2014, 6, 2), -1)


def test_working_days_between_agrees_with_counting_day_by_day():
    holidays = {date(2014, 10, d) for d in range(1, 8)} | {date(2014, 6, 2), date(2014, 6, 7)}
    for start in (date(2014, 5, 26) + timedelta(days=i) for i in range(9)):
        for length in range(0, 160):
            end = start + timedelta(days=length)
            for hols in ((), holidays):
                by_day = sum(is_working_day(start + timedelta(days=d), hols) for d in range(1, length + 1))
                assert working_days_between(start, end, hols) == by_day, (start, end, bool(hols))


@pytest.mark.parametrize(
    ("hukou", "place", "home_area", "same"),
    [
        pytest.param("330302", "330302001001", "county", True, id="same-county"),
        pytest.param("330302", "330303001001", "county", False, id="next-district-by-county"),
        pytest.param("330302", "330303001001", "city_districts", True, id="next-district-of-the-same-city"),
        pytest.param("330302", "330381", "city_districts", False, id="district-and-county-level-city"),
        pytest.param("330381", "330381001", "city_districts", True, id="same-county-level-city"),
        pytest.param("330302", "330402", "city_districts", False, id="district-of-another-city"),
    ],
)
def test_same_home_area(hukou, place, home_area, same):
    assert same_home_area(hukou, place, home_area) is same


def test_a_profile_can_count_a_citys_districts_as_one_home_area():
    profile = with_params("zhejiang-2009", registration={"home_area": "city_districts"})
    person = PersonFacts(birth_date=BORN, hukou_county_code="330303")
    stay = StayFacts("330302001001", date(2014, 6, 2), 60, "work", "rental")
    assert [d.rule for d in decide(person, stay, profile, date(2014, 6, 2))] == [
        "registration.not_migrant",
        "permit.not_migrant",
        "changes.not_required",
    ]


# --- facts and decisions refuse nonsense ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "match"),
    [
        pytest.param(lambda: PersonFacts(BORN, "4101"), "6 digits", id="short-hukou-code"),
        pytest.param(lambda: StayFacts("37030", date(2014, 6, 2), 3, "work", "rental"), "division code", id="place"),
        pytest.param(lambda: StayFacts("370303", date(2014, 6, 2), 3, "fun", "rental"), "reason", id="reason"),
        pytest.param(lambda: StayFacts("370303", date(2014, 6, 2), 3, "work", "tent"), "housing_type", id="housing"),
        pytest.param(lambda: StayFacts("370303", date(2014, 6, 2), -1, "work", "rental"), "negative", id="negative"),
        pytest.param(
            lambda: Decision("permit", "required", "permit.eligible", "shandong-2012"), "does not give", id="outcome"
        ),
        pytest.param(
            lambda: Decision("changes", "eligible", "permit.eligible", "shandong-2012"), "does not give", id="topic"
        ),
        pytest.param(lambda: Decision("permit", "eligible", "permit.maybe", "x"), "does not give", id="unknown-rule"),
    ],
)
def test_facts_and_decisions_refuse_nonsense(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_a_profile_only_decides_for_its_own_places():
    stay = StayFacts("330302001001", date(2014, 6, 2), 60, "work", "rental")
    with pytest.raises(ValueError, match="shandong-2012 does not govern 330302001001"):
        decide(PersonFacts(BORN, HUKOU), stay, PROFILES["shandong-2012"], date(2014, 6, 2))


def test_decision_params_are_read_only():
    decision = Decision("changes", "window", "changes.days", "national-2016", params={"days": 10})
    with pytest.raises(TypeError):
        decision.params["days"] = 1  # type: ignore[index]
    assert hash(decision) == hash(Decision("changes", "window", "changes.days", "national-2016"))


# --- the words ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def babel_app():
    app = Flask(__name__)
    Babel(app)
    return app


def test_every_rule_has_a_message_and_every_message_a_rule():
    assert set(MESSAGES) == set(RULES)


def test_every_coded_value_has_a_label():
    assert set(LABELS["reason"]) == set(REASONS)
    assert set(LABELS["ground"]) == set(LONG_VALIDITY_GROUNDS)


@pytest.mark.parametrize(("profile_id", "person", "stay", "today", "rule", "due", "from_date", "params"), ALL_CASES)
def test_every_placeholder_is_filled(babel_app, profile_id, person, stay, today, rule, due, from_date, params):
    with babel_app.test_request_context():
        for decision in decide(person, stay, PROFILES_UNDER_TEST[profile_id], today):
            message = str(MESSAGES[decision.rule])
            assert placeholders(message) <= set(values_for(decision)), decision.rule
            text = explain(decision)
            assert "%(" not in text and text.strip() == text and text.endswith(".")


def _one(profile_id, rule, row_id):
    """The decision on `rule`'s topic for one row of the tables above."""
    [row] = [c for c in ALL_CASES if c.id == f"{profile_id}: {rule.split('.')[0]}: {row_id}" and c.values[4] == rule]
    profile_id, person, facts, today, *_ = row.values
    decisions = decide(person, facts, PROFILES_UNDER_TEST[profile_id], today)
    return decisions[TOPICS.index(rule.split(".")[0])]


@pytest.mark.parametrize(
    ("profile_id", "rule", "row", "text"),
    [
        pytest.param(
            "shandong-2012",
            "registration.required",
            "3 days",
            "You need to register your residence by 5 June 2014.",
            id="due-date",
        ),
        pytest.param(
            "shandong-2012",
            "permit.exempt_reason",
            "here for business_trip",
            "You do not need a residence permit while you are here for a business trip.",
            id="reason-label",
        ),
        pytest.param(
            "shandong-2012",
            "permit.eligible_long",
            "labour contract with insurance",
            "You can apply for a residence permit now. Because you have a labour contract with social insurance, "
            "it is valid for 36 months.",
            id="ground-label",
        ),
        pytest.param(
            "zhejiang-2009",
            "permit.temporary_full_on",
            "day before the 3rd anniversary, stable",
            "You will get a temporary residence permit when you register. "
            "From 3 June 2014 you can apply for a full residence permit.",
            id="date-in-params",
        ),
        pytest.param(
            "shandong-2012",
            "changes.working_days_deregister",
            "registered",
            "If your address or workplace changes, report it within 3 working days. When you leave this county, "
            "report that too: it ends your registration here. A relative, your landlord or your employer can also "
            "report it.",
            id="changes",
        ),
    ],
)
def test_explain(babel_app, profile_id, rule, row, text):
    decision = _one(profile_id, rule, row)
    with babel_app.test_request_context():
        assert explain(decision, format_date=lambda d: f"{d.day} {d:%B %Y}") == text


def test_explain_formats_dates_as_iso_unless_told(babel_app):
    decision = _one("zhejiang-2017", "permit.residence_not_yet", "plans 183 days")
    with babel_app.test_request_context():
        assert explain(decision) == (
            "You can apply for a residence permit from 2018-12-04, after 183 days of living here."
        )


@pytest.mark.parametrize(("locale", "name"), [("en", "Interim Regulations"), ("zh_Hans_CN", "居住证暂行条例")])
def test_explain_source_names_the_rule_and_the_profile(babel_app, locale, name):
    decision = _one("national-2016", "permit.no_condition", "no stable job, home or study")
    with babel_app.test_request_context():
        text = explain_source(decision, PROFILES["national-2016"], locale)
    assert text.startswith("Rule permit.no_condition of ") and name in text
