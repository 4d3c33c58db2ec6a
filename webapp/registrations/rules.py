"""From a report's answers to the policy decisions, and the decisions to and from what is stored. No database."""

from datetime import date

from webapp.policy import engine
from webapp.policy.profiles import profile_for
from webapp.registrations.choices import STAY_DAYS


def stay_facts(
    *,
    place_code: str,
    arrival_date: date,
    intended_stay: str,
    reason: str,
    housing_type: str,
    commuter: bool,
    employed: bool,
) -> engine.StayFacts:
    return engine.StayFacts(
        place_code=place_code,
        arrival_date=arrival_date,
        intended_stay_days=STAY_DAYS[intended_stay],
        reason=reason,
        housing_type=housing_type,
        commuter=commuter,
        work_days=30 if commuter and employed else 0,
        stable_employment=False,
        stable_residence=housing_type in ("own_home", "dormitory"),
        full_time_study=reason == "study",
    )


def decide(person, stay: engine.StayFacts, today: date):
    """The profile in force for the place on the arrival date, and its decisions for this person."""
    profile = profile_for(stay.place_code, stay.arrival_date)
    facts = engine.PersonFacts(birth_date=person.birth_date, hukou_county_code=person.hukou_county_code or "")
    return profile, engine.decide(facts, stay, profile, today)


def to_json(decisions) -> list[dict]:
    return [
        {
            "topic": d.topic,
            "outcome": d.outcome,
            "rule": d.rule,
            "profile_id": d.profile_id,
            "due": d.due.isoformat() if d.due else None,
            "from_date": d.from_date.isoformat() if d.from_date else None,
            "params": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in dict(d.params).items()},
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
            params=d["params"],
        )
        for d in stored
    ]
