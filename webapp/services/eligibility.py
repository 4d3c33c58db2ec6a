"""Who may ask for which service, today: from a person's registration, permit and children to an outcome with a
reason.

Plain functions and frozen dataclasses: no Flask, no database. Each answer names a reason (a stable id in REASONS,
with one message in explain.py), so a person sees not only "not yet" but what would change it.

The order of the checks is the order in which a person can act on them:
1. what can never change for this service (no child who is or will be of the age): "not_eligible";
2. what the person can do something about now (register, get, endorse or renew a permit): "not_yet";
3. what only time changes (turning 18, a child reaching the age): "not_yet" with the date it happens;
4. otherwise "can_ask".
A lapsed permit (the yearly endorsement missed) suspends the permit's functions, so it counts as no permit for
permit-holder services; the person's registration stands, and is read from `registered` alone.

Who may ask can differ by place (a school place: a permit in Zibo, registration in Wenzhou; `who_in` in the
catalogue): the place of the person's current report chooses. A person with no current report has no place: when
the places differ only in whether a permit is needed after registering, they are told to register first and that
the place decides the rest; otherwise the service's own `who` holds.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from webapp.policy.engine import age_on, anniversary
from webapp.services.catalogue import Service, load_catalogue

ADULT_AGE = 18  # 民法典 art. 17
PERMIT_STATES = ("valid", "lapsed", "revoked", "expired")
OUTCOMES = ("can_ask", "not_yet", "not_eligible")

# Every reason this module can give, with the one outcome it gives. explain.py has a message for each.
REASONS: Mapping[str, str] = MappingProxyType(
    {
        "ok.anyone": "can_ask",  # open to anyone
        "ok.registered": "can_ask",  # the person's residence is registered
        "ok.permit": "can_ask",  # the person holds a valid permit
        "needs.registration": "not_yet",  # register your residence first
        "needs.registration_and_permit": "not_yet",  # register, then apply for a permit
        "needs.registration_then_place": "not_yet",  # register; where you register decides whether a permit is needed
        "needs.permit": "not_yet",  # registered, no permit yet
        "needs.valid_permit": "not_yet",  # the permit's yearly endorsement is overdue: endorse it
        "needs.renewed_permit": "not_yet",  # the permit has expired: apply for a new one
        "needs.new_permit": "not_yet",  # the permit was revoked: apply again if eligible
        "needs.adult": "not_yet",  # for adults: from the 18th birthday (from_date)
        "child.ages_into": "not_yet",  # a child reaches the minimum age on from_date
        "needs.child_in_age": "not_eligible",  # no child is, or will be, of the age
    }
)

_PERMIT_BARRIERS = {"lapsed": "needs.valid_permit", "expired": "needs.renewed_permit", "revoked": "needs.new_permit"}


@dataclass(frozen=True)
class Applicant:
    registered: bool  # has a current (not ended, not rejected) residence report
    permit: str | None  # None, or the permit's state: valid, lapsed (endorsement missed), revoked, expired
    birth_date: date
    children_birth_dates: tuple[date, ...] = ()  # a date still to come is a child expected then
    place_code: str | None = None  # the place of the current report (a division code); None: no current report

    def __post_init__(self) -> None:
        if self.permit is not None and self.permit not in PERMIT_STATES:
            raise ValueError(f"permit must be None or one of {', '.join(PERMIT_STATES)}, not {self.permit!r}")
        object.__setattr__(self, "children_birth_dates", tuple(self.children_birth_dates))


@dataclass(frozen=True)
class Eligibility:
    service: Service
    outcome: str  # can_ask, not_yet, not_eligible
    reason: str  # a key of REASONS
    from_date: date | None = None  # when time alone changes the answer: the 18th birthday, a child reaching the age
    params: Mapping[str, object] = field(default_factory=dict, hash=False)  # what the explanation needs

    def __post_init__(self) -> None:
        if REASONS.get(self.reason) != self.outcome:
            raise ValueError(f"reason {self.reason!r} does not give {self.outcome!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


def _answer(service: Service, reason: str, from_date: date | None = None, **params: object) -> Eligibility:
    return Eligibility(service, REASONS[reason], reason, from_date=from_date, params=params)


def _barrier(applicant: Applicant, who: str) -> str | None:
    """The reason the person cannot ask yet, where `who` may ask, because of their registration or permit, or None."""
    if who == "anyone":
        return None
    if who == "registered":
        return None if applicant.registered else "needs.registration"
    if applicant.permit == "valid":
        return None
    if applicant.permit is None:
        return "needs.permit" if applicant.registered else "needs.registration_and_permit"
    return _PERMIT_BARRIERS[applicant.permit]


_REGISTER_FIRST = frozenset({"needs.registration", "needs.registration_and_permit"})


def who_for(applicant: Applicant, service: Service) -> str:
    """Who may ask for the service where the person lives (the service's own `who` when the place is not known)."""
    return service.who_at(applicant.place_code)


def _who_barrier(applicant: Applicant, service: Service) -> str | None:
    """The reason the person cannot ask yet because of their registration or permit, or None."""
    if applicant.place_code is None and len(service.whos) > 1:
        barriers = {_barrier(applicant, who) for who in service.whos}
        if barriers == _REGISTER_FIRST:
            return "needs.registration_then_place"
    return _barrier(applicant, who_for(applicant, service))


def _child_window(birth_date: date, service: Service) -> tuple[date, date]:
    """First day of the age range and the first day past it: from the min-th birthday to the day before the
    (max + 1)-th."""
    low, high = service.child_age_min or 0, service.child_age_max or 0
    return anniversary(birth_date, low), anniversary(birth_date, high + 1)


def eligibility(applicant: Applicant, service: Service, today: date) -> Eligibility:
    """Whether the person may ask for the service today, and if not, why and what would change it."""
    ages_into: date | None = None
    if service.for_child:
        windows = [_child_window(born, service) for born in applicant.children_birth_dates]
        in_age_now = any(start <= today < end for start, end in windows)
        if not in_age_now:
            coming = [start for start, _ in windows if start > today]
            if not coming:
                return _answer(service, "needs.child_in_age", min=service.child_age_min, max=service.child_age_max)
            ages_into = min(coming)
    barrier = _who_barrier(applicant, service)
    if barrier is not None:
        return _answer(service, barrier)
    if service.adult and (today < applicant.birth_date or age_on(applicant.birth_date, today) < ADULT_AGE):
        return _answer(service, "needs.adult", from_date=anniversary(applicant.birth_date, ADULT_AGE), age=ADULT_AGE)
    if ages_into is not None:
        return _answer(
            service, "child.ages_into", from_date=ages_into, min=service.child_age_min, max=service.child_age_max
        )
    return _answer(service, f"ok.{who_for(applicant, service)}")


def catalogue_for(applicant: Applicant, today: date, services: tuple[Service, ...] | None = None) -> list[Eligibility]:
    """Every service in the catalogue (the shipped one by default) for this person: those they can ask for now
    first, then those they can ask for later, then the rest; catalogue order within each."""
    answers = [
        eligibility(applicant, service, today) for service in (load_catalogue() if services is None else services)
    ]
    return sorted(answers, key=lambda answer: OUTCOMES.index(answer.outcome))
