"""From a report's answers to the policy decisions, and the decisions to and from what is stored. No database."""

import re
from datetime import date

from webapp.policy import engine
from webapp.policy.profiles import Period, Profile, profile_for

#: Kinds of housing that are a stable home (合法稳定住所) whatever the rental: owned, or an employer's dormitory.
STABLE_HOUSING = ("own_home", "dormitory")


def stay_facts(answers) -> engine.StayFacts:
    """The engine's facts from a report's answers (a ReportAnswers or a stored ResidenceReport)."""
    stay = Period(answers.stay_count, answers.stay_unit) if answers.stay_count is not None else None
    # A rental counts only when its landlord registered it: a tenancy naming a landlord not on Xinju yet does not.
    tenancies = (getattr(answers, name, None) for name in ("keep_tenancy", "tenancy"))
    filed = getattr(answers, "rental", None) is not None or any(
        t is not None and t.property_id is not None for t in tenancies
    )
    filed_rental = answers.housing_type == "rental" and filed
    # DOMAIN §1: a safe rental with a lease is a stable home; a tenant of a landlord not on Xinju says they hold one.
    leased = answers.housing_type == "rental" and bool(getattr(answers, "written_lease", None))
    return engine.StayFacts(
        place_code=answers.place.code,
        arrival_date=answers.arrival_date,
        stay_ends_on=stay.end(answers.arrival_date) if stay is not None else None,
        reason=answers.reason,
        housing_type=answers.housing_type,
        commuter=answers.commuter,
        resided_since=answers.resided_since,
        stable_residence=answers.housing_type in STABLE_HOUSING or filed_rental or leased,
        filed_rental=filed_rental,
        full_time_study=answers.reason == "study" if answers.full_time_study is None else answers.full_time_study,
        work_proof=answers.work_proof,
        work_proof_since=answers.work_proof_since,
        insurance_months=answers.insurance_months or 0,
    )


def profiles_for(place_code: str, arrival_date: date, today: date) -> tuple[Profile, Profile]:
    """The profile in force today (for the permit and changes) and the one in force on the arrival date (for the
    duty to register). When no rules we can stand behind covered the arrival date, today's rules are applied."""
    current = profile_for(place_code, today)
    try:
        arrival = profile_for(place_code, arrival_date)
    except LookupError:
        arrival = current
    return current, arrival


def profile_for_change(place_code: str, changed_on: date, today: date) -> Profile:
    """The rules a change made on `changed_on` is reported under: those in force that day, or today's when no rules
    we can stand behind covered it."""
    try:
        return profile_for(place_code, changed_on)
    except LookupError:
        return profile_for(place_code, today)


def left_by_landlord(report, today: date) -> tuple[date, date] | None:
    """For a current report whose landlord says the tenant left: (the day they left, the last day to report the
    change, counted as a change made that day, as the reminder counts it); None otherwise."""
    tenancy = report.tenancy
    if tenancy is None or tenancy.ended_on is None or report.ended_on is not None:
        return None
    profile = profile_for_change(report.place.code, tenancy.ended_on, today)
    return tenancy.ended_on, engine.change_deadline(profile, tenancy.ended_on)


def registers_anew(profile: Profile, previous_place, answers) -> bool:
    """Whether a move from `previous_place` to the answers' place is, under `profile` (the rules of the previous
    place on the day of the move), a deregistration there and a new registration at the new place rather than a
    change: where leaving the county deregisters ([L, Shandong], DOMAIN §1: `changes.deregister_on_leaving`) and the
    move crosses a county line; or where a change is one only inside the home area (`changes.within_area`,
    Zhejiang since 2016: a county, a city's districts as one) and the move leaves it. Elsewhere (national) a move is
    a change, whatever the county."""
    changes = profile.params["changes"]
    if changes["deregister_on_leaving"]:
        return previous_place.code[:6] != answers.place.code[:6]  # a county is the first 6 digits of a division code
    if changes.get("within_area"):
        home_area = profile.params["registration"]["home_area"]
        return not engine.same_home_area(previous_place.code[:6], answers.place.code, home_area)
    return False


