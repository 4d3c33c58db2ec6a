"""The policy engine, table by table: registration, permits, changes and deadlines, periods, dates, and the words.

Unless a row says otherwise: a person born 15 May 1990 with hukou in 郑州中原区 (410102), arriving on the profile's
day (a Monday) in a community of 张店区 (Zibo), 鹿城区 (Wenzhou) or 东城区 (Beijing), to work for 60 days in a rental,
asking on the day they arrive. "national-2016@zibo" is the national rules in Zibo, where they govern from 2018
(shandong-2018 is pending review); every row checks that profile_for picks the row's profile for its place and day.

Periods are counted as 民法典 arts. 201-203 count them: the day of the event is not counted; a period in months or
years ends on the corresponding day, or the month's last day when there is none; a last day on a rest day or public
holiday moves to the next working day (every shipped profile says so). The expected dates below were worked out by
hand from those rules and the State Council's holiday notices, not read off the code.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

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
    last_day,
    registration_deadline,
    same_home_area,
    stable_employment_from,
)
from webapp.policy.explain import (
    LABELS,
    LEGACY,
    MESSAGES,
    MOMENTS,
    explain,
    explain_source,
    moment,
    period_text,
    placeholders,
    values_for,
)
from webapp.policy.profiles import LONG_VALIDITY_GROUNDS, REASONS, Period, load_profiles, profile_for
from webapp.policy.workdays import add_working_days, is_working_day, next_working_day, working_days_between

PROFILES = load_profiles()
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
ZIBO, WENZHOU, BEIJING = "370303001001", "330302001001", "110101001001"
PLACE = {
    "shandong-2012": ZIBO,
    "zhejiang-2009": WENZHOU,
    "zhejiang-2017": WENZHOU,
    "national-2016": BEIJING,
    "national-2016@zibo": ZIBO,
}
# Zhejiang counts a city's districts as one home area (条例 第二条 市区、县（市）): its neighbour is 瑞安市,
# a county-level city.
NEIGHBOUR = {"shandong-2012": "370302", "zhejiang-2009": "330381", "zhejiang-2017": "330381"}
NEIGHBOUR |= {"national-2016": "110102", "national-2016@zibo": "370302"}
DAY = {  # arrival and "today" unless a row says otherwise: all Mondays (2 June 2014 is the Dragon Boat Festival)
    "shandong-2012": date(2014, 6, 2),
    "zhejiang-2009": date(2014, 6, 2),
    "zhejiang-2017": date(2018, 6, 4),
    "national-2016": date(2018, 6, 4),
    "national-2016@zibo": date(2019, 6, 3),
}
DUE = {  # 3 days after DAY: a Thursday, a working day in each of those weeks, so nothing rolls
    "shandong-2012": date(2014, 6, 5),
    "zhejiang-2009": date(2014, 6, 5),
    "zhejiang-2017": date(2018, 6, 7),
    "national-2016": date(2018, 6, 7),
    "national-2016@zibo": date(2019, 6, 6),
}
BORN = date(1990, 5, 15)
HUKOU = "410102"


def with_params(profile_id, **sections):
    """A shipped profile with some parameters changed, for rules the shipped data leaves switched off."""
    profile = PROFILES[profile_id]
    params = {name: dict(table) | sections.get(name, {}) for name, table in profile.params.items()}
    return replace(profile, params=MappingProxyType({k: MappingProxyType(v) for k, v in params.items()}))


# Rules the shipped data does not use, on a shipped profile with a parameter changed ("base+variant").
VARIANTS = {
    "zhejiang-2009+deregister": with_params("zhejiang-2009", changes={"deregister_on_leaving": True}),
    "shandong-2012+no-deregister": with_params("shandong-2012", changes={"deregister_on_leaving": False}),
    "zhejiang-2009+no-roll": with_params("zhejiang-2009", periods={"roll_to_working_day": False}),
}


def base_id(key: str) -> str:
    """The shipped profile of a row key: "zhejiang-2009+no-roll" and "national-2016@zibo" are rows of their base."""
    return key.split("+")[0].split("@")[0]


def profile_under_test(key: str):
    return VARIANTS.get(key) or PROFILES[base_id(key)]


def days(n: int) -> timedelta:
    return timedelta(days=n)


def months_after(day: date, months: int) -> date:
    """`day` moved by whole months, by hand: only used on days every month has (the 3rd, the 4th), so no rule of
    month ends is involved and the result does not depend on the code under test."""
    years, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + years, month=month + 1)


def birth_for(key: str, years: int, days_to_birthday: int) -> date:
    """A birth date such that the person turns `years` `days_to_birthday` days after the profile's day."""
    return anniversary(DAY[key.split("+")[0]] + days(days_to_birthday), -years)


@dataclass(frozen=True)
class Row:
    id: str
    key: str  # a profile id, "base+variant" or "base@place"
    person: PersonFacts
    stay: StayFacts
    today: date
    rule: str
    due: date | None
    from_date: date | None
    params: dict = field(hash=False)
    arrival_profile: str | None  # the profile that judges registration (in force on the arrival date)


def case(
    case_id,
    key,
    rule,
    *,
    today=None,
    due=None,
    from_date=None,
    params=None,
    born=BORN,
    hukou=HUKOU,
    stay_days=60,
    work_days=None,
    stable_employment=False,
    labour_contract_with_insurance=False,
    arrival_profile=None,
    **stay,
):
    """One row: the facts and what the decision on the rule's topic must be.

    `stay_days`: the planned stay ends that many days after arrival (None: no end planned); `stay_ends_on=` gives
    the day itself. A commuter's stay is their work here (`work_days`). `stable_employment=True` stands for a year
    of social insurance paid here, `labour_contract_with_insurance=True` for a labour contract and that insurance.
    `today` is the profile's day, or the arrival date when that is later.
    """
    where = key.split("+")[0]
    arrival = stay.get("arrival_date", DAY[where])
    if work_days is not None:
        stay_days = work_days
    facts = {
        "place_code": PLACE[where],
        "arrival_date": arrival,
        "reason": "work",
        "housing_type": "rental",
        "stay_ends_on": None if stay_days is None else arrival + days(stay_days),
    }
    if stable_employment:
        facts["insurance_months"] = 12
    if labour_contract_with_insurance:
        facts |= {"work_proof": "labour_contract", "insurance_months": 12}
    return Row(
        id=f"{key}: {rule.split('.')[0]}: {case_id}",
        key=key,
        person=PersonFacts(birth_date=born, hukou_county_code=hukou),
        stay=StayFacts(**(facts | stay)),
        today=today or max(DAY[where], arrival),
        rule=rule,
        due=due,
        from_date=from_date,
        params=params or {},
        arrival_profile=arrival_profile,
    )


ALL_PROFILES = sorted(PLACE)
NATIONAL_SCHEME = ["zhejiang-2017", "national-2016", "national-2016@zibo"]
NOT_FOR_COMMUTERS = ["zhejiang-2009", "zhejiang-2017", "national-2016", "national-2016@zibo"]
D3, D10, WD3 = Period(3, "days"), Period(10, "days"), Period(3, "working_days")
M6, Y1, Y3 = Period(6, "months"), Period(1, "years"), Period(3, "years")
STABLE_JOB = {"contract": M6, "licence": Period(3, "months"), "insurance": Period(1, "months")}

