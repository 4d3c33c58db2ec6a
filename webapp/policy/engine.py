"""The decisions: from a person, their stay, a policy profile and a date to decisions with reasons.

Plain functions and frozen dataclasses: no Flask, no database. Every number comes from the profile's parameters
(see profiles/*.toml for where each comes from); this module only knows the shape of the rules. Each decision
names the rule that decided it (a stable id in RULES, with one message in explain.py) and the profile it came
from, so what a person was told can be shown again and traced to its source.

How periods are counted, everywhere (民法典 arts. 201-203, DOMAIN §7): the day of the event is not counted, so
"within 3 days" of arriving on 1 March ends on 4 March, and "within 3 working days" of a change on a Friday ends on
the Wednesday; a period in months or years ends on the corresponding day, or on the month's last day when it has no
such day (`Period.end`); where the profile says so, a last day that is a rest day or public holiday moves to the
next working day. A stay "of N days" from the arrival date lasts to N days after it: a planned stay that ends on
or after the last day of a period lasts the period.

A profile decides only on the days it is in force and only when it has been checked against its text (`usable`):
the duty to register arose on arrival, so it is judged by the profile in force on the arrival date; the permit and
changes are judged today, by the profile in force today.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from webapp.policy.profiles import HOME_AREAS, HOUSING_TYPES, REASONS, Period, Profile
from webapp.policy.workdays import OFFICIAL, Holidays, next_working_day

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
        "permit.condition_not_yet": "not_yet",  # national: the job becomes stable (contract or licence held) later
        "permit.eligible_endorsed": "eligible",  # national: eligible, endorsed every year
        "permit.eligible_via_guardian": "eligible",  # national: a child, through a guardian
        "changes.not_required": "not_required",  # nothing to keep up to date without a registration
        "changes.days": "window",
        "changes.days_deregister": "window",
        "changes.working_days": "window",
        "changes.working_days_deregister": "window",
        "changes.days_within_area": "window",  # Zhejiang since 2016: a move out of the home area registers anew
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


WORK_PROOFS = ("none", "labour_contract", "business_licence")


@dataclass(frozen=True)
class StayFacts:
    place_code: str  # residence community (12 digits), township (9) or county (6); for a commuter, the workplace
    arrival_date: date  # for a commuter, the first day of work here
    reason: str  # work, business (running one), business_trip, study, family, medical, visit, tourism, other
    housing_type: str  # rental, dormitory, own_home, relatives, other, hotel, hospital, assistance_centre
    stay_ends_on: date | None = None  # the last day of the planned stay (for a commuter, of work here); None: no end
    commuter: bool = False  # lives at the hukou address, works here
    resided_since: date | None = None  # start of continuous residence in this city (gaps of 30 days or less ignored)
    stable_residence: bool = False  # own home, an employer's dormitory, a rental filed by its landlord
    filed_rental: bool = False  # a rental its landlord has registered (登记备案)
    full_time_study: bool = False
    work_proof: str = "none"  # a labour contract or a business licence for the work here
    work_proof_since: date | None = None  # when the contract started or the licence was issued (else: arrival)
    insurance_months: int = 0  # months of social insurance paid here

    def __post_init__(self) -> None:
        if not _PLACE.fullmatch(self.place_code):
            raise ValueError(f"place_code must be a 6, 9 or 12 digit division code, not {self.place_code!r}")
        if self.reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}, not {self.reason!r}")
        if self.housing_type not in HOUSING_TYPES:
            raise ValueError(f"housing_type must be one of {', '.join(HOUSING_TYPES)}, not {self.housing_type!r}")
        if self.work_proof not in WORK_PROOFS:
            raise ValueError(f"work_proof must be one of {', '.join(WORK_PROOFS)}, not {self.work_proof!r}")
        if self.stay_ends_on is not None and self.stay_ends_on < self.arrival_date:
            raise ValueError("the stay cannot end before the arrival date")
        if self.insurance_months < 0:
            raise ValueError("insurance_months cannot be negative")

    @property
    def county_code(self) -> str:
        return self.place_code[:6]

    @property
    def ends_on(self) -> date:
        """The last day of the planned stay (`date.max` when no end is planned)."""
        return date.max if self.stay_ends_on is None else self.stay_ends_on

    @property
    def residence_start(self) -> date:
        return min(self.resided_since or self.arrival_date, self.arrival_date)

    def lasts(self, period: Period) -> bool:
        """Whether the planned stay lasts the whole `period` from the arrival date."""
        return self.stay_ends_on is None or self.stay_ends_on >= period.end(self.arrival_date)

    @property
    def labour_contract_with_insurance(self) -> bool:
        return self.work_proof == "labour_contract" and self.insurance_months > 0


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
    """A birthday `years` on: the same day, and 1 March in a common year for a 29 February birthday (a person born
    on 29 February completes a year of age when 28 February has passed)."""
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


def last_day(profile: Profile, start: date, period: Period, holidays: Holidays = OFFICIAL) -> date:
    """The last day of a period to do something in, from the day after `start`; a last day on a rest day moves to
    the next working day where the profile says so (民法典 art. 203)."""
    due = period.end(start, holidays)
    if period.unit != "working_days" and profile.params["periods"]["roll_to_working_day"]:
        return next_working_day(due, holidays)
    return due


def registration_deadline(profile: Profile, arrival_date: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day to register: the profile's period after arrival."""
    return last_day(profile, arrival_date, profile.params["registration"]["deadline"], holidays)


