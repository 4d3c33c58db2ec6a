"""The decisions: from a person, their stay, a policy profile and a date to decisions with reasons.

Plain functions and frozen dataclasses: no Flask, no database. Every number comes from the profile's parameters
(see profiles/*.toml for where each comes from); this module only knows the shape of the rules. Each decision
names the rule that decided it (a stable id in RULES, with one message in explain.py) and the profile it came
from, so what a person was told can be shown again and traced to its source.

How periods are counted, everywhere: the day of the event is not counted (民法典 art. 201), so "within 3 days" of
arriving on 1 March ends on 4 March, and "within 3 working days" of a change on a Friday ends on the Wednesday.
A stay of N days from the arrival date ends N days after it: a 15-year-old whose 16th birthday is on or before that
day turns 16 during the stay.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from webapp.policy.profiles import HOME_AREAS, HOUSING_TYPES, REASONS, Profile
from webapp.policy.workdays import OFFICIAL, Holidays, add_working_days, next_working_day

TOPICS = ("registration", "permit", "changes")

# Every rule the engine can apply, with the one outcome it gives. explain.py has a message for each.
RULES: Mapping[str, str] = MappingProxyType(
    {
        "registration.not_migrant": "not_required",  # hukou in the same county: not a migrant here
        "registration.commuter": "required",  # lives at the hukou address, works here long enough
        "registration.commuter_short": "not_required",  # ... but not long enough
        "registration.commuter_not_covered": "not_required",  # the profile does not cover commuters at all
        "registration.short_stay": "not_required",  # intended stay below the minimum
        "registration.exempt_hotel": "exempt",  # the hotel's own registration covers it
        "registration.exempt_hospital": "exempt",  # a hospital admission covers it
        "registration.exempt_relatives": "exempt",  # a short stay with relatives who hold local hukou
        "registration.required": "required",  # register by the due date
        "permit.not_migrant": "not_required",
        "permit.commuter": "not_required",  # a permit is about living here; commuters live at home
        "permit.short_stay": "not_required",  # intended stay below the permit minimum
        "permit.exempt_reason": "exempt",  # here for medical care, a family visit, tourism, a business trip
        "permit.exempt_study": "exempt",  # full-time students and trainees
        "permit.exempt_assistance_centre": "exempt",
        "permit.age_max": "not_required",  # at or past the upper age
        "permit.age_min": "not_required",  # below the lower age for the whole stay
        "permit.age_min_not_yet": "not_yet",  # reaches the lower age during the stay
        "permit.eligible": "eligible",  # standard validity
        "permit.eligible_long": "eligible",  # long validity (contract with insurance, own home)
        "permit.temporary": "eligible",  # Zhejiang 2009: temporary permit at registration
        "permit.temporary_full_on": "eligible",  # ... and a full permit from a known date
        "permit.full": "eligible",  # Zhejiang 2009: full permit after the years of residence
        "permit.residence_too_short": "not_required",  # national: the stay ends before the months of residence
        "permit.no_condition": "not_eligible",  # national: no stable job, home or study
        "permit.residence_not_yet": "not_yet",  # national: the months of residence are still to come
        "permit.eligible_endorsed": "eligible",  # national: eligible, endorsed every year
        "permit.eligible_via_guardian": "eligible",  # national: a child, through a guardian
        "changes.not_required": "not_required",  # nothing to keep up to date without a registration
        "changes.days": "window",
        "changes.days_deregister": "window",
        "changes.working_days": "window",
        "changes.working_days_deregister": "window",
    }
)

_COUNTY = re.compile(r"\d{6}")
_PLACE = re.compile(r"\d{6}(\d{3}(\d{3})?)?")  # county, township or community


@dataclass(frozen=True)
class PersonFacts:
    birth_date: date
    hukou_county_code: str  # 6 digits

    def __post_init__(self) -> None:
        if not _COUNTY.fullmatch(self.hukou_county_code):
            raise ValueError(f"hukou_county_code must be 6 digits, not {self.hukou_county_code!r}")


@dataclass(frozen=True)
class StayFacts:
    place_code: str  # residence community (12 digits), township (9) or county (6); for a commuter, the workplace
    arrival_date: date  # for a commuter, the first day of work here
    intended_stay_days: int
    reason: str  # work, business (running one), business_trip, study, family, medical, visit, tourism, other
    housing_type: str  # rental, dormitory, own_home, relatives, other, hotel, hospital, assistance_centre
    commuter: bool = False  # lives at the hukou address, works here
    work_days: int = 0  # for the commuter case: how long they have worked / will work here
    resided_since: date | None = None  # start of continuous residence in this city (gaps of 30 days or less ignored)
    stable_employment: bool = False
    stable_residence: bool = False
    full_time_study: bool = False
    labour_contract_with_insurance: bool = False  # for the long validity in Shandong

    def __post_init__(self) -> None:
        if not _PLACE.fullmatch(self.place_code):
            raise ValueError(f"place_code must be a 6, 9 or 12 digit division code, not {self.place_code!r}")
        if self.reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}, not {self.reason!r}")
        if self.housing_type not in HOUSING_TYPES:
            raise ValueError(f"housing_type must be one of {', '.join(HOUSING_TYPES)}, not {self.housing_type!r}")
        if self.intended_stay_days < 0 or self.work_days < 0:
            raise ValueError("intended_stay_days and work_days cannot be negative")

    @property
    def county_code(self) -> str:
        return self.place_code[:6]

    @property
    def ends_on(self) -> date:
        """The day the intended stay ends: `intended_stay_days` after the arrival date."""
        return self.arrival_date + timedelta(days=self.intended_stay_days)


@dataclass(frozen=True)
class Decision:
    topic: str  # "registration" | "permit" | "changes"
    outcome: str  # required, not_required, exempt, eligible, not_yet, not_eligible, window
    rule: str  # a key of RULES
    profile_id: str
    due: date | None = None  # registration deadline, or change deadline
    from_date: date | None = None  # permit: eligible from
    params: Mapping[str, object] = field(default_factory=dict, hash=False)  # what the explanation needs

    def __post_init__(self) -> None:
        if RULES.get(self.rule) != self.outcome or not self.rule.startswith(f"{self.topic}."):
            raise ValueError(f"rule {self.rule!r} does not give {self.topic} {self.outcome!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def _decision(
    rule: str, profile: Profile, due: date | None = None, from_date: date | None = None, **params: object
) -> Decision:
    topic = rule.split(".", 1)[0]
    return Decision(topic, RULES[rule], rule, profile.id, due=due, from_date=from_date, params=params)


# --- dates ------------------------------------------------------------------------------------------------------


def anniversary(start: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def age_on(birth_date: date, on: date) -> int:
    """Completed years on `on`: a birthday counts from its day, and a 29 February birthday from 1 March in common
    years."""
    if on < birth_date:
        raise ValueError(f"{on} is before the birth date {birth_date}")
    years = on.year - birth_date.year
    return years - 1 if anniversary(birth_date, years) > on else years


def _add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the last day of that month if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day.day, (next_month - timedelta(days=1)).day))


def _calendar_deadline(profile: Profile, start: date, days: int, holidays: Holidays) -> date:
    due = start + timedelta(days=days)
    return next_working_day(due, holidays) if profile.params["periods"]["roll_to_working_day"] else due


def registration_deadline(profile: Profile, arrival_date: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day to register: the profile's number of days after arrival."""
    return _calendar_deadline(profile, arrival_date, profile.params["registration"]["deadline_days"], holidays)