# The tables are laid out by hand, one row per line where it fits: the formatter would spread each row over eight.
# fmt: off
REGISTRATION = [
    *(
        row
        for p in ALL_PROFILES
        for row in (
            case("2 days", p, "registration.short_stay", stay_days=2, params={"min_stay": D3}),
            case("3 days: to the last day of the minimum", p, "registration.required", stay_days=3, due=DUE[p],
                 params={"deadline": D3}),
            case("no end planned", p, "registration.required", stay_days=None, due=DUE[p]),
            case("hukou in this county", p, "registration.not_migrant", hukou=PLACE[p][:6]),
            case("hukou in this county, county code", p, "registration.not_migrant", hukou=PLACE[p][:6],
                 place_code=PLACE[p][:6]),
            case("hukou in the next county", p, "registration.required", hukou=NEIGHBOUR[p], due=DUE[p]),
            case("commuter from this county", p, "registration.not_migrant", hukou=PLACE[p][:6], commuter=True,
                 work_days=90),
        )
    ),
    # Shandong 2012: hotels and hospitals log the stay; commuters register after 1 calendar month of work.
    case("hotel", "shandong-2012", "registration.exempt_hotel", housing_type="hotel"),
    case("hospital", "shandong-2012", "registration.exempt_hospital", housing_type="hospital"),
    case("hotel for 2 days", "shandong-2012", "registration.short_stay", housing_type="hotel", stay_days=2),
    case("relatives 10 days", "shandong-2012", "registration.required", housing_type="relatives", stay_days=10,
         due=date(2014, 6, 5)),
    # From 2 June 2014 one month ends on 2 July: 30 days.
    case("commuter 29 days", "shandong-2012", "registration.commuter_short", commuter=True, work_days=29,
         params={"min_work": Period(1, "months")}),
    case("commuter 30 days", "shandong-2012", "registration.commuter", commuter=True, work_days=30,
         due=date(2014, 6, 5), params={"min_work": Period(1, "months")}),
    case("commuter, no end", "shandong-2012", "registration.commuter", commuter=True, stay_days=None,
         due=date(2014, 6, 5)),
    # From 31 January the month ends on 28 February (2014) or 29 February (2016): there is no 31 February.
    # 3 days from 31 January 2014 end on Monday 3 February, inside the Spring Festival (31 Jan-6 Feb): 7 February.
    case("commuter 31 Jan to 28 Feb 2014", "shandong-2012", "registration.commuter", commuter=True,
         arrival_date=date(2014, 1, 31), stay_ends_on=date(2014, 2, 28), due=date(2014, 2, 7)),
    case("commuter 31 Jan to 27 Feb 2014", "shandong-2012", "registration.commuter_short", commuter=True,
         arrival_date=date(2014, 1, 31), stay_ends_on=date(2014, 2, 27)),
    case("commuter 31 Jan to 29 Feb 2016", "shandong-2012", "registration.commuter", commuter=True,
         arrival_date=date(2016, 1, 31), stay_ends_on=date(2016, 2, 29), due=date(2016, 2, 3)),
    case("commuter 31 Jan to 28 Feb 2016", "shandong-2012", "registration.commuter_short", commuter=True,
         arrival_date=date(2016, 1, 31), stay_ends_on=date(2016, 2, 28)),
    case("commuter 31 Mar to 30 Apr", "shandong-2012", "registration.commuter", commuter=True,
         arrival_date=date(2014, 3, 31), stay_ends_on=date(2014, 4, 30), due=date(2014, 4, 3)),
    case("commuter 31 Mar to 29 Apr", "shandong-2012", "registration.commuter_short", commuter=True,
         arrival_date=date(2014, 3, 31), stay_ends_on=date(2014, 4, 29)),
    case("renter from 31 Jan 2014: Spring Festival", "shandong-2012", "registration.required",
         arrival_date=date(2014, 1, 31), due=date(2014, 2, 7)),
    # Zhejiang: no hotel or hospital exemption; relatives 15 days (2009), 30 days (2017) or less, 以内 includes it.
    case("hotel", "zhejiang-2009", "registration.required", housing_type="hotel", due=date(2014, 6, 5)),
    case("hospital", "zhejiang-2009", "registration.required", housing_type="hospital", due=date(2014, 6, 5)),
    case("relatives 2 days", "zhejiang-2009", "registration.short_stay", housing_type="relatives", stay_days=2),
    case("relatives 15 days", "zhejiang-2009", "registration.exempt_relatives", housing_type="relatives",
         stay_days=15, params={"max_stay": Period(15, "days")}),
    case("relatives 16 days", "zhejiang-2009", "registration.required", housing_type="relatives", stay_days=16,
         due=date(2014, 6, 5)),
    case("relatives, no end", "zhejiang-2009", "registration.required", housing_type="relatives", stay_days=None,
         due=date(2014, 6, 5)),
    case("relatives 30 days", "zhejiang-2017", "registration.exempt_relatives", housing_type="relatives",
         stay_days=30, params={"max_stay": Period(30, "days")}),
    case("relatives 31 days", "zhejiang-2017", "registration.required", housing_type="relatives", stay_days=31,
         due=date(2018, 6, 7)),
    # 30 days from 31 January 2018 end on 2 March (days, not a month); 3 days end on Saturday 3 Feb: Monday 5.
    case("relatives 31 Jan to 2 Mar", "zhejiang-2017", "registration.exempt_relatives", housing_type="relatives",
         arrival_date=date(2018, 1, 31), stay_ends_on=date(2018, 3, 2)),
    case("relatives 31 Jan to 3 Mar", "zhejiang-2017", "registration.required", housing_type="relatives",
         arrival_date=date(2018, 1, 31), stay_ends_on=date(2018, 3, 3), due=date(2018, 2, 5)),
    case("relatives 10 days", "national-2016", "registration.required", housing_type="relatives", stay_days=10,
         due=date(2018, 6, 7)),
    case("hotel", "national-2016", "registration.required", housing_type="hotel", due=date(2018, 6, 7)),
    # In Zibo from 2018 the national rules name no hotel or hospital exemption, and no commuters.
    case("hotel", "national-2016@zibo", "registration.required", housing_type="hotel", due=date(2019, 6, 6)),
    case("hospital", "national-2016@zibo", "registration.required", housing_type="hospital", due=date(2019, 6, 6)),
    *(case("commuter", p, "registration.commuter_not_covered", commuter=True, work_days=90) for p in NOT_FOR_COMMUTERS),
    # The last day rolls to the next working day (民法典 art. 203), by the official calendar.
    case("arrived Wed 4 Jun 2014: Sat 7 rolls to Mon 9", "zhejiang-2009", "registration.required",
         arrival_date=date(2014, 6, 4), due=date(2014, 6, 9)),
    case("arrived Wed 4 Jun 2014: Sat 7 without rolling", "zhejiang-2009+no-roll", "registration.required",
         arrival_date=date(2014, 6, 4), due=date(2014, 6, 7)),
    case("arrived 28 Sep 2018: 1 Oct is National Day", "zhejiang-2017", "registration.required",
         arrival_date=date(2018, 9, 28), due=date(2018, 10, 8)),
    case("arrived 26 Sep 2018: Sat 29 Sep is worked", "zhejiang-2017", "registration.required",
         arrival_date=date(2018, 9, 26), due=date(2018, 9, 29)),
    case("arrived 21 Sep 2018: Mon 24 is Mid-Autumn", "zhejiang-2017", "registration.required",
         arrival_date=date(2018, 9, 21), due=date(2018, 9, 25)),
    case("arrived Fri 27 Sep 2019: Mon 30 is worked", "national-2016", "registration.required",
         arrival_date=date(2019, 9, 27), due=date(2019, 9, 30)),
    case("arrived 12 Feb 2018: Spring Festival 15-21", "national-2016@zibo", "registration.required",
         arrival_date=date(2018, 2, 12), due=date(2018, 2, 22)),
    # The duty to register arose on arrival: judged by the profile in force that day when the caller passes it.
    case("hotel from 29 Dec 2017, by the rules on arrival", "national-2016@zibo", "registration.exempt_hotel",
         housing_type="hotel", arrival_date=date(2017, 12, 29), today=date(2018, 1, 2),
         arrival_profile="shandong-2012"),
    case("hotel from 29 Dec 2017, by today's rules", "national-2016@zibo", "registration.required",
         housing_type="hotel", arrival_date=date(2017, 12, 29), today=date(2018, 1, 2), due=date(2018, 1, 2)),
    # The 2016 revision is in force from 1 July 2016 (公告第39号).
    case("relatives 20 days from 20 Jun 2016, by the rules on arrival", "zhejiang-2017", "registration.required",
         housing_type="relatives", arrival_date=date(2016, 6, 20), stay_days=20, today=date(2016, 7, 4),
         due=date(2016, 6, 23), arrival_profile="zhejiang-2009"),
    case("relatives 20 days from 20 Jun 2016, by today's rules", "zhejiang-2017", "registration.exempt_relatives",
         housing_type="relatives", arrival_date=date(2016, 6, 20), stay_days=20, today=date(2016, 7, 4)),
]

AGE_AND_STAY = [
    case("29 days", "shandong-2012", "permit.short_stay", stay_days=29, params={"min_stay": Period(30, "days")}),
    case("30 days", "shandong-2012", "permit.eligible", stay_days=30,
         params={"type": "standard", "validity": Y1, "validity_months": 12}),
    case("no end planned", "shandong-2012", "permit.eligible", stay_days=None),
    case("day before 16th birthday", "shandong-2012", "permit.age_min_not_yet",
         born=birth_for("shandong-2012", 16, 1), from_date=date(2014, 6, 3), params={"min_age": 16}),
    case("16th birthday", "shandong-2012", "permit.eligible", born=birth_for("shandong-2012", 16, 0)),
    case("day before 70th birthday", "shandong-2012", "permit.eligible", born=birth_for("shandong-2012", 70, 1)),
    case("70th birthday", "shandong-2012", "permit.age_max", born=birth_for("shandong-2012", 70, 0),
         params={"max_age": 70}),
    # Validity 1 year, or 3 on one of the four grounds.
    case("labour contract with insurance", "shandong-2012", "permit.eligible_long",
         labour_contract_with_insurance=True,
         params={"validity": Y3, "validity_months": 36, "ground": "labour_contract_with_insurance"}),
    case("labour contract, no insurance", "shandong-2012", "permit.eligible", work_proof="labour_contract",
         params={"validity": Y1, "validity_months": 12}),
    case("insurance, no contract", "shandong-2012", "permit.eligible", stable_employment=True,
         housing_type="dormitory", params={"validity_months": 12}),
    case("business licence", "shandong-2012", "permit.eligible_long", work_proof="business_licence",
         params={"validity": Y3, "validity_months": 36, "ground": "business_licence"}),
    case("own home", "shandong-2012", "permit.eligible_long", housing_type="own_home",
         params={"validity": Y3, "validity_months": 36, "ground": "own_home"}),
    case("filed rental", "shandong-2012", "permit.eligible_long", filed_rental=True,
         params={"validity": Y3, "validity_months": 36, "ground": "filed_rental"}),
    case("filed, but a dormitory", "shandong-2012", "permit.eligible", filed_rental=True, housing_type="dormitory",
         params={"validity": Y1}),
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
    case("16 the day after the stay ends", "shandong-2012", "permit.age_min", stay_days=90,
         born=birth_for("shandong-2012", 16, 91), params={"min_age": 16}),
    case("16 on the day the stay ends", "shandong-2012", "permit.age_min_not_yet", stay_days=91,
         born=birth_for("shandong-2012", 16, 91), from_date=date(2014, 9, 1)),
    case("commuter", "shandong-2012", "permit.commuter", commuter=True, work_days=90),
    case("hukou in this county", "shandong-2012", "permit.not_migrant", hukou="370303"),
]

# Zhejiang 2009: the full permit after 3 years of residence (from 2 June 2011: 2 June 2014), a stable home and a
# stable job (insurance: at once; a labour contract: 6 months after it started; a business licence: 3 months).
HOME = {"stable_residence": True}
STABLE = {"stable_residence": True, "insurance_months": 1, "stay_days": None}
TWO_TIER = [
    case("30 days", "zhejiang-2009", "permit.short_stay", stay_days=30, params={"min_stay": Period(31, "days")}),
    case("31 days", "zhejiang-2009", "permit.temporary", stay_days=31,
         params={"type": "temporary", "full_after": Y3}),
    case("day before the 3rd anniversary, stable", "zhejiang-2009", "permit.temporary_full_on",
         resided_since=date(2011, 6, 3), **STABLE, params={"type": "temporary", "full_from": date(2014, 6, 3)}),
    case("3rd anniversary, stable", "zhejiang-2009", "permit.full", resided_since=date(2011, 6, 2), **STABLE,
         from_date=date(2014, 6, 2), params={"type": "full"}),
    case("3rd anniversary, no stable job", "zhejiang-2009", "permit.temporary", resided_since=date(2011, 6, 2),
         stable_residence=True),
    case("3rd anniversary, no stable home", "zhejiang-2009", "permit.temporary", resided_since=date(2011, 6, 2),
         stable_employment=True),
    case("stable, arrived today, no end", "zhejiang-2009", "permit.temporary_full_on", **STABLE,
         params={"full_from": date(2017, 6, 2)}),
    case("stable, arrived today, stays 60 days", "zhejiang-2009", "permit.temporary", **HOME, insurance_months=1,
         params={"full_after": Y3}),
    # From 29 February 2012, three years end on 28 February 2015 (no 29th): not on 1 March.
    case("since 29 Feb 2012, on 27 Feb 2015", "zhejiang-2009", "permit.temporary_full_on", today=date(2015, 2, 27),
         resided_since=date(2012, 2, 29), **STABLE, params={"full_from": date(2015, 2, 28)}),
    case("since 29 Feb 2012, on 28 Feb 2015", "zhejiang-2009", "permit.full", today=date(2015, 2, 28),
         resided_since=date(2012, 2, 29), **STABLE, from_date=date(2015, 2, 28)),
    # Both from their dates: the later one decides.
    case("contract from 2 Mar 2014: stable on 2 Sep", "zhejiang-2009", "permit.temporary_full_on",
         resided_since=date(2011, 6, 2), **HOME, work_proof="labour_contract", work_proof_since=date(2014, 3, 2),
         stay_days=None, params={"full_from": date(2014, 9, 2)}),
    case("contract from 2 Dec 2013: stable today", "zhejiang-2009", "permit.full", resided_since=date(2011, 6, 2),
         **HOME, work_proof="labour_contract", work_proof_since=date(2013, 12, 2), stay_days=None,
         from_date=date(2014, 6, 2)),
    case("licence from 31 Mar 2014: stable on 30 Jun", "zhejiang-2009", "permit.temporary_full_on",
         resided_since=date(2011, 6, 2), **HOME, work_proof="business_licence", work_proof_since=date(2014, 3, 31),
         stay_days=None, params={"full_from": date(2014, 6, 30)}),
    case("licence from 28 Feb 2014: stable on 28 May", "zhejiang-2009", "permit.full",
         resided_since=date(2011, 6, 2), **HOME, work_proof="business_licence", work_proof_since=date(2014, 2, 28),
         stay_days=None, from_date=date(2014, 6, 2)),
    case("resident from 30 Sep 2011, job stable in 2013", "zhejiang-2009", "permit.temporary_full_on",
         resided_since=date(2011, 9, 30), **HOME, work_proof="labour_contract", work_proof_since=date(2013, 1, 1),
         stay_days=None, params={"full_from": date(2014, 9, 30)}),
    case("contract but no home", "zhejiang-2009", "permit.temporary", resided_since=date(2011, 6, 2),
         work_proof="labour_contract", work_proof_since=date(2012, 1, 1), stay_days=None),
    case("day before 16th birthday", "zhejiang-2009", "permit.age_min_not_yet",
         born=birth_for("zhejiang-2009", 16, 1), from_date=date(2014, 6, 3)),
    case("16th birthday", "zhejiang-2009", "permit.temporary", born=birth_for("zhejiang-2009", 16, 0)),
    case("15, 16 after the stay", "zhejiang-2009", "permit.age_min", born=birth_for("zhejiang-2009", 16, 200)),
    case("70th birthday: no upper age", "zhejiang-2009", "permit.temporary", born=birth_for("zhejiang-2009", 70, 0)),
    case("here for tourism: no exceptions", "zhejiang-2009", "permit.temporary", reason="tourism"),
    case("commuter", "zhejiang-2009", "permit.commuter", commuter=True, work_days=90),
]