def decide(person, stay: engine.StayFacts, today: date):
    """The profile in force today, and the decisions for this person (registration by the rules on arrival)."""
    current, arrival = profiles_for(stay.place_code, stay.arrival_date, today)
    facts = engine.PersonFacts(birth_date=person.birth_date, hukou_county_code=person.hukou_county_code or "")
    arrival_profile = arrival if arrival is not current else None
    return current, engine.decide(facts, stay, current, today, arrival_profile=arrival_profile)


def decisions_today(report, today: date) -> list:
    """A stored report's decisions as they stand today (a permit's date may have come, the rules may have changed),
    or as stored when today's rules cannot judge it."""
    stay = stay_facts(report)
    try:
        return decide(report.person, stay, today)[1]
    except (LookupError, ValueError):
        return from_json(report.decisions)


def permit_questions(
    stay: engine.StayFacts, profile: Profile, decisions, today: date, *, employed: bool = False
) -> tuple[str, ...]:
    """What to ask on page two, given the answers of page one (without those facts): only what the profile's permit
    rules count for this person, and only when they could get a permit at all."""
    permit = next((d for d in decisions if d.topic == "permit"), None)
    if permit is None or permit.rule not in PERMIT_FACT_RULES:
        return ()
    rules = profile.params["permit"]
    scheme, questions = rules["scheme"], []
    if scheme == "residence_and_condition":
        if rules["min_residence"].end(stay.arrival_date) > today:
            questions.append("resided_since")
        if stay.reason == "study":
            questions.append("full_time_study")
        if stay.housing_type == "rental" and not stay.filed_rental:
            questions.append("written_lease")  # a lease makes it a stable home; else a stable job must
        job = not stay.stable_residence
    elif scheme == "two_tier":
        questions.append("resided_since")
        job = True
    else:  # age_and_stay: a job with a contract and insurance, or a licence, gives the longer validity
        job = stay.reason in ("work", "business") or employed
    if job:
        questions += ["work_proof", "work_proof_since", "insurance_months"]
    return tuple(questions)


#: Permit decisions that the facts of a job, of residence and of study can change.
PERMIT_FACT_RULES = frozenset(
    {
        "permit.eligible",
        "permit.eligible_long",
        "permit.temporary",
        "permit.temporary_full_on",
        "permit.full",
        "permit.no_condition",
        "permit.residence_not_yet",
        "permit.condition_not_yet",
        "permit.eligible_endorsed",
        "permit.eligible_via_guardian",
    }
)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_or_value(value):
    """A stored param back as it was decided: an ISO date string as a date (so it is shown in the reader's format)."""
    return date.fromisoformat(value) if isinstance(value, str) and _ISO_DATE.fullmatch(value) else value


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Period):
        return value.as_json()
    return value


def to_json(decisions) -> list[dict]:
    return [
        {
            "topic": d.topic,
            "outcome": d.outcome,
            "rule": d.rule,
            "profile_id": d.profile_id,
            "due": d.due.isoformat() if d.due else None,
            "from_date": d.from_date.isoformat() if d.from_date else None,
            "params": {k: _json_value(v) for k, v in dict(d.params).items()},
        }
        for d in decisions
    ]


def from_json(stored: list[dict]) -> list[engine.Decision]:
    def _date(value):
        return date.fromisoformat(value) if value else None

    return [
        engine.Decision(
            topic=d["topic"],
            outcome=d["outcome"],
            rule=d["rule"],
            profile_id=d["profile_id"],
            due=_date(d["due"]),
            from_date=_date(d["from_date"]),
            params={k: _date_or_value(v) for k, v in d["params"].items()},
        )
        for d in stored
    ]
