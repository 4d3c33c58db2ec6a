"""The policy decisions stored with each synthetic report: the engine's own (webapp.policy.engine via
webapp.registrations.rules), computed once per kind of stay and shifted to each arrival date."""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from webapp.policy import engine
from webapp.policy.profiles import load_profiles, profile_for
from webapp.registrations import rules
from webapp.synthetic.distributions import STAY_PERIODS


@dataclass(frozen=True)
class Decided:
    decisions: list  # as stored (rules.to_json)
    profile_id: str
    permit_outcome: str
    permit_from: date | None  # for a "not_yet" permit decision, the day it can be had
    permit_type: str
    validity_months: int | None


class Decisions:
    """The engine's decisions for a report, computed once per kind of stay and shifted to each arrival date.

    For an adult (inside the profile's age limits on the day of the report) from another province whose report comes
    less than 150 days after arrival, the decisions depend on the profile, the answers and the arrival date only, and
    every date in them (the registration due date, the permit's eligible-from date) is a fixed number of days after
    arrival, unless the profile moves deadlines to working days. Anything else (a 15-year-old, say) is decided by the
    engine directly.
    """

    def __init__(self) -> None:
        self.templates: dict[tuple, tuple | None] = {}
        self.profile_days: dict[tuple[str, date], str] = {}
        self.age_limits: dict[str, tuple[int, int]] = {}  # the ages a template holds for, per profile
        for profile in load_profiles().values():
            permit = profile.params["permit"]
            low = max(permit.get("min_age", 0), permit.get("guardian_below_age", 0))
            high = permit.get("max_age", 200) if not profile.params["periods"]["roll_to_working_day"] else -1
            self.age_limits[profile.id] = (low, high)

    def _profile(self, place_code: str, on: date) -> str:
        key = (place_code[:4], on)
        found = self.profile_days.get(key)
        if found is None:
            found = self.profile_days[key] = profile_for(place_code, on).id
        return found

    @staticmethod
    def _engine(place_code, arrival, created, intended, reason, housing, birth, hukou) -> tuple[str, list]:
        count, unit = STAY_PERIODS[intended]
        answers = SimpleNamespace(
            place=SimpleNamespace(code=place_code),
            arrival_date=arrival,
            stay_count=count,
            stay_unit=unit,
            reason=reason,
            housing_type=housing,
            commuter=False,
            resided_since=None,
            # Rentals here are registered by their landlords (a stable home); people here to work or run a business
            # hold a labour contract or a licence from their arrival (a stable job six or three months on).
            rental=object() if housing == "rental" else None,
            work_proof={"work": "labour_contract", "business": "business_licence"}.get(reason, "none"),
            work_proof_since=None,
            insurance_months=0,
            full_time_study=None,
        )
        stay = rules.stay_facts(answers)
        profile, decisions = rules.decide(SimpleNamespace(birth_date=birth, hukou_county_code=hukou), stay, created)
        return profile.id, decisions

    @staticmethod
    def _permit_from(decision) -> date | None:
        """When a permit can be had, for a "not yet" (None otherwise: "eligible" means from the report's day)."""
        return decision.from_date if decision.outcome == "not_yet" else None

    def decide(self, place_code, arrival, created, intended, reason, housing, birth, hukou) -> Decided:
        profile_id = self._profile(place_code, arrival)
        low, high = self.age_limits[profile_id]
        if low <= engine.age_on(birth, created) < high and (created - arrival).days < 150:
            key = (profile_id, intended, reason, housing)
            template = self.templates.get(key, False)
            if template is False:
                template = self.templates[key] = self._template(
                    place_code, arrival, created, intended, reason, housing, birth, hukou
                )
            if template is not None:
                return self._instantiate(template, profile_id, arrival)
        profile_id, decisions = self._engine(place_code, arrival, created, intended, reason, housing, birth, hukou)
        permit = decisions[1]
        params = dict(permit.params)
        return Decided(
            rules.to_json(decisions),
            profile_id,
            permit.outcome,
            self._permit_from(permit),
            params.get("type", "standard"),
            params.get("validity_months"),
        )

    def _template(self, place_code, arrival, created, intended, reason, housing, birth, hukou) -> tuple | None:
        _profile_id, decisions = self._engine(place_code, arrival, created, intended, reason, housing, birth, hukou)
        if any(isinstance(v, date) for d in decisions for v in d.params.values()):
            return None  # a date among the parameters: not shifted here, so decided one by one
        parts = []
        for stored, decision in zip(rules.to_json(decisions), decisions, strict=True):
            due = (decision.due - arrival) if decision.due else None
            start = (decision.from_date - arrival) if decision.from_date else None
            parts.append((stored, due, start))
        permit = decisions[1]
        permit_from = self._permit_from(permit)
        params = dict(permit.params)
        return (
            parts,
            permit.outcome,
            (permit_from - arrival) if permit_from else None,
            params.get("type", "standard"),
            params.get("validity_months"),
        )

    @staticmethod
    def _instantiate(template: tuple, profile_id: str, arrival: date) -> Decided:
        parts, outcome, permit_from, permit_type, months = template
        stored = []
        for shared, due, start in parts:
            if due is None and start is None:
                stored.append(shared)  # the same dict for many rows: it is only read
                continue
            own = dict(shared)
            if due is not None:
                own["due"] = (arrival + due).isoformat()
            if start is not None:
                own["from_date"] = (arrival + start).isoformat()
            stored.append(own)
        start_day = arrival + permit_from if permit_from is not None else None
        return Decided(stored, profile_id, outcome, start_day, permit_type, months)