def _national(p):
    """The national conditions (居住证暂行条例 第二条) at the profile's day T, the 3rd or 4th of a month."""
    t = DAY[p]
    return [
        # Six calendar months of residence.
        case("resident 6 months to the day", p, "permit.eligible_endorsed", arrival_date=months_after(t, -6),
             stay_days=None, **HOME, params={"type": "standard", "via_guardian": False}),
        case("resident 6 months less a day", p, "permit.residence_not_yet",
             arrival_date=months_after(t, -6) + days(1), stay_days=None, **HOME, today=t, from_date=t + days(1),
             params={"min_residence": M6}),
        case("plans to stay to the day 6 months end", p, "permit.residence_not_yet",
             stay_ends_on=months_after(t, 6), stable_employment=True, from_date=months_after(t, 6)),
        case("plans to leave the day before", p, "permit.residence_too_short",
             stay_ends_on=months_after(t, 6) - days(1), stable_employment=True, params={"min_residence": M6}),
        case("resident since last year, just moved", p, "permit.eligible_endorsed", resided_since=t - days(400),
             **HOME),
        # A stable job: a labour contract held 6 months, a business licence 3 months, or social insurance.
        case("no stable job, home or study", p, "permit.no_condition", arrival_date=months_after(t, -12),
             stay_days=None, today=t, params=STABLE_JOB),
        case("labour contract since arrival 7 months ago", p, "permit.eligible_endorsed",
             arrival_date=months_after(t, -7), stay_days=None, today=t, work_proof="labour_contract"),
        case("labour contract since 3 months ago, resident 7 months", p, "permit.condition_not_yet",
             arrival_date=months_after(t, -3), resided_since=months_after(t, -7), stay_days=None, today=t,
             work_proof="labour_contract", from_date=months_after(t, 3)),
        case("resident 7 months, labour contract from 3 months ago", p, "permit.condition_not_yet",
             arrival_date=months_after(t, -7), stay_days=None, today=t, work_proof="labour_contract",
             work_proof_since=months_after(t, -3), from_date=months_after(t, 3)),
        case("labour contract 6 months to the day", p, "permit.eligible_endorsed", resided_since=t - days(400),
             work_proof="labour_contract", work_proof_since=months_after(t, -6)),
        case("labour contract 6 months less a day", p, "permit.condition_not_yet", resided_since=t - days(400),
             work_proof="labour_contract", work_proof_since=months_after(t, -6) + days(1), from_date=t + days(1)),
        case("business licence 3 months to the day", p, "permit.eligible_endorsed", resided_since=t - days(400),
             work_proof="business_licence", work_proof_since=months_after(t, -3)),
        case("business licence 2 months", p, "permit.condition_not_yet", resided_since=t - days(400),
             work_proof="business_licence", work_proof_since=months_after(t, -2), from_date=months_after(t, 1)),
        case("social insurance 1 month", p, "permit.eligible_endorsed", resided_since=t - days(400),
             insurance_months=1),
        case("no social insurance, no papers", p, "permit.no_condition", resided_since=t - days(400),
             params=STABLE_JOB),
        # Residence and job both to come: the later date is the one told.
        case("insurance, arrived today", p, "permit.residence_not_yet", stay_days=None, insurance_months=1,
             from_date=months_after(t, 6)),
        case("contract since arrival 2 months ago", p, "permit.residence_not_yet", arrival_date=months_after(t, -2),
             stay_days=None, today=t, work_proof="labour_contract", from_date=months_after(t, 4)),
        case("licence since arrival 2 months ago", p, "permit.residence_not_yet", arrival_date=months_after(t, -2),
             stay_days=None, today=t, work_proof="business_licence", from_date=months_after(t, 4)),
        case("contract from a month after arrival", p, "permit.condition_not_yet", arrival_date=months_after(t, -2),
             stay_days=None, today=t, work_proof="labour_contract", work_proof_since=months_after(t, -1),
             from_date=months_after(t, 5)),
        # A stable home, or study.
        case("stable home only", p, "permit.eligible_endorsed", resided_since=t - days(365), **HOME),
        case("full-time study only", p, "permit.eligible_endorsed", resided_since=t - days(365),
             full_time_study=True),
        case("here to study", p, "permit.eligible_endorsed", resided_since=t - days(365), reason="study"),
        case("stable home, arrived today", p, "permit.residence_not_yet", stay_days=None, **HOME,
             from_date=months_after(t, 6)),
        # Under 16: through a guardian; no upper age.
        case("child of 10", p, "permit.eligible_via_guardian", born=birth_for(p, 10, 100),
             resided_since=t - days(365), **HOME, params={"via_guardian": True}),
        case("day before 16th birthday", p, "permit.eligible_via_guardian", born=birth_for(p, 16, 1),
             resided_since=t - days(365), **HOME),
        case("16th birthday", p, "permit.eligible_endorsed", born=birth_for(p, 16, 0), resided_since=t - days(365),
             **HOME),
        case("90 years old: no upper age", p, "permit.eligible_endorsed", born=birth_for(p, 90, 10),
             resided_since=t - days(365), **HOME),
        case("hukou in this county", p, "permit.not_migrant", hukou=PLACE[p][:6]),
        case("commuter", p, "permit.commuter", commuter=True, work_days=365),
    ]


# 居住半年以上 from an arrival date: six months end on the corresponding day, or the month's last day.
SIX_MONTHS = [
    (date(2017, 8, 31), date(2018, 2, 28)),
    (date(2019, 8, 31), date(2020, 2, 29)),
    (date(2017, 8, 29), date(2018, 2, 28)),
    (date(2019, 8, 29), date(2020, 2, 29)),
    (date(2019, 8, 30), date(2020, 2, 29)),
    (date(2017, 9, 30), date(2018, 3, 30)),
    (date(2017, 10, 31), date(2018, 4, 30)),
    (date(2017, 11, 30), date(2018, 5, 30)),
    (date(2017, 12, 31), date(2018, 6, 30)),
    (date(2018, 2, 28), date(2018, 8, 28)),
    (date(2016, 2, 29), date(2016, 8, 29)),
    (date(2018, 3, 31), date(2018, 9, 30)),
]
SIX_MONTH_ROWS = [
    row
    for arrived, full in SIX_MONTHS
    for row in (
        case(f"from {arrived}: not on {full - days(1)}", "national-2016", "permit.residence_not_yet",
             arrival_date=arrived, today=full - days(1), stay_days=None, **HOME, from_date=full),
        case(f"from {arrived}: on {full}", "national-2016", "permit.eligible_endorsed", arrival_date=arrived,
             today=full, stay_days=None, **HOME),
        case(f"from {arrived}: staying to {full}", "national-2016", "permit.residence_not_yet",
             arrival_date=arrived, today=arrived, stay_ends_on=full, **HOME, from_date=full),
        case(f"from {arrived}: staying to {full - days(1)}", "national-2016", "permit.residence_too_short",
             arrival_date=arrived, today=arrived, stay_ends_on=full - days(1), **HOME),
    )
] + [
    case("from 31 Aug 2017, on 28 Feb 2018", "zhejiang-2017", "permit.eligible_endorsed",
         arrival_date=date(2017, 8, 31), today=date(2018, 2, 28), stay_days=None, **HOME),
    case("contract from 31 Dec 2017: stable on 30 Jun 2018", "zhejiang-2017", "permit.condition_not_yet",
         resided_since=date(2017, 1, 1), work_proof="labour_contract", work_proof_since=date(2017, 12, 31),
         from_date=date(2018, 6, 30)),
    case("licence from 30 Nov 2017: stable on 28 Feb 2018", "national-2016", "permit.eligible_endorsed",
         arrival_date=date(2017, 1, 1), stay_days=None, work_proof="business_licence",
         work_proof_since=date(2017, 11, 30), today=date(2018, 2, 28)),
    case("licence from 30 Nov 2017: not on 27 Feb 2018", "national-2016", "permit.condition_not_yet",
         arrival_date=date(2017, 1, 1), stay_days=None, work_proof="business_licence",
         work_proof_since=date(2017, 11, 30), today=date(2018, 2, 27), from_date=date(2018, 2, 28)),
]

RESIDENCE_AND_CONDITION = [row for p in NATIONAL_SCHEME for row in _national(p)] + SIX_MONTH_ROWS