def change_deadline(profile: Profile, changed_on: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day to report a change of address or workplace made on `changed_on`."""
    changes = profile.params["changes"]
    if changes["unit"] == "working_days":
        return add_working_days(changed_on, changes["days"], holidays)
    return _calendar_deadline(profile, changed_on, changes["days"], holidays)


def is_late(profile: Profile, changed_on: date, reported_on: date, holidays: Holidays = OFFICIAL) -> bool:
    return reported_on > change_deadline(profile, changed_on, holidays)


def landlord_report_deadline(profile: Profile, tenancy_started: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day for a landlord to report a new tenant (pass the end date for the end of a tenancy)."""
    return add_working_days(tenancy_started, profile.params["duties"]["landlord_report_working_days"], holidays)


def employer_report_deadline(profile: Profile, hired_or_left_on: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day for an employer to report a hire or a termination."""
    return add_working_days(hired_or_left_on, profile.params["duties"]["employer_report_working_days"], holidays)


def endorsement_window(profile: Profile, issued_on: date, year: int) -> tuple[date, date]:
    """First and last day to endorse (签注) a permit issued on `issued_on` for its `year`-th anniversary (1, 2, ...):
    the months before the anniversary, up to the day before it."""
    permit = profile.params["permit"]
    if permit["scheme"] != "residence_and_condition":
        raise ValueError(f"{profile.id} has no yearly endorsement")
    if year < 1:
        raise ValueError("the first endorsement is for year 1")
    due = anniversary(issued_on, year * permit["endorsement_every_years"])
    return _add_months(due, -permit["endorsement_window_months"]), due - timedelta(days=1)


# --- who is a migrant here ----------------------------------------------------------------------------------------


def _is_district(county_code: str) -> bool:
    # GB/T 2260: the last two digits of a county-level code are 01–20 for a city's districts (市辖区).
    return 1 <= int(county_code[4:6]) <= 20


def same_home_area(hukou_county_code: str, place_code: str, home_area: str) -> bool:
    """Whether a place lies in the person's own hukou area: the same county, or with "city_districts" (the Zhejiang
    wording 市区、县(市)) any district of the same city when both are districts."""
    county = place_code[:6]
    if home_area not in HOME_AREAS:
        raise ValueError(f"unknown home area {home_area!r}")
    if county == hukou_county_code:
        return True
    return (
        home_area == "city_districts"
        and county[:4] == hukou_county_code[:4]
        and _is_district(county)
        and _is_district(hukou_county_code)
    )


# --- the three topics -------------------------------------------------------------------------------------------


def _registration(person: PersonFacts, stay: StayFacts, profile: Profile) -> Decision:
    rules = profile.params["registration"]
    if same_home_area(person.hukou_county_code, stay.place_code, rules["home_area"]):
        return _decision("registration.not_migrant", profile)
    if stay.commuter:
        min_work_days = rules.get("commuter_min_work_days")
        if min_work_days is None:
            return _decision("registration.commuter_not_covered", profile)
        if stay.work_days < min_work_days:
            return _decision("registration.commuter_short", profile, min_work_days=min_work_days)
        due = registration_deadline(profile, stay.arrival_date)
        return _decision("registration.commuter", profile, due=due, min_work_days=min_work_days)
    if stay.intended_stay_days < rules["min_stay_days"]:
        return _decision("registration.short_stay", profile, min_stay_days=rules["min_stay_days"])
    if stay.housing_type in rules["exempt_housing"]:
        return _decision(f"registration.exempt_{stay.housing_type}", profile)
    relatives_max_days = rules.get("relatives_max_days")
    if relatives_max_days is not None and stay.housing_type == "relatives":
        if stay.intended_stay_days <= relatives_max_days:
            return _decision("registration.exempt_relatives", profile, max_days=relatives_max_days)
    due = registration_deadline(profile, stay.arrival_date)
    return _decision("registration.required", profile, due=due, deadline_days=rules["deadline_days"])


def _under_age(person: PersonFacts, stay: StayFacts, profile: Profile, min_age: int) -> Decision:
    turns = anniversary(person.birth_date, min_age)
    if turns <= stay.ends_on:
        return _decision("permit.age_min_not_yet", profile, from_date=turns, min_age=min_age)
    return _decision("permit.age_min", profile, min_age=min_age)


def _permit_by_age_and_stay(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    """Shandong 253号: intends to stay long enough, is of age, and is not one of the exceptions."""
    rules = profile.params["permit"]
    if stay.intended_stay_days < rules["min_intended_stay_days"]:
        return _decision("permit.short_stay", profile, min_stay_days=rules["min_intended_stay_days"])
    # Exceptions before age: a 15-year-old student should not be told a permit is coming at 16.
    if stay.reason in rules["exempt_reasons"]:
        return _decision("permit.exempt_reason", profile, reason=stay.reason)
    if rules["exempt_students"] and (stay.reason == "study" or stay.full_time_study):
        return _decision("permit.exempt_study", profile)
    if stay.housing_type in rules["exempt_housing"]:
        return _decision(f"permit.exempt_{stay.housing_type}", profile)
    age = age_on(person.birth_date, today)
    if age >= rules["max_age"]:
        return _decision("permit.age_max", profile, max_age=rules["max_age"])
    if age < rules["min_age"]:
        return _under_age(person, stay, profile, rules["min_age"])
    grounds = {
        "labour_contract_with_insurance": stay.labour_contract_with_insurance,
        "own_home": stay.housing_type == "own_home",
    }
    ground = next((g for g in rules["long_validity_grounds"] if grounds[g]), None)
    if ground is not None:
        years = rules["long_validity_years"]
        return _decision(
            "permit.eligible_long",
            profile,
            type=rules["type"],
            validity_years=years,
            validity_months=12 * years,
            ground=ground,
        )
    years = rules["validity_years"]
    return _decision("permit.eligible", profile, type=rules["type"], validity_years=years, validity_months=12 * years)


def _permit_two_tier(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    """Zhejiang 2009: a temporary permit at registration; a full permit after years of stable residence."""
    rules = profile.params["permit"]
    if stay.intended_stay_days < rules["min_intended_stay_days"]:
        return _decision("permit.short_stay", profile, min_stay_days=rules["min_intended_stay_days"])
    if age_on(person.birth_date, today) < rules["min_age"]:
        return _under_age(person, stay, profile, rules["min_age"])
    years = rules["full_after_years"]
    stable = all(getattr(stay, fact) for fact in rules["full_requires"])
    if stable and stay.resided_since is not None:
        full_from = anniversary(stay.resided_since, years)
        if today >= full_from:
            return _decision("permit.full", profile, from_date=full_from, type=rules["full_type"])
        return _decision("permit.temporary_full_on", profile, type=rules["temporary_type"], full_from=full_from)
    return _decision("permit.temporary", profile, type=rules["temporary_type"], full_after_years=years)


def _permit_by_residence_and_condition(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    """居住证暂行条例: months of residence, and one of a stable job, a stable home or continuous study."""
    rules = profile.params["permit"]
    days = rules["min_residence_days"]
    eligible_from = (stay.resided_since or stay.arrival_date) + timedelta(days=days)
    if eligible_from > stay.ends_on:
        return _decision("permit.residence_too_short", profile, min_residence_days=days)
    if not any(getattr(stay, fact) for fact in rules["conditions"]):
        return _decision("permit.no_condition", profile)
    if today < eligible_from:
        return _decision("permit.residence_not_yet", profile, from_date=eligible_from, min_residence_days=days)
    if age_on(person.birth_date, today) < rules["guardian_below_age"]:
        return _decision("permit.eligible_via_guardian", profile, type=rules["type"], via_guardian=True)
    return _decision("permit.eligible_endorsed", profile, type=rules["type"], via_guardian=False)


_PERMIT_SCHEMES = {
    "age_and_stay": _permit_by_age_and_stay,
    "two_tier": _permit_two_tier,
    "residence_and_condition": _permit_by_residence_and_condition,
}


def _permit(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    if same_home_area(person.hukou_county_code, stay.place_code, profile.params["registration"]["home_area"]):
        return _decision("permit.not_migrant", profile)
    if stay.commuter:
        return _decision("permit.commuter", profile)
    return _PERMIT_SCHEMES[profile.params["permit"]["scheme"]](person, stay, profile, today)


def _changes(registration: Decision, profile: Profile) -> Decision:
    if registration.outcome != "required":
        return _decision("changes.not_required", profile)
    changes = profile.params["changes"]
    rule = f"changes.{changes['unit']}" + ("_deregister" if changes["deregister_on_leaving"] else "")
    return _decision(rule, profile, days=changes["days"])


def decide(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> list[Decision]:
    """One decision per topic, in the order of TOPICS. Ages and residence are judged on `today`."""
    if profile.matching_prefix(stay.place_code) is None:
        raise ValueError(f"{profile.id} does not govern {stay.place_code}")
    registration = _registration(person, stay, profile)
    return [registration, _permit(person, stay, profile, today), _changes(registration, profile)]
