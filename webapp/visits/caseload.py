"""A coordinator's caseload: what needs a visit in their communities, grouped so a day's walk is one list."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from webapp.accounts.roles import Role
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.policy.workdays import working_days_between
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty, Tenancy

#: [L, Shandong] an online self-report is followed by an in-person visit within 10 working days (DOMAIN.md §2).
VISIT_TARGET_WORKING_DAYS = 10
OPEN_STATUSES = ("submitted", "confirmed", "corrected")


@dataclass
class CaseItem:
    report: ResidenceReport
    age: int  # working days since it was sent
    reasons: list[str]  # awaiting, denied, late

    @property
    def overdue(self) -> bool:
        return self.age > VISIT_TARGET_WORKING_DAYS


@dataclass
class Caseload:
    groups: dict[str, list[CaseItem]] = field(default_factory=dict)
    empty_rentals: list[RentalProperty] = field(default_factory=list)
    lapsing_permits: list = field(default_factory=list)  # (permit, state): endorsement window open, or expiring

    def items(self) -> list[CaseItem]:
        return [item for items in self.groups.values() for item in items]

    def counts(self) -> dict[str, int]:
        items = self.items()
        return {
            "awaiting": sum("awaiting" in i.reasons for i in items),
            "overdue": sum(i.overdue for i in items if "awaiting" in i.reasons),
            "denied": sum("denied" in i.reasons for i in items),
            "late": sum("late" in i.reasons for i in items),
            "empty_rentals": len(self.empty_rentals),
            "lapsing_permits": len(self.lapsing_permits),
        }


def community_ids(coordinator) -> list[int]:
    return [place.id for place in coordinator.scopes(Role.COORDINATOR)]


def open_reports(place_ids: list[int]):
    """Reports that still need a coordinator: not yet verified, or with a denied claim, or reported late."""
    denied_tenancy = exists().where(Tenancy.id == ResidenceReport.tenancy_id, Tenancy.status == "denied")
    denied_job = exists().where(Employment.id == ResidenceReport.employment_id, Employment.status == "denied")
    return (
        select(ResidenceReport)
        .where(
            ResidenceReport.place_id.in_(place_ids),
            ResidenceReport.ended_on.is_(None),
            or_(
                ResidenceReport.status.in_(OPEN_STATUSES[:2]),
                denied_tenancy,
                denied_job,
                (ResidenceReport.late.is_(True)) & (ResidenceReport.status != "verified"),
            ),
            ResidenceReport.status.in_(OPEN_STATUSES),
        )
        .options(
            joinedload(ResidenceReport.person),
            joinedload(ResidenceReport.place),
            joinedload(ResidenceReport.tenancy),
            joinedload(ResidenceReport.employment),
        )
        .order_by(ResidenceReport.created_at, ResidenceReport.id)
    )


def reasons_for(report: ResidenceReport) -> list[str]:
    reasons = []
    if report.status in ("submitted", "confirmed"):
        reasons.append("awaiting")
    if any(c is not None and c.status == "denied" for c in (report.tenancy, report.employment)):
        reasons.append("denied")
    if report.late:
        reasons.append("late")
    return reasons


def group_key(report: ResidenceReport) -> str:
    return " ".join(p for p in (report.place.name, report.road, report.number, report.building) if p)


def caseload_for(coordinator, today: date) -> Caseload:
    place_ids = community_ids(coordinator)
    groups: dict[str, list[CaseItem]] = defaultdict(list)
    for report in db.session.scalars(open_reports(place_ids)).unique():
        age = working_days_between(report.created_at.date(), today)
        groups[group_key(report)].append(CaseItem(report, age, reasons_for(report)))
    occupied = select(Tenancy.property_id).where(Tenancy.ended_on.is_(None), Tenancy.status != "denied")
    empty = db.session.scalars(
        select(RentalProperty)
        .where(RentalProperty.place_id.in_(place_ids), RentalProperty.id.not_in(occupied))
        .options(selectinload(RentalProperty.rooms), joinedload(RentalProperty.place))
        .order_by(RentalProperty.road, RentalProperty.number)
    ).all()
    ordered = dict(sorted(groups.items(), key=lambda kv: min(i.report.created_at for i in kv[1])))
    return Caseload(groups=ordered, empty_rentals=list(empty), lapsing_permits=lapsing_permits(place_ids, today))


def lapsing_permits(place_ids: list[int], today: date) -> list:
    """Permits of people living in these communities that are about to lapse: the endorsement window is open, or a
    fixed-term permit ends within 30 days. A visit is a good moment to remind them."""
    from webapp.permits import rules as permit_rules
    from webapp.permits.models import Permit, PermitApplication

    permits = db.session.scalars(
        select(Permit)
        .join(PermitApplication, PermitApplication.id == Permit.application_id)
        .join(ResidenceReport, ResidenceReport.id == PermitApplication.report_id)
        .where(ResidenceReport.place_id.in_(place_ids), ResidenceReport.ended_on.is_(None), Permit.revoked_on.is_(None))
        .options(selectinload(Permit.endorsements), joinedload(Permit.person))
    ).all()
    found = []
    for permit in permits:
        state = permit_rules.state_on(permit, today)
        window_open = state.window is not None and state.window[0] <= today <= state.window[1]
        ending = permit.valid_until is not None and 0 <= (permit.valid_until - today).days <= 30
        if state.status == "valid" and (window_open or ending):
            found.append((permit, state))
    return found