CHANGES = [
    case("registered", "shandong-2012", "changes.working_days_deregister", params={"deadline": WD3}),
    *(case("registered", p, "changes.days_within_area" if p == "zhejiang-2017" else "changes.days",
           params={"deadline": D10}) for p in NOT_FOR_COMMUTERS),
    *(case("not registered", p, "changes.not_required", stay_days=2) for p in ALL_PROFILES),
    case("commuter registered", "shandong-2012", "changes.working_days_deregister", commuter=True, work_days=30),
    case("exempt", "zhejiang-2009", "changes.not_required", housing_type="relatives", stay_days=10),
    case("registered", "zhejiang-2009+deregister", "changes.days_deregister", params={"deadline": D10}),
    case("registered", "shandong-2012+no-deregister", "changes.working_days", params={"deadline": WD3}),
    case("exempt on arrival, under today's rules", "national-2016@zibo", "changes.not_required",
         housing_type="hotel", arrival_date=date(2017, 12, 29), today=date(2018, 1, 2),
         arrival_profile="shandong-2012"),
    case("registered on arrival in 2016, under today's rules", "zhejiang-2017", "changes.days_within_area",
         housing_type="relatives", arrival_date=date(2016, 6, 20), stay_days=20, today=date(2016, 7, 4),
         arrival_profile="zhejiang-2009", params={"deadline": D10}),
]
# fmt: on

ALL_CASES = REGISTRATION + AGE_AND_STAY + TWO_TIER + RESIDENCE_AND_CONDITION + CHANGES


def rows(cases):
    """pytest params for rows, named by their ids."""
    return [pytest.param(row, id=row.id) for row in cases]


def test_row_ids_are_unique():
    ids = [row.id for row in ALL_CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _decide(row: Row) -> list[Decision]:
    arrival = PROFILES[row.arrival_profile] if row.arrival_profile else None
    return decide(row.person, row.stay, profile_under_test(row.key), row.today, arrival_profile=arrival)


@pytest.mark.parametrize("row", rows(ALL_CASES))
def test_decision(row):
    # The row's profile is the one that governs the place that day (pending profiles are never chosen).
    assert profile_for(row.stay.place_code, row.today).id == base_id(row.key)
    if row.arrival_profile:
        assert profile_for(row.stay.place_code, row.stay.arrival_date).id == row.arrival_profile
    decisions = _decide(row)
    assert [d.topic for d in decisions] == list(TOPICS)
    judged_by = [row.arrival_profile or base_id(row.key), base_id(row.key), base_id(row.key)]
    assert [d.profile_id for d in decisions] == judged_by
    decision = decisions[TOPICS.index(row.rule.split(".")[0])]
    assert decision.rule == row.rule
    assert decision.outcome == RULES[row.rule]
    if row.due is not None:
        assert decision.due == row.due
    if row.from_date is not None:
        assert decision.from_date == row.from_date
    assert {key: decision.params.get(key) for key in row.params} == row.params


def test_every_rule_is_in_a_table():
    assert {row.rule for row in ALL_CASES} == set(RULES)


# --- decide() only with rules in force that we can stand behind -------------------------------------------------


ZIBO_2019 = StayFacts(ZIBO, date(2019, 6, 3), "work", "rental", stay_ends_on=date(2019, 8, 2))
WENZHOU_2016 = StayFacts(WENZHOU, date(2016, 6, 20), "family", "relatives", stay_ends_on=date(2016, 7, 10))


@pytest.mark.parametrize(
    ("stay", "profile_id", "today", "arrival_profile_id", "match"),
    [
        pytest.param(
            ZIBO_2019, "shandong-2018", date(2019, 6, 3), None, "shandong-2018 is pending review", id="pending"
        ),
        pytest.param(
            ZIBO_2019, "national-2016", date(2019, 6, 3), "shandong-2018", "pending review", id="pending-on-arrival"
        ),
        pytest.param(
            ZIBO_2019,
            "shandong-2012",
            date(2019, 6, 3),
            None,
            "shandong-2012 is not in force on 2019-06-03, the day the permit is judged",
            id="ended-before-today",
        ),
        pytest.param(
            ZIBO_2019, "shandong-2012", date(2018, 1, 1), None, "not in force on 2018-01-01", id="day-after-its-end"
        ),
        pytest.param(
            StayFacts(BEIJING, date(2015, 12, 1), "work", "rental"),
            "national-2016",
            date(2015, 12, 31),
            None,
            "not in force on 2015-12-31",
            id="day-before-its-start",
        ),
        pytest.param(
            WENZHOU_2016,
            "zhejiang-2017",
            date(2016, 7, 4),
            "zhejiang-2017",
            "zhejiang-2017 is not in force on 2016-06-20, the day the registration is judged",
            id="arrival-profile-not-in-force-on-arrival",
        ),
        pytest.param(
            WENZHOU_2016,
            "zhejiang-2009",
            date(2016, 7, 4),
            "zhejiang-2009",
            "zhejiang-2009 is not in force on 2016-07-04",
            id="arrival-profile-but-today-out-of-force",
        ),
        pytest.param(
            WENZHOU_2016, "shandong-2012", date(2016, 6, 20), None, "does not govern 330302001001", id="other-province"
        ),
        pytest.param(
            WENZHOU_2016,
            "zhejiang-2017",
            date(2016, 7, 4),
            "shandong-2012",
            "shandong-2012 does not govern 330302001001",
            id="arrival-profile-of-another-province",
        ),
    ],
)
def test_decide_refuses_rules_not_in_force_or_pending(stay, profile_id, today, arrival_profile_id, match):
    arrival = PROFILES[arrival_profile_id] if arrival_profile_id else None
    with pytest.raises(ValueError, match=match):
        decide(PersonFacts(BORN, HUKOU), stay, PROFILES[profile_id], today, arrival_profile=arrival)


def test_shandong_from_2018_is_decided_by_the_national_rules():
    profile = profile_for(ZIBO, date(2019, 6, 3))
    assert profile.id == "national-2016" and not PROFILES["shandong-2018"].usable
    decisions = decide(PersonFacts(BORN, HUKOU), ZIBO_2019, profile, date(2019, 6, 3))
    assert [(d.rule, d.profile_id, d.due) for d in decisions] == [
        ("registration.required", "national-2016", date(2019, 6, 6)),
        ("permit.residence_too_short", "national-2016", None),
        ("changes.days", "national-2016", None),
    ]


# --- periods: calendar days, working days, months and years -----------------------------------------------------

NONE = frozenset()  # no public holidays: Monday to Friday are working days
NATIONAL_DAY_2018 = frozenset(date(2018, 10, d) for d in range(1, 8))


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        pytest.param(Period(3, "days"), date(2014, 6, 2), date(2014, 6, 5), id="3-days"),
        pytest.param(Period(0, "days"), date(2014, 6, 2), date(2014, 6, 2), id="0-days"),
        pytest.param(Period(3, "days"), date(2025, 12, 30), date(2026, 1, 2), id="3-days-over-new-year"),
        pytest.param(Period(1, "days"), date(2024, 2, 28), date(2024, 2, 29), id="1-day-to-29-feb"),
        pytest.param(Period(1, "days"), date(2025, 2, 28), date(2025, 3, 1), id="1-day-to-1-mar"),
        pytest.param(Period(30, "days"), date(2018, 1, 31), date(2018, 3, 2), id="30-days-are-not-a-month"),
        pytest.param(Period(1, "months"), date(2025, 1, 31), date(2025, 2, 28), id="31-jan+1-month-2025"),
        pytest.param(Period(1, "months"), date(2024, 1, 31), date(2024, 2, 29), id="31-jan+1-month-2024"),
        pytest.param(Period(1, "months"), date(2025, 1, 30), date(2025, 2, 28), id="30-jan+1-month"),
        pytest.param(Period(1, "months"), date(2025, 1, 28), date(2025, 2, 28), id="28-jan+1-month"),
        pytest.param(Period(1, "months"), date(2025, 2, 28), date(2025, 3, 28), id="28-feb+1-month-not-month-end"),
        pytest.param(Period(1, "months"), date(2024, 2, 29), date(2024, 3, 29), id="29-feb+1-month"),
        pytest.param(Period(1, "months"), date(2025, 3, 31), date(2025, 4, 30), id="31-mar+1-month"),
        pytest.param(Period(1, "months"), date(2025, 5, 31), date(2025, 6, 30), id="31-may+1-month"),
        pytest.param(Period(1, "months"), date(2025, 12, 31), date(2026, 1, 31), id="31-dec+1-month"),
        pytest.param(Period(2, "months"), date(2024, 12, 31), date(2025, 2, 28), id="31-dec+2-months"),
        pytest.param(Period(6, "months"), date(2024, 8, 31), date(2025, 2, 28), id="31-aug+6-months-2025"),
        pytest.param(Period(6, "months"), date(2023, 8, 31), date(2024, 2, 29), id="31-aug+6-months-2024"),
        pytest.param(Period(6, "months"), date(2025, 3, 31), date(2025, 9, 30), id="31-mar+6-months"),
        pytest.param(Period(6, "months"), date(2025, 6, 30), date(2025, 12, 30), id="30-jun+6-months"),
        pytest.param(Period(6, "months"), date(2025, 12, 31), date(2026, 6, 30), id="31-dec+6-months"),
        pytest.param(Period(12, "months"), date(2024, 2, 29), date(2025, 2, 28), id="29-feb+12-months"),
        pytest.param(Period(36, "months"), date(2024, 2, 29), date(2027, 2, 28), id="29-feb+36-months"),
        pytest.param(Period(48, "months"), date(2024, 2, 29), date(2028, 2, 29), id="29-feb+48-months"),
        pytest.param(Period(1, "years"), date(2024, 2, 29), date(2025, 2, 28), id="29-feb+1-year"),
        pytest.param(Period(3, "years"), date(2024, 2, 29), date(2027, 2, 28), id="29-feb+3-years"),
        pytest.param(Period(4, "years"), date(2024, 2, 29), date(2028, 2, 29), id="29-feb+4-years"),
        pytest.param(Period(1, "years"), date(2023, 2, 28), date(2024, 2, 28), id="28-feb+1-year-into-leap"),
        pytest.param(Period(1, "years"), date(2023, 3, 1), date(2024, 3, 1), id="1-mar+1-year"),
        pytest.param(Period(1, "years"), date(2025, 6, 4), date(2026, 6, 4), id="1-year"),
        pytest.param(Period(3, "working_days"), date(2014, 6, 6), date(2014, 6, 11), id="3-working-days-from-fri"),
        pytest.param(Period(3, "working_days"), date(2018, 9, 28), date(2018, 10, 8), id="3-working-days-national-day"),
    ],
)
def test_period_end(period, start, end):
    assert period.end(start) == end


