"""Writing claims: a landlord or an employer answers one, says the person left, or (a landlord joining Xinju) takes
over the tenancies that named their mobile number; a person (or a coordinator for them) answers a hire an employer
reported. Each function commits once, or not at all; what it does to the reports is the lifecycle's
(webapp/registrations/lifecycle.py)."""

from datetime import date

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.policy import engine
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.registrations.rules import profile_for_change
from webapp.rentals.models import RentalProperty, Tenancy


def reports_for_claim(claim) -> list[ResidenceReport]:
    column = ResidenceReport.tenancy_id if isinstance(claim, Tenancy) else ResidenceReport.employment_id
    return db.session.scalars(select(ResidenceReport).where(column == claim.id)).all()


def answer_claim(claim: Tenancy | Employment, *, actor, party: str, confirm: bool, reason: str) -> None:
    """A landlord answers a tenancy, an employer a workplace: confirmed or denied (with a reason)."""
    claim.status = "confirmed" if confirm else "denied"
    claim.answer_reason = "" if confirm else reason
    claim.answered_at = utcnow()
    for report in reports_for_claim(claim):
        lifecycle.claim_answered(report, claim, actor=actor, party=party)
    db.session.commit()


def claim_ended(claim: Tenancy | Employment, *, actor, party: str, on: date) -> None:
    """A landlord reports a tenant who left, or an employer a worker who left."""
    claim.ended_on = on
    if isinstance(claim, Tenancy):
        claim.ended_reported_at = utcnow()
    for report in reports_for_claim(claim):
        lifecycle.claim_ended(report, actor=actor, party=party, on=on)
    db.session.commit()


def link_waiting_tenancies(rental: RentalProperty, today: date) -> int:
    """Tenants who named this landlord (by mobile number) before the rental was on Xinju, living in its community:
    their tenancies now wait for this landlord's answer, with the usual deadline from today."""
    waiting = db.session.scalars(
        select(Tenancy)
        .join(ResidenceReport, ResidenceReport.tenancy_id == Tenancy.id)
        .where(
            Tenancy.property_id.is_(None),
            Tenancy.status == "unlinked",
            Tenancy.ended_on.is_(None),
            Tenancy.landlord_phone_index == rental.landlord_phone_index,  # blind indexes: the numbers are encrypted
            ResidenceReport.place_id == rental.place_id,
        )
        .distinct()
    ).all()
    if not waiting:
        return 0
    due = engine.landlord_report_deadline(profile_for_change(rental.place.code, today, today), today)
    for tenancy in waiting:
        report = db.session.scalar(
            select(ResidenceReport)
            .where(ResidenceReport.tenancy_id == tenancy.id)
            .order_by(ResidenceReport.created_at.desc())
            .limit(1)
        )
        tenancy.property, tenancy.status, tenancy.answer_due = rental, "pending", due
        tenancy.room = next((r for r in rental.rooms if report is not None and r.name == report.room), None)
    return len(waiting)


def answer_hire(employment: Employment, *, actor, confirm: bool, reason: str) -> None:
    """The person (or a coordinator for a person without an account) confirms or denies a hire."""
    employment.status = "confirmed" if confirm else "denied"
    employment.answer_reason = "" if confirm else reason
    employment.answered_at = utcnow()
    audit.record(
        "employment.answered",
        actor=actor,
        subject=employment.person.account,
        person=employment.person,
        reason="confirmed" if confirm else "denied",
        employment=employment.id,
        employer=employment.employer_id,
    )
    db.session.commit()