def change_deadline(profile: Profile, changed_on: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day to report a change of address or workplace made on `changed_on`."""
    return last_day(profile, changed_on, profile.params["changes"]["deadline"], holidays)


def is_late(profile: Profile, changed_on: date, reported_on: date, holidays: Holidays = OFFICIAL) -> bool:
    return reported_on > change_deadline(profile, changed_on, holidays)


def own_duty(profile: Profile, birth_date: date, on: date) -> bool:
    """Whether someone born on `birth_date` holds the duty to register (or report a change) themselves for what
    happened on `on` (their arrival, their move). Below the profile's `guardian_below_age` a parent or guardian
    registers the child (代为申报): the deadline is the guardian's, so the child's report is never late. A profile
    without that age leaves the duty to everyone."""
    below = profile.params["registration"].get("guardian_below_age")
    if below is None:
        return True
    return on >= birth_date and age_on(birth_date, on) >= below


def landlord_report_deadline(profile: Profile, tenancy_started: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day for a landlord to report a new tenant (pass the end date for the end of a tenancy)."""
    return last_day(profile, tenancy_started, profile.params["duties"]["landlord_report"], holidays)


def employer_report_deadline(profile: Profile, hired_or_left_on: date, holidays: Holidays = OFFICIAL) -> date:
    """The last day for an employer to report a hire or a termination."""
    return last_day(profile, hired_or_left_on, profile.params["duties"]["employer_report"], holidays)


def endorsement_window(
    profile: Profile, issued_on: date, year: int, holidays: Holidays = OFFICIAL
) -> tuple[date, date]:
    """First and last day to endorse (签注) a permit issued on `issued_on` for its `year`-th year (1, 2, ...): the
    month before the day the year is complete (居住每满1年之日前1个月内), up to the day before it; a last day on a rest
    day or public holiday moves to the next working day where the profile says so (民法典 art. 203), as every other
    last day does (`last_day`)."""
    permit = profile.params["permit"]
    if permit["scheme"] != "residence_and_condition":
        raise ValueError(f"{profile.id} has no yearly endorsement")
    if year < 1:
        raise ValueError("the first endorsement is for year 1")
    every = permit["endorsement_every"]
    due = Period(every.count * year, every.unit).end(issued_on)
    last = due - timedelta(days=1)
    if profile.params["periods"]["roll_to_working_day"]:
        last = next_working_day(last, holidays)
    return permit["endorsement_window"].before(due), last


def stable_employment_from(stay: StayFacts, rules: Mapping) -> date | None:
    """The day the work here counts as stable under the profile's `stable_employment` table (date.min: already),
    or None if nothing the person told us makes it so."""
    counts = rules["stable_employment"]
    if stay.insurance_months >= counts["social_insurance_months"]:
        return date.min
    if stay.work_proof in ("labour_contract", "business_licence"):
        return counts[stay.work_proof].end(stay.work_proof_since or stay.arrival_date)
    return None


def _condition_from(stay: StayFacts, conditions: tuple[str, ...], rules: Mapping) -> date | None:
    """The first day one of `conditions` is met (date.min: already), or None."""
    days = []
    if "stable_residence" in conditions and stay.stable_residence:
        days.append(date.min)
    if "full_time_study" in conditions and (stay.full_time_study or stay.reason == "study"):
        days.append(date.min)
    if "stable_employment" in conditions:
        days.append(stable_employment_from(stay, rules))
    days = [d for d in days if d is not None]
    return min(days) if days else None


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
        min_work = rules.get("commuter_min_work")
        if min_work is None:
            return _decision("registration.commuter_not_covered", profile)
        if not stay.lasts(min_work):
            return _decision("registration.commuter_short", profile, min_work=min_work)
        due = registration_deadline(profile, stay.arrival_date)
        return _decision("registration.commuter", profile, due=due, min_work=min_work)
    if not stay.lasts(rules["min_stay"]):
        return _decision("registration.short_stay", profile, min_stay=rules["min_stay"])
    if stay.housing_type in rules["exempt_housing"]:
        return _decision(f"registration.exempt_{stay.housing_type}", profile)
    relatives_max = rules.get("relatives_max")
    if (
        relatives_max is not None
        and stay.housing_type == "relatives"
        and stay.stay_ends_on is not None
        and stay.stay_ends_on <= relatives_max.end(stay.arrival_date)
    ):
        return _decision("registration.exempt_relatives", profile, max_stay=relatives_max)
    due = registration_deadline(profile, stay.arrival_date)
    return _decision("registration.required", profile, due=due, deadline=rules["deadline"])


def _under_age(person: PersonFacts, stay: StayFacts, profile: Profile, min_age: int) -> Decision:
    turns = anniversary(person.birth_date, min_age)
    if turns <= stay.ends_on:
        return _decision("permit.age_min_not_yet", profile, from_date=turns, min_age=min_age)
    return _decision("permit.age_min", profile, min_age=min_age)


def _long_validity_ground(stay: StayFacts, grounds: tuple[str, ...]) -> str | None:
    facts = {
        "labour_contract_with_insurance": stay.labour_contract_with_insurance,
        "business_licence": stay.work_proof == "business_licence",
        "own_home": stay.housing_type == "own_home",
        "filed_rental": stay.housing_type == "rental" and stay.filed_rental,
    }
    return next((ground for ground in grounds if facts[ground]), None)


def _permit_by_age_and_stay(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    """Shandong 253号: intends to stay long enough, is of age, and is not one of the exceptions."""
    rules = profile.params["permit"]
    if not stay.lasts(rules["min_intended_stay"]):
        return _decision("permit.short_stay", profile, min_stay=rules["min_intended_stay"])
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
    ground = _long_validity_ground(stay, rules["long_validity_grounds"])
    if ground is not None:
        validity = rules["long_validity"]
        return _decision(
            "permit.eligible_long",
            profile,
            type=rules["type"],
            validity=validity,
            validity_months=validity.months,
            ground=ground,
        )
    validity = rules["validity"]
    return _decision("permit.eligible", profile, type=rules["type"], validity=validity, validity_months=validity.months)


def _permit_two_tier(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    """Zhejiang 2009: a temporary permit at registration; a full permit after years of stable residence."""
    rules = profile.params["permit"]
    if not stay.lasts(rules["min_intended_stay"]):
        return _decision("permit.short_stay", profile, min_stay=rules["min_intended_stay"])
    if age_on(person.birth_date, today) < rules["min_age"]:
        return _under_age(person, stay, profile, rules["min_age"])
    full_after = rules["full_after"]
    met = [_condition_from(stay, (fact,), rules) for fact in rules["full_requires"]]
    if all(day is not None for day in met):
        full_from = max([full_after.end(stay.residence_start), *met])
        if full_from > stay.ends_on:  # not before the planned stay ends: a temporary permit is all there is
            return _decision("permit.temporary", profile, type=rules["temporary_type"], full_after=full_after)
        if today >= full_from:
            return _decision("permit.full", profile, from_date=full_from, type=rules["full_type"])
        return _decision("permit.temporary_full_on", profile, type=rules["temporary_type"], full_from=full_from)
    return _decision("permit.temporary", profile, type=rules["temporary_type"], full_after=full_after)


def _permit_by_residence_and_condition(person: PersonFacts, stay: StayFacts, profile: Profile, today: date) -> Decision:
    """居住证暂行条例 第二条: months of residence, and one of a stable job, a stable home or continuous study."""
    rules = profile.params["permit"]
    min_residence = rules["min_residence"]
    resided_from = min_residence.end(stay.residence_start)
    if resided_from > stay.ends_on:
        return _decision("permit.residence_too_short", profile, min_residence=min_residence)
    condition_from = _condition_from(stay, rules["conditions"], rules)
    if condition_from is None:
        return _decision("permit.no_condition", profile, **stable_job_params(rules))
    if today < resided_from and resided_from >= condition_from:
        return _decision("permit.residence_not_yet", profile, from_date=resided_from, min_residence=min_residence)
    if condition_from > stay.ends_on:  # the job becomes stable only after the planned stay ends
        return _decision("permit.no_condition", profile, **stable_job_params(rules))
    if today < condition_from:
        return _decision("permit.condition_not_yet", profile, from_date=condition_from)
    if age_on(person.birth_date, today) < rules["guardian_below_age"]:
        return _decision("permit.eligible_via_guardian", profile, type=rules["type"], via_guardian=True)
    return _decision("permit.eligible_endorsed", profile, type=rules["type"], via_guardian=False)


def stable_job_params(rules: Mapping) -> dict[str, object]:
    """What makes a job stable under a permit's rules, as a decision's params (for the person to read)."""
    counts = rules["stable_employment"]
    return {
        "contract": counts["labour_contract"],
        "licence": counts["business_licence"],
        "insurance": Period(counts["social_insurance_months"], "months"),
    }


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
    deadline = changes["deadline"]
    if changes["deregister_on_leaving"]:
        rule = f"changes.{deadline.unit}_deregister"
    elif changes.get("within_area"):
        rule = f"changes.{deadline.unit}_within_area"
    else:
        rule = f"changes.{deadline.unit}"
    return _decision(rule, profile, deadline=deadline)


def _check_profile(profile: Profile, on: date, what: str) -> None:
    if not profile.usable:
        raise ValueError(f"{profile.id} is pending review and may not decide for anyone")
    if not profile.in_force(on):
        raise ValueError(f"{profile.id} is not in force on {on.isoformat()}, the day {what} is judged")


def decide(
    person: PersonFacts, stay: StayFacts, profile: Profile, today: date, *, arrival_profile: Profile | None = None
) -> list[Decision]:
    """One decision per topic, in the order of TOPICS.

    The permit and changes are judged on `today` by `profile`, which must be in force that day. The duty to
    register arose on arrival: it is judged by `arrival_profile`, the profile in force on the arrival date, when
    the caller has one (else by `profile`). A profile pending review, or outside its dates, is refused."""
    for chosen in (profile, arrival_profile or profile):
        if chosen.matching_prefix(stay.place_code) is None:
            raise ValueError(f"{chosen.id} does not govern {stay.place_code}")
    _check_profile(profile, today, "the permit")
    if arrival_profile is not None:
        _check_profile(arrival_profile, stay.arrival_date, "the registration")
    registration = _registration(person, stay, arrival_profile or profile)
    return [registration, _permit(person, stay, profile, today), _changes(registration, profile)]