@pytest.mark.parametrize(
    ("period", "start", "holidays", "end"),
    [
        pytest.param(Period(3, "working_days"), date(2018, 9, 28), NONE, date(2018, 10, 3), id="no-holidays"),
        pytest.param(
            Period(3, "working_days"), date(2018, 9, 28), NATIONAL_DAY_2018, date(2018, 10, 10), id="holiday-set"
        ),
        pytest.param(Period(3, "days"), date(2018, 9, 28), NATIONAL_DAY_2018, date(2018, 10, 1), id="days-ignore-it"),
        pytest.param(Period(1, "months"), date(2018, 8, 31), NATIONAL_DAY_2018, date(2018, 9, 30), id="months-too"),
    ],
)
def test_period_end_with_a_holiday_set(period, start, holidays, end):
    # Saturdays and Sundays are not working days in a plain set: the official make-up days (29-30 Sep) are not in it.
    assert period.end(start, holidays) == end


@pytest.mark.parametrize(
    ("period", "day", "start"),
    [
        pytest.param(Period(3, "days"), date(2014, 3, 4), date(2014, 3, 1), id="3-days"),
        pytest.param(Period(1, "months"), date(2017, 3, 31), date(2017, 2, 28), id="month-before-31-mar"),
        pytest.param(Period(1, "months"), date(2020, 3, 31), date(2020, 2, 29), id="month-before-31-mar-leap"),
        pytest.param(Period(1, "months"), date(2017, 3, 10), date(2017, 2, 10), id="month-before-10-mar"),
        pytest.param(Period(6, "months"), date(2018, 2, 28), date(2017, 8, 28), id="6-months-before-28-feb"),
        pytest.param(Period(1, "years"), date(2025, 2, 28), date(2024, 2, 28), id="year-before-28-feb"),
        pytest.param(Period(1, "years"), date(2024, 2, 29), date(2023, 2, 28), id="year-before-29-feb"),
    ],
)
def test_period_before(period, day, start):
    assert period.before(day) == start


def test_working_days_are_not_counted_back():
    with pytest.raises(ValueError, match="working days are not counted back"):
        Period(3, "working_days").before(date(2018, 6, 7))


@pytest.mark.parametrize(
    ("period", "months"),
    [
        (Period(3, "days"), None),
        (Period(3, "working_days"), None),
        (Period(6, "months"), 6),
        (Period(1, "years"), 12),
        (Period(3, "years"), 36),
    ],
    ids=str,
)
def test_period_in_months(period, months):
    assert period.months == months


@pytest.mark.parametrize(
    ("count", "unit", "match"),
    [
        (-1, "days", "0 or more"),
        (True, "days", "whole number"),
        (1.5, "months", "whole number"),
        ("3", "days", "whole number"),
        (2, "weeks", "unit must be one of"),
        (2, "day", "unit must be one of"),
    ],
    ids=["negative", "bool", "float", "text", "weeks", "singular-unit"],
)
def test_a_period_refuses_nonsense(count, unit, match):
    with pytest.raises(ValueError, match=match):
        Period(count, unit)


def test_a_period_round_trips_through_json():
    for period in (Period(3, "working_days"), Period(6, "months"), Period(0, "days"), Period(3, "years")):
        assert Period.from_json(period.as_json()) == period
    assert Period(6, "months").as_json() == {"count": 6, "unit": "months"}
    assert str(Period(3, "working_days")) == "3 working_days"


# A permit's validity, as a period: issued on a day, valid to the corresponding day 1 or 3 years on.
@pytest.mark.parametrize(
    ("profile_id", "key", "issued", "last_valid"),
    [
        ("shandong-2012", "validity", date(2014, 6, 2), date(2015, 6, 2)),
        ("shandong-2012", "long_validity", date(2014, 6, 2), date(2017, 6, 2)),
        ("shandong-2012", "validity", date(2016, 2, 29), date(2017, 2, 28)),
        ("shandong-2012", "long_validity", date(2016, 2, 29), date(2019, 2, 28)),
        ("shandong-2012", "validity", date(2015, 2, 28), date(2016, 2, 28)),
        ("shandong-2012", "long_validity", date(2013, 3, 31), date(2016, 3, 31)),
    ],
    ids=lambda v: str(v),
)
def test_a_permits_validity_is_a_calendar_period(profile_id, key, issued, last_valid):
    validity = PROFILES[profile_id].params["permit"][key]
    assert validity.end(issued) == last_valid
    assert Period(validity.months, "months").end(issued) == last_valid


@pytest.mark.parametrize(
    ("stay_ends_on", "period", "lasts"),
    [
        pytest.param(date(2025, 2, 28), Period(1, "months"), True, id="31-jan-to-28-feb-lasts-a-month"),
        pytest.param(date(2025, 2, 27), Period(1, "months"), False, id="31-jan-to-27-feb-does-not"),
        pytest.param(date(2025, 2, 3), Period(3, "days"), True, id="to-the-3rd-day"),
        pytest.param(date(2025, 2, 2), Period(3, "days"), False, id="to-the-2nd-day"),
        pytest.param(date(2025, 7, 31), Period(6, "months"), True, id="6-months-to-the-day"),
        pytest.param(date(2025, 7, 30), Period(6, "months"), False, id="6-months-less-a-day"),
        pytest.param(None, Period(3, "years"), True, id="no-end-lasts-anything"),
        pytest.param(date(2025, 1, 31), Period(0, "days"), True, id="same-day-lasts-nothing"),
    ],
)
def test_a_stay_lasts_a_period(stay_ends_on, period, lasts):
    stay = StayFacts(WENZHOU, date(2025, 1, 31), "work", "rental", stay_ends_on=stay_ends_on)
    assert stay.lasts(period) is lasts


NATIONAL_PERMIT = PROFILES["national-2016"].params["permit"]


@pytest.mark.parametrize(
    ("facts", "stable_from"),
    [
        pytest.param({"work_proof": "labour_contract"}, date(2025, 7, 31), id="contract-from-arrival-31-jan"),
        pytest.param(
            {"work_proof": "labour_contract", "work_proof_since": date(2024, 8, 31)}, date(2025, 2, 28), id="contract"
        ),
        pytest.param(
            {"work_proof": "business_licence", "work_proof_since": date(2024, 11, 30)},
            date(2025, 2, 28),
            id="licence-from-30-nov",
        ),
        pytest.param({"work_proof": "business_licence"}, date(2025, 4, 30), id="licence-from-arrival-31-jan"),
        pytest.param({"insurance_months": 1}, date.min, id="one-month-of-insurance"),
        pytest.param({"work_proof": "labour_contract", "insurance_months": 1}, date.min, id="insurance-wins"),
        pytest.param({}, None, id="nothing"),
    ],
)
def test_stable_employment_from(facts, stable_from):
    stay = StayFacts(BEIJING, date(2025, 1, 31), "work", "rental", **facts)
    assert stable_employment_from(stay, NATIONAL_PERMIT) == stable_from


# --- deadlines: registration, changes, landlords and employers ---------------------------------------------------

NO_ROLL = VARIANTS["zhejiang-2009+no-roll"]


@pytest.mark.parametrize(
    ("profile", "arrival", "holidays", "due"),
    [
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 2), None, date(2014, 6, 5), id="monday-to-thursday"),
        pytest.param(PROFILES["zhejiang-2009"], date(2014, 6, 4), NONE, date(2014, 6, 9), id="saturday-to-monday"),
        pytest.param(NO_ROLL, date(2014, 6, 4), NONE, date(2014, 6, 7), id="saturday-without-rolling"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 9, 28), None, date(2018, 10, 8), id="national-day-official"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 9, 28), NATIONAL_DAY_2018, date(2018, 10, 8), id="set"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 9, 28), NONE, date(2018, 10, 1), id="monday-no-holidays"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 9, 26), None, date(2018, 9, 29), id="worked-saturday"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 9, 26), NONE, date(2018, 10, 1), id="plain-saturday"),
        pytest.param(PROFILES["national-2016"], date(2017, 12, 29), None, date(2018, 1, 2), id="new-year"),
        pytest.param(PROFILES["national-2016"], date(2019, 9, 27), None, date(2019, 9, 30), id="monday-worked"),
        pytest.param(PROFILES["shandong-2012"], date(2014, 1, 31), None, date(2014, 2, 7), id="spring-festival"),
    ],
)
def test_registration_deadline(profile, arrival, holidays, due):
    if holidays is None:
        assert registration_deadline(profile, arrival) == due
    else:
        assert registration_deadline(profile, arrival, holidays) == due


@pytest.mark.parametrize(
    ("profile_id", "start", "period", "due"),
    [
        pytest.param("zhejiang-2017", date(2025, 3, 31), Period(2, "months"), date(2025, 6, 3), id="months-rolled"),
        pytest.param("zhejiang-2017", date(2025, 1, 31), Period(1, "months"), date(2025, 2, 28), id="friday"),
        pytest.param("zhejiang-2017", date(2018, 9, 28), Period(3, "working_days"), date(2018, 10, 8), id="wd"),
        pytest.param("zhejiang-2017", date(2018, 9, 27), Period(3, "working_days"), date(2018, 9, 30), id="sunday"),
        pytest.param("zhejiang-2017", date(2025, 5, 30), Period(0, "days"), date(2025, 5, 30), id="zero-days"),
        pytest.param("zhejiang-2017", date(2025, 5, 31), Period(0, "days"), date(2025, 6, 3), id="zero-on-holiday"),
    ],
)
def test_last_day(profile_id, start, period, due):
    # 31 May 2025 is a Saturday, and 2 June the Dragon Boat Festival: the next working day is 3 June.
    # A period in working days ends on a working day (here Sunday 30 Sep 2018, worked before National Day).
    assert last_day(PROFILES[profile_id], start, period) == due


@pytest.mark.parametrize(
    ("profile", "changed_on", "holidays", "due"),
    [
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 3), NONE, date(2014, 6, 6), id="shandong-tue-to-fri"),
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 6), NONE, date(2014, 6, 11), id="shandong-fri-to-wed"),
        pytest.param(PROFILES["shandong-2012"], date(2014, 6, 7), NONE, date(2014, 6, 11), id="shandong-sat-to-wed"),
        pytest.param(
            PROFILES["shandong-2012"],
            date(2014, 5, 30),
            {date(2014, 6, 2)},
            date(2014, 6, 5),
            id="shandong-friday-with-dragon-boat-monday-off",
        ),
        pytest.param(PROFILES["shandong-2012"], date(2014, 5, 30), None, date(2014, 6, 5), id="shandong-official"),
        pytest.param(PROFILES["shandong-2012"], date(2014, 9, 30), None, date(2014, 10, 10), id="shandong-golden"),
        pytest.param(PROFILES["zhejiang-2009"], date(2014, 6, 2), NONE, date(2014, 6, 12), id="zhejiang-10-days"),
        pytest.param(PROFILES["zhejiang-2009"], date(2014, 6, 4), NONE, date(2014, 6, 16), id="zhejiang-sat-to-mon"),
        pytest.param(NO_ROLL, date(2014, 6, 4), NONE, date(2014, 6, 14), id="zhejiang-saturday-without-rolling"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 6, 4), None, date(2018, 6, 14), id="zhejiang-2017-10-days"),
        pytest.param(PROFILES["zhejiang-2017"], date(2018, 9, 21), None, date(2018, 10, 8), id="zhejiang-2017-golden"),
        pytest.param(PROFILES["national-2016"], date(2018, 6, 4), None, date(2018, 6, 14), id="national-10-days"),
        pytest.param(PROFILES["national-2016"], date(2018, 6, 8), None, date(2018, 6, 19), id="national-dragon-boat"),
    ],
)
def test_change_deadline(profile, changed_on, holidays, due):
    # 10 days from Friday 8 June 2018 end on Monday 18 June, the Dragon Boat Festival: Tuesday 19.
    if holidays is None:
        assert change_deadline(profile, changed_on) == due
    else:
        assert change_deadline(profile, changed_on, holidays) == due


