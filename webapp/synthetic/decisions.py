"""The policy decisions stored with each synthetic report: the engine's own (webapp.policy.engine via
webapp.registrations.rules)."""

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

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
    """The engine's decisions for each report, as the app's own report form would store them.

    (Decisions used to be computed once per kind of stay and shifted by days to each arrival date; with periods
    counted in calendar months and last days moved off rest days, no decision shifts by days, so each report is
    decided by the engine: about 37 µs each.)
    """

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

    def decide(self, place_code, arrival, created, intended, reason, housing, birth, hukou) -> Decided:
        profile_id, decisions = self._engine(place_code, arrival, created, intended, reason, housing, birth, hukou)
        permit = decisions[1]
        params = dict(permit.params)
        return Decided(
            rules.to_json(decisions),
            profile_id,
            permit.outcome,
            permit.from_date if permit.outcome == "not_yet" else None,  # "eligible": from the report's day
            params.get("type", "standard"),
            params.get("validity_months"),
        )