@pytest.mark.parametrize(
    ("profile_id", "changed_on", "reported_on", "late"),
    [
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 11), False, id="shandong-fri-reported-wed"),
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 12), True, id="shandong-fri-reported-thu"),
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 6), False, id="shandong-same-day"),
        pytest.param("zhejiang-2009", date(2014, 6, 3), date(2014, 6, 13), False, id="zhejiang-day-10"),
        pytest.param("zhejiang-2009", date(2014, 6, 3), date(2014, 6, 14), True, id="zhejiang-day-11"),
        pytest.param("zhejiang-2009", date(2014, 6, 4), date(2014, 6, 16), False, id="zhejiang-rolled-to-monday"),
        pytest.param("zhejiang-2009", date(2014, 6, 4), date(2014, 6, 17), True, id="zhejiang-tuesday-after"),
        pytest.param("zhejiang-2017", date(2018, 9, 21), date(2018, 10, 8), False, id="zhejiang-2017-after-golden"),
        pytest.param("zhejiang-2017", date(2018, 9, 21), date(2018, 10, 9), True, id="zhejiang-2017-day-after"),
        pytest.param("national-2016", date(2018, 6, 4), date(2018, 6, 14), False, id="national-day-10"),
        pytest.param("national-2016", date(2018, 6, 4), date(2018, 6, 15), True, id="national-day-11"),
    ],
)
def test_is_late(profile_id, changed_on, reported_on, late):
    assert is_late(PROFILES[profile_id], changed_on, reported_on) is late


@pytest.mark.parametrize(
    ("profile_id", "started", "due"),
    [
        pytest.param("shandong-2012", date(2014, 6, 6), date(2014, 6, 11), id="shandong-friday"),
        pytest.param("shandong-2012", date(2014, 6, 2), date(2014, 6, 5), id="shandong-on-a-holiday"),
        pytest.param("shandong-2012", date(2014, 5, 30), date(2014, 6, 5), id="shandong-before-dragon-boat"),
        pytest.param("shandong-2012", date(2014, 9, 30), date(2014, 10, 10), id="shandong-golden-week"),
        pytest.param("shandong-2012", date(2014, 1, 24), date(2014, 1, 28), id="shandong-worked-sunday-26-jan"),
        pytest.param("zhejiang-2009", date(2014, 6, 6), date(2014, 6, 11), id="zhejiang-friday"),
        pytest.param("zhejiang-2017", date(2018, 9, 28), date(2018, 10, 8), id="zhejiang-2017-golden-week"),
        pytest.param("zhejiang-2017", date(2018, 9, 27), date(2018, 9, 30), id="zhejiang-2017-worked-sunday"),
        pytest.param("national-2016", date(2018, 6, 8), date(2018, 6, 13), id="national-friday"),
    ],
)
def test_landlord_and_employer_report_deadlines(profile_id, started, due):
    assert landlord_report_deadline(PROFILES[profile_id], started) == due
    assert employer_report_deadline(PROFILES[profile_id], started) == due


def test_a_landlord_in_zibo_has_3_working_days_after_the_spring_festival_too():
    profile = profile_for(ZIBO, date(2026, 2, 13))
    assert profile.id == "national-2016"
    # 2026: Saturday 14 February worked, Spring Festival 15-23 February.
    assert landlord_report_deadline(profile, date(2026, 2, 13)) == date(2026, 2, 25)
    assert employer_report_deadline(profile, date(2026, 2, 13)) == date(2026, 2, 25)
    assert landlord_report_deadline(profile, date(2026, 2, 13), holidays=NONE) == date(2026, 2, 18)
    with pytest.raises(ValueError, match="-1 working days"):
        add_working_days(date(2014, 6, 2), -1)


# 居住每满1年之日前1个月内: the year is complete on the corresponding day (28 Feb for 29 Feb in a common year); the
# window is the month before it, to the day before it. Counted here without the roll past rest days (next test).
@pytest.mark.parametrize(
    ("issued", "year", "window"),
    [
        pytest.param(date(2016, 3, 10), 1, (date(2017, 2, 10), date(2017, 3, 9)), id="first-year"),
        pytest.param(date(2016, 3, 10), 2, (date(2018, 2, 10), date(2018, 3, 9)), id="second-year"),
        pytest.param(date(2016, 3, 31), 1, (date(2017, 2, 28), date(2017, 3, 30)), id="31-march-short-february"),
        pytest.param(date(2019, 3, 31), 1, (date(2020, 2, 29), date(2020, 3, 30)), id="31-march-leap-february"),
        pytest.param(date(2017, 3, 29), 1, (date(2018, 2, 28), date(2018, 3, 28)), id="29-march"),
        pytest.param(date(2016, 2, 29), 1, (date(2017, 1, 28), date(2017, 2, 27)), id="29-february-common-year"),
        pytest.param(date(2016, 2, 29), 4, (date(2020, 1, 29), date(2020, 2, 28)), id="29-february-leap-year"),
        pytest.param(date(2016, 5, 31), 1, (date(2017, 4, 30), date(2017, 5, 30)), id="31-may"),
        pytest.param(date(2016, 12, 31), 1, (date(2017, 11, 30), date(2017, 12, 30)), id="31-december"),
        pytest.param(date(2016, 1, 15), 1, (date(2016, 12, 15), date(2017, 1, 14)), id="across-new-year"),
    ],
)
@pytest.mark.parametrize("profile_id", ["national-2016", "zhejiang-2017"])
def test_endorsement_window(profile_id, issued, year, window):
    no_roll = with_params(profile_id, periods={"roll_to_working_day": False})
    assert endorsement_window(no_roll, issued, year) == window


# The window's last day, like every last day, moves past a rest day or public holiday (民法典 art. 203); its first
# day does not move.
@pytest.mark.parametrize(
    ("issued", "year", "window"),
    [
        # 30 May 2017 was the Dragon Boat Festival (28-30 May off): Wednesday 31 May.
        pytest.param(date(2016, 5, 31), 1, (date(2017, 4, 30), date(2017, 5, 31)), id="dragon-boat-2017"),
        # Saturday 30 December 2017, then New Year's holiday to Monday 1 January: Tuesday 2 January 2018.
        pytest.param(date(2016, 12, 31), 1, (date(2017, 11, 30), date(2018, 1, 2)), id="new-year-2018"),
        pytest.param(date(2016, 1, 15), 1, (date(2016, 12, 15), date(2017, 1, 16)), id="saturday"),
        # 30 January 2025 is in the Spring Festival holiday (28 January to 4 February): Wednesday 5 February.
        pytest.param(date(2024, 1, 31), 1, (date(2024, 12, 31), date(2025, 2, 5)), id="spring-festival-2025"),
        # Saturday 8 February 2025 was worked (调休): a window ending that day does not move.
        pytest.param(date(2024, 2, 9), 1, (date(2025, 1, 9), date(2025, 2, 8)), id="worked-saturday"),
        pytest.param(date(2016, 3, 10), 1, (date(2017, 2, 10), date(2017, 3, 9)), id="thursday-stays"),
    ],
)
@pytest.mark.parametrize("profile_id", ["national-2016", "zhejiang-2017"])
def test_endorsement_window_ends_on_a_working_day(profile_id, issued, year, window):
    assert endorsement_window(PROFILES[profile_id], issued, year) == window


def test_endorsement_window_roll_follows_the_profile_and_the_holidays_given():
    issued = date(2024, 1, 31)  # the year is complete on 31 January 2025
    no_roll = with_params("national-2016", periods={"roll_to_working_day": False})
    assert endorsement_window(no_roll, issued, 1)[1] == date(2025, 1, 30)
    assert endorsement_window(PROFILES["national-2016"], issued, 1, NONE)[1] == date(2025, 1, 30)  # a Thursday
    assert endorsement_window(PROFILES["national-2016"], issued, 1, {date(2025, 1, 30)})[1] == date(2025, 1, 31)


def test_endorsement_needs_a_profile_with_endorsements_and_a_year():
    with pytest.raises(ValueError, match="no yearly endorsement"):
        endorsement_window(PROFILES["shandong-2012"], date(2016, 3, 10), 1)
    with pytest.raises(ValueError, match="no yearly endorsement"):
        endorsement_window(PROFILES["zhejiang-2009"], date(2016, 3, 10), 1)
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
    # 2018: National Day 1-7 October, Saturday 29 and Sunday 30 September worked.
    assert is_working_day(date(2018, 9, 29)) and is_working_day(date(2018, 9, 30))
    assert not any(is_working_day(date(2018, 10, d)) for d in range(1, 8))
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)  # Sat 14 worked, then 24 and 25
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)  # National Day week
    # A year no notice covers yet: the statutory holidays and weekends are days off, other weekdays working.
    assert is_working_day(date(2099, 6, 1)) and not is_working_day(date(2099, 6, 6))
    assert not is_working_day(date(2099, 1, 1)) and not is_working_day(date(2099, 10, 1))  # a Thursday, a Thursday
    start = date(2025, 12, 1)
    for length in range(0, 120):
        end = start + timedelta(days=length)
        by_day = sum(is_working_day(start + timedelta(days=d)) for d in range(1, length + 1))
        assert working_days_between(start, end) == by_day, end


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
    stay = StayFacts(WENZHOU, date(2014, 6, 2), "work", "rental", stay_ends_on=date(2014, 8, 1))
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
        pytest.param(lambda: StayFacts("37030", date(2014, 6, 2), "work", "rental"), "division code", id="place"),
        pytest.param(lambda: StayFacts("370303", date(2014, 6, 2), "fun", "rental"), "reason", id="reason"),
        pytest.param(lambda: StayFacts("370303", date(2014, 6, 2), "work", "tent"), "housing_type", id="housing"),
        pytest.param(
            lambda: StayFacts("370303", date(2014, 6, 2), "work", "rental", stay_ends_on=date(2014, 6, 1)),
            "cannot end before the arrival date",
            id="ends-before-arrival",
        ),
        pytest.param(
            lambda: StayFacts("370303", date(2014, 6, 2), "work", "rental", work_proof="payslip"),
            "work_proof",
            id="work-proof",
        ),
        pytest.param(
            lambda: StayFacts("370303", date(2014, 6, 2), "work", "rental", insurance_months=-1),
            "negative",
            id="negative-insurance",
        ),
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


def test_a_stay_that_ends_on_its_arrival_day_is_a_stay():
    stay = StayFacts("370303", date(2014, 6, 2), "work", "rental", stay_ends_on=date(2014, 6, 2))
    assert stay.ends_on == date(2014, 6, 2) and not stay.lasts(Period(1, "days"))
    assert StayFacts("370303", date(2014, 6, 2), "work", "rental").ends_on == date.max


def test_decision_params_are_read_only():
    decision = Decision("changes", "window", "changes.days", "national-2016", params={"deadline": D10})
    with pytest.raises(TypeError):
        decision.params["deadline"] = D3  # type: ignore[index]
    assert hash(decision) == hash(Decision("changes", "window", "changes.days", "national-2016"))


# --- the words ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def babel_app():
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app)
    return app


def test_every_rule_has_a_message_and_every_message_a_rule():
    assert set(MESSAGES) == set(RULES)


def test_every_coded_value_has_a_label():
    assert set(LABELS["reason"]) == set(REASONS)
    assert set(LABELS["ground"]) == set(LONG_VALIDITY_GROUNDS)


def test_no_message_names_a_rule_or_a_review():
    for rule, message in MESSAGES.items():
        text = str(message)
        assert not any(other in text for other in RULES), rule
        assert "pending" not in text and "carried" not in text, rule


@pytest.mark.parametrize("locale", ["en", "zh"])
@pytest.mark.parametrize("row", rows(ALL_CASES))
def test_every_placeholder_is_filled(babel_app, locale, row):
    with babel_app.test_request_context(), force_locale(locale):
        for decision in _decide(row):
            message = str(MESSAGES[decision.rule])
            assert placeholders(message) <= set(values_for(decision)), decision.rule
            text = explain(decision)
            assert "%(" not in text and text.strip() == text and text.endswith((".", "。")), text
            assert decision.rule not in text


def _one(row_id):
    """The decision on the row's topic for one row of the tables above."""
    [row] = [row for row in ALL_CASES if row.id == row_id]
    return _decide(row)[TOPICS.index(row.rule.split(".")[0])]


CONTRACT_WITH_INSURANCE = "You can apply for a residence permit now. Because you have a labour contract with social"


@pytest.mark.parametrize(
    ("row_id", "text"),
    [
        pytest.param(
            "shandong-2012: registration: 3 days: to the last day of the minimum",
            "You need to register your residence by 5 June 2014.",
            id="due-date",
        ),
        pytest.param(
            "zhejiang-2017: registration: arrived 28 Sep 2018: 1 Oct is National Day",
            "You need to register your residence by 8 October 2018.",
            id="due-date-after-the-holiday",
        ),
        pytest.param(
            "shandong-2012: registration: 2 days",
            "You do not need to register for a stay of less than 3 days.",
            id="min-stay-in-days",
        ),
        pytest.param(
            "shandong-2012: registration: commuter 31 Jan to 28 Feb 2014",
            "You live at your hukou address but work here for 1 month or more, so you need to register by "
            "7 February 2014.",
            id="commuter-a-month",
        ),
        pytest.param(
            "shandong-2012: registration: commuter 31 Jan to 27 Feb 2014",
            "You live at your hukou address and work here for less than 1 month, so you do not need to register.",
            id="commuter-less-than-a-month",
        ),
        pytest.param(
            "zhejiang-2009: registration: relatives 15 days",
            "You do not need to register: you are staying for 15 days or less with relatives whose hukou is here.",
            id="relatives",
        ),
        pytest.param(
            "zhejiang-2009: permit: 30 days",
            "You do not need a residence permit for a stay of less than 31 days.",
            id="more-than-30-days",
        ),
        pytest.param(
            "shandong-2012: permit: here for business_trip",
            "You do not need a residence permit while you are here for a business trip.",
            id="reason-label",
        ),
        pytest.param(
            "shandong-2012: permit: 30 days",
            "You can apply for a residence permit now. It is valid for 1 year.",
            id="validity-a-year",
        ),
        pytest.param(
            "shandong-2012: permit: labour contract with insurance",
            f"{CONTRACT_WITH_INSURANCE} insurance, it is valid for 3 years.",
            id="ground-label",
        ),
        pytest.param(
            "shandong-2012: permit: business licence",
            "You can apply for a residence permit now. Because you have a business licence, it is valid for 3 years.",
            id="business-licence",
        ),
        pytest.param(
            "shandong-2012: permit: filed rental",
            "You can apply for a residence permit now. Because your landlord has registered the rental, it is valid "
            "for 3 years.",
            id="filed-rental",
        ),
        pytest.param(
            "zhejiang-2009: permit: 31 days",
            "You will get a temporary residence permit when you register. After 3 years of living here with a "
            "stable home and a stable job, you can apply for a full residence permit.",
            id="temporary",
        ),
        pytest.param(
            "zhejiang-2009: permit: day before the 3rd anniversary, stable",
            "You will get a temporary residence permit when you register. "
            "From 3 June 2014 you can apply for a full residence permit.",
            id="date-in-params",
        ),
        pytest.param(
            "national-2016: permit: plans to leave the day before",
            "A residence permit needs 6 months of living here. You plan to stay for less, so you do not need one.",
            id="residence-too-short",
        ),
        pytest.param(
            "national-2016: permit: stable home, arrived today",
            "You can apply for a residence permit from 4 December 2018, after 6 months of living here.",
            id="residence-not-yet",
        ),
        pytest.param(
            "national-2016: permit: business licence 2 months",
            "You can apply for a residence permit from 4 July 2018, when your job here has lasted long enough to "
            "count as stable.",
            id="condition-not-yet",
        ),
        pytest.param(
            "national-2016: permit: no stable job, home or study",
            "To get a residence permit you need a stable job, a stable home, or a place in full-time study here. "
            "A job counts as stable with a labour contract for 6 months, a business licence held for 3 months, "
            "or social insurance paid here for 1 month or more.",
            id="no-condition",
        ),
        pytest.param(
            "shandong-2012: changes: registered",
            "If your address or workplace changes, report it within 3 working days. When you leave this county, "
            "report that too: it ends your registration here. A relative, your landlord or your employer can also "
            "report it.",
            id="changes-working-days",
        ),
        pytest.param(
            "national-2016@zibo: changes: registered",
            "If your address or workplace changes, report it within 10 days.",
            id="changes-days",
        ),
    ],
)
def test_explain(babel_app, row_id, text):
    decision = _one(row_id)
    with babel_app.test_request_context(), force_locale("en"):
        assert explain(decision, format_date=lambda d: f"{d.day} {d:%B %Y}") == text


def chinese_date(d):
    return f"{d.year}年{d.month}月{d.day}日"


@pytest.mark.parametrize(
    ("row_id", "text"),
    [
        pytest.param("shandong-2012: registration: 2 days", "居住不满3天的，无需办理居住登记。", id="days"),
        pytest.param(
            "shandong-2012: registration: commuter 31 Jan to 28 Feb 2014",
            "您虽然住在户口所在地，但在这里工作满1个月，所以请最迟于2014年2月7日办理居住登记。",
            id="a-month",
        ),
        pytest.param("shandong-2012: permit: 30 days", "您现在可以申领居住证。居住证有效期为1年。", id="a-year"),
        pytest.param(
            "national-2016: permit: stable home, arrived today",
            "您在这里居住满6个月后，从2018年12月4日起可以申领居住证。",
            id="six-months",
        ),
        pytest.param(
            "national-2016: permit: no stable job, home or study",
            "申领居住证，需要在这里有稳定的工作、稳定的住所，或者在这里全日制上学。有下面任何一种情况，就算有稳定的工作："
            "签订劳动合同满6个月；领取营业执照满3个月；在这里缴纳社会保险满1个月。",
            id="stable-job",
        ),
        pytest.param(
            "shandong-2012: changes: registered",
            "住址或工作单位有变化的，请在3个工作日内申报。离开本县（区）时也要申报，这样会注销您在这里的居住登记。"
            "也可以由您的亲属、房东或用人单位代为申报。",
            id="working-days",
        ),
        pytest.param(
            "national-2016@zibo: changes: registered", "住址或工作单位有变化的，请在10天内申报。", id="ten-days"
        ),
    ],
)
def test_explain_in_chinese(babel_app, row_id, text):
    decision = _one(row_id)
    with babel_app.test_request_context(), force_locale("zh"):
        assert explain(decision, format_date=chinese_date) == text


REGISTER_BY_5_JUNE = "shandong-2012: registration: 3 days: to the last day of the minimum"
REGISTER_BY_8_OCTOBER = "zhejiang-2017: registration: arrived 28 Sep 2018: 1 Oct is National Day"
LATE = "That day has passed, but you can still register now: your report will be accepted and marked as late."


# The registration decision at the moment it is read: before its last day, after it, and once a report is sent.
@pytest.mark.parametrize(
    ("row_id", "today", "sent_on", "when", "text"),
    [
        pytest.param(
            REGISTER_BY_5_JUNE,
            date(2014, 6, 5),
            None,
            None,
            "You need to register your residence by 5 June 2014.",
            id="on-the-last-day",
        ),
        pytest.param(
            REGISTER_BY_5_JUNE,
            date(2014, 6, 6),
            None,
            "late",
            f"You needed to register by 5 June 2014. {LATE}",
            id="the-day-after",
        ),
        pytest.param(
            REGISTER_BY_5_JUNE,
            date(2014, 6, 10),
            date(2014, 6, 5),
            "sent",
            "You reported your residence on 5 June 2014. There is nothing more to do for now.",
            id="sent-on-the-last-day",
        ),
        pytest.param(
            REGISTER_BY_5_JUNE,
            None,
            date(2014, 6, 6),
            "sent_late",
            "You reported your residence on 6 June 2014, after the deadline, so it is marked as late. "
            "It has been accepted.",
            id="sent-the-day-after",
        ),
        pytest.param(
            REGISTER_BY_8_OCTOBER,
            date(2018, 10, 8),
            None,
            None,
            "You need to register your residence by 8 October 2018.",
            id="rolled-past-national-day-not-late",
        ),
        pytest.param(
            REGISTER_BY_8_OCTOBER,
            date(2018, 10, 9),
            None,
            "late",
            f"You needed to register by 8 October 2018. {LATE}",
            id="late-after-the-rolled-day",
        ),
        pytest.param(
            "shandong-2012: registration: commuter 31 Jan to 28 Feb 2014",
            date(2014, 2, 8),
            None,
            "late",
            f"You needed to register by 7 February 2014. {LATE}",
            id="commuter-late",
        ),
        pytest.param(
            "shandong-2012: registration: hotel",
            date(2015, 1, 1),
            None,
            None,
            "You do not need to register: the hotel records your stay when you check in.",
            id="exempt-is-never-late",
        ),
        pytest.param(
            "shandong-2012: permit: 30 days",
            date(2015, 1, 1),
            date(2014, 6, 3),
            None,
            "You can apply for a residence permit now. It is valid for 1 year.",
            id="permit-has-no-moments",
        ),
    ],
)
def test_explain_fits_the_moment(babel_app, row_id, today, sent_on, when, text):
    decision = _one(row_id)
    assert moment(decision, today, sent_on) == when
    with babel_app.test_request_context(), force_locale("en"):
        words = explain(decision, format_date=lambda d: f"{d.day} {d:%B %Y}", today=today, sent_on=sent_on)
    assert words == text


@pytest.mark.parametrize("locale", ["en", "zh"])
@pytest.mark.parametrize(
    ("today", "sent_on"), [(date(2014, 6, 6), None), (None, date(2014, 6, 5)), (None, date(2014, 6, 6))]
)
def test_every_moment_fills_its_placeholders(babel_app, locale, today, sent_on):
    decision = _one(REGISTER_BY_5_JUNE)
    with babel_app.test_request_context(), force_locale(locale):
        text = explain(decision, today=today, sent_on=sent_on)
        assert str(MOMENTS[moment(decision, today, sent_on)]) != str(MESSAGES[decision.rule])
    assert "%(" not in text and text.endswith((".", "。"))
    assert ("2014-06-05" in text) == (sent_on is None or sent_on <= date(2014, 6, 5))  # the day, unless sent late


def test_a_report_judged_on_time_when_sent_reads_as_sent_whatever_its_day(babel_app):
    """A change reported within its own window is not late, though it came after the registration's last day."""
    decision = _one(REGISTER_BY_5_JUNE)
    assert moment(decision, None, date(2014, 6, 9), late=False) == "sent"
    assert moment(decision, None, date(2014, 6, 4), late=True) == "sent_late"


@pytest.mark.parametrize(
    ("today", "when", "text"),
    [
        pytest.param(
            date(2018, 12, 3),
            None,
            "You can apply for a residence permit from 2018-12-04, after 6 months of living here.",
            id="the-day-before",
        ),
        pytest.param(
            date(2018, 12, 4), "permit_now", "Since 2018-12-04 you can apply for a residence permit.", id="on-the-day"
        ),
        pytest.param(
            date(2019, 3, 1), "permit_now", "Since 2018-12-04 you can apply for a residence permit.", id="months-after"
        ),
        pytest.param(
            None,
            None,
            "You can apply for a residence permit from 2018-12-04, after 6 months of living here.",
            id="no-day-given",
        ),
    ],
)
def test_a_permit_from_a_day_reads_as_now_once_that_day_has_come(babel_app, today, when, text):
    """A decision stored with a report ("from 4 December") is read later on its page: once the day has come, it
    says so, rather than naming a day already past as if it were ahead."""
    decision = _one("zhejiang-2017: permit: plans to stay to the day 6 months end")
    assert moment(decision, today, date(2018, 6, 4)) == when
    with babel_app.test_request_context(), force_locale("en"):
        assert explain(decision, today=today, sent_on=date(2018, 6, 4)) == text
    with babel_app.test_request_context(), force_locale("zh"):
        chinese = explain(decision, today=today, sent_on=date(2018, 6, 4))
    assert "%(" not in chinese and chinese.endswith("。") and chinese != text


def test_explain_formats_dates_as_iso_unless_told(babel_app):
    decision = _one("zhejiang-2017: permit: plans to stay to the day 6 months end")
    with babel_app.test_request_context(), force_locale("en"):
        assert explain(decision) == (
            "You can apply for a residence permit from 2018-12-04, after 6 months of living here."
        )


@pytest.mark.parametrize(
    ("period", "english", "chinese"),
    [
        pytest.param(Period(1, "days"), "1 day", "1天", id="1-day"),
        pytest.param(Period(3, "days"), "3 days", "3天", id="3-days"),
        pytest.param(Period(1, "working_days"), "1 working day", "1个工作日", id="1-working-day"),
        pytest.param(Period(3, "working_days"), "3 working days", "3个工作日", id="3-working-days"),
        pytest.param(Period(1, "months"), "1 month", "1个月", id="1-month"),
        pytest.param(Period(6, "months"), "6 months", "6个月", id="6-months"),
        pytest.param(Period(1, "years"), "1 year", "1年", id="1-year"),
        pytest.param(Period(3, "years"), "3 years", "3年", id="3-years"),
    ],
)
def test_period_text(babel_app, period, english, chinese):
    with babel_app.test_request_context():
        with force_locale("en"):
            assert period_text(period) == english
        with force_locale("zh"):
            assert period_text(period) == chinese


def _legacy(rule, **params):
    topic = rule.split(".")[0]
    return Decision(topic, RULES[rule], rule, "shandong-2012", due=date(2014, 6, 5), params=params)


# Decisions stored before periods had units: their params as the old engine wrote them, and the words now.
@pytest.mark.parametrize(
    ("decision", "text"),
    [
        pytest.param(
            _legacy("registration.short_stay", min_stay_days=3),
            "You do not need to register for a stay of less than 3 days.",
            id="registration.short_stay",
        ),
        pytest.param(
            _legacy("registration.commuter", min_work_days=30),
            "You live at your hukou address but work here for 30 days or more, so you need to register by 2014-06-05.",
            id="registration.commuter",
        ),
        pytest.param(
            _legacy("registration.commuter_short", min_work_days=30),
            "You live at your hukou address and work here for less than 30 days, so you do not need to register.",
            id="registration.commuter_short",
        ),
        pytest.param(
            _legacy("registration.exempt_relatives", max_days=15),
            "You do not need to register: you are staying for 15 days or less with relatives whose hukou is here.",
            id="registration.exempt_relatives",
        ),
        pytest.param(
            _legacy("registration.required", deadline_days=3),
            "You need to register your residence by 2014-06-05.",
            id="registration.required",
        ),
        pytest.param(
            _legacy("permit.short_stay", min_stay_days=30),
            "You do not need a residence permit for a stay of less than 30 days.",
            id="permit.short_stay",
        ),
        pytest.param(
            _legacy("permit.eligible", type="standard", validity_years=1, validity_months=12),
            "You can apply for a residence permit now. It is valid for 12 months.",
            id="permit.eligible",
        ),
        pytest.param(
            _legacy("permit.eligible_long", validity_years=3, validity_months=36, ground="own_home"),
            "You can apply for a residence permit now. Because you own your home, it is valid for 36 months.",
            id="permit.eligible_long",
        ),
        pytest.param(
            _legacy("permit.temporary", type="temporary", full_after_years=3),
            "You will get a temporary residence permit when you register. After 3 years of living here with a "
            "stable home and a stable job, you can apply for a full residence permit.",
            id="permit.temporary",
        ),
        pytest.param(
            _legacy("permit.residence_too_short", min_residence_days=183),
            "A residence permit needs 183 days of living here. You plan to stay for less, so you do not need one.",
            id="permit.residence_too_short",
        ),
        pytest.param(
            Decision(
                "permit",
                "not_yet",
                "permit.residence_not_yet",
                "national-2016",
                from_date=date(2018, 12, 4),
                params={"min_residence_days": 183},
            ),
            "You can apply for a residence permit from 2018-12-04, after 183 days of living here.",
            id="permit.residence_not_yet",
        ),
        pytest.param(
            _legacy("changes.days", days=10),
            "If your address or workplace changes, report it within 10 days.",
            id="changes.days",
        ),
        pytest.param(
            _legacy("changes.working_days", days=3),
            "If your address or workplace changes, report it within 3 working days.",
            id="changes.working_days",
        ),
        pytest.param(
            _legacy("changes.working_days_deregister", days=3),
            "If your address or workplace changes, report it within 3 working days. When you leave this county, "
            "report that too: it ends your registration here. A relative, your landlord or your employer can also "
            "report it.",
            id="changes.working_days_deregister",
        ),
        pytest.param(
            _legacy("changes.days_deregister", days=10),
            "If your address or workplace changes, report it within 10 days. When you leave this county, "
            "report that too: it ends your registration here.",
            id="changes.days_deregister",
        ),
        pytest.param(
            # Stored as JSON by webapp/registrations/rules.py: a period is {"count", "unit"}.
            _legacy("registration.short_stay", min_stay={"count": 3, "unit": "days"}),
            "You do not need to register for a stay of less than 3 days.",
            id="period-as-json",
        ),
        pytest.param(
            _legacy("permit.no_condition"),
            "To get a residence permit you need a stable job, a stable home, or a place in full-time study here.",
            id="permit.no_condition",
        ),
    ],
)
def test_decisions_stored_before_periods_had_units_still_explain(babel_app, decision, text):
    with babel_app.test_request_context(), force_locale("en"):
        words = explain(decision)
    # permit.no_condition now goes on to say what makes a job stable: the sentence it had then must still be there.
    assert words == text or (decision.rule == "permit.no_condition" and words.startswith(text))


def test_every_legacy_name_maps_to_a_placeholder_in_use():
    used = set().union(*(placeholders(str(message)) for message in MESSAGES.values()))
    assert {new for new, _unit in LEGACY.values()} <= used


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "From: Interim Regulations on Residence Permits (State Council Order No. 663)"),
        ("zh_Hans_CN", "依据：居住证暂行条例（国务院令第663号）"),
    ],
)
def test_explain_source_names_the_profile_not_the_rule(babel_app, locale, expected):
    decision = _one("national-2016: permit: no stable job, home or study")
    with babel_app.test_request_context(), force_locale(locale.split("_")[0]):
        text = explain_source(decision, PROFILES["national-2016"], locale)
    assert text == expected
    assert decision.rule not in text and "permit." not in text


def test_a_job_that_becomes_stable_only_after_the_stay_ends_gives_no_permit():
    """Here from 4 June 2018 to 3 January 2019, with a labour contract from 4 July 2018: six months of it end on
    4 January 2019, the day after the stay ends, so the job is never stable while the person lives here."""
    profile = PROFILES["national-2016"]
    stay = StayFacts(
        "110101001001",
        date(2018, 6, 4),
        "work",
        "relatives",
        stay_ends_on=date(2019, 1, 3),
        work_proof="labour_contract",
        work_proof_since=date(2018, 7, 4),
    )
    person = PersonFacts(birth_date=date(1990, 5, 15), hukou_county_code="410102")
    permit = decide(person, stay, profile, date(2018, 12, 20))[1]
    assert permit.rule == "permit.no_condition"
