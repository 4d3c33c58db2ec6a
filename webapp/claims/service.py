"""Writing claims: a landlord or an employer answers one or says the person left; a landlord joining Xinju is
offered to the tenants who named their mobile number, who accept or decline (as workers do an employer joining with
the code they gave); a person (or a coordinator for them) answers a hire an employer reported. Each function
commits once, or not at all; what it does to the reports is the lifecycle's (webapp/registrations/lifecycle.py)."""

from datetime import date

from sqlalchemy import or_, select

from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.policy import engine
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.registrations.rules import profile_for_change
from webapp.rentals.models import RentalProperty, Tenancy
from webapp.rentals.rules import open_to_tenants


def reports_for_claim(claim) -> list[ResidenceReport]:
    column = ResidenceReport.tenancy_id if isinstance(claim, Tenancy) else ResidenceReport.employment_id
    return db.session.scalars(select(ResidenceReport).where(column == claim.id)).all()


def newest(reports: list[ResidenceReport]) -> ResidenceReport | None:
    """The latest sent of a claim's reports (a job carried over by a move is on the earlier one too)."""
    return max(reports, key=lambda report: (report.created_at, report.id), default=None)


def answer_claim(claim: Tenancy | Employment, *, actor, party: str, confirm: bool, reason: str) -> None:
    """A landlord answers a tenancy, an employer a workplace: confirmed or denied (with a reason)."""
    claim.status = "confirmed" if confirm else "denied"
    claim.answer_reason = "" if confirm else reason
    claim.answered_at = utcnow()
    reports = reports_for_claim(claim)
    latest = newest(reports)  # the person hears once, about the newest report
    for report in reports:
        lifecycle.claim_answered(report, claim, actor=actor, party=party, tell=report is latest)
    db.session.commit()


def claim_ended(claim: Tenancy | Employment, *, actor, party: str, on: date) -> None:
    """A landlord reports a tenant who left, or an employer a worker who left."""
    claim.ended_on = on
    if isinstance(claim, Tenancy):
        claim.ended_reported_at = utcnow()
    for report in reports_for_claim(claim):
        lifecycle.claim_ended(report, actor=actor, party=party, on=on)
    db.session.commit()


def _matching_rentals(tenancy: Tenancy, place_id: int):
    """Rentals registered with the mobile number the tenant gave for their landlord, in the community they live in."""
    return select(RentalProperty).where(
        RentalProperty.landlord_phone_index == tenancy.landlord_phone_index,  # blind indexes: numbers are encrypted
        RentalProperty.place_id == place_id,
        open_to_tenants(),  # not a deleted landlord's: nobody would answer
    )


def _latest_report(tenancy: Tenancy) -> ResidenceReport | None:
    return db.session.scalar(
        select(ResidenceReport)
        .where(ResidenceReport.tenancy_id == tenancy.id)
        .order_by(ResidenceReport.created_at.desc())
        .limit(1)
    )


def _offer_rental(tenancy: Tenancy, rental: RentalProperty) -> None:
    from flask import url_for

    tenancy.offered_property = rental
    notify(
        tenancy.person.account,
        "tenancy.offered",
        link=url_for("claims.landlord_offer", tenancy_id=tenancy.id),
        dedupe_key=f"tenancy.offered:{tenancy.id}:{rental.id}",
    )


def link_waiting_tenancies(rental: RentalProperty, today: date) -> int:
    """Tenants who named this landlord (by mobile number) before the rental was on Xinju, living in its community:
    the rental is offered to each ("is this your landlord?"). Nobody has checked that the number is this landlord's,
    so the landlord sees nothing of them until they accept (accept_landlord). Returns how many were asked."""
    waiting = db.session.scalars(
        select(Tenancy)
        .join(ResidenceReport, ResidenceReport.tenancy_id == Tenancy.id)
        .where(
            Tenancy.property_id.is_(None),
            Tenancy.offered_property_id.is_(None),
            Tenancy.status == "unlinked",
            Tenancy.ended_on.is_(None),
            Tenancy.landlord_phone_index == rental.landlord_phone_index,
            ResidenceReport.place_id == rental.place_id,
        )
        .distinct()
    ).all()
    for tenancy in waiting:
        _offer_rental(tenancy, rental)
    return len(waiting)


def accept_landlord(tenancy: Tenancy, *, actor, today: date) -> None:
    """The tenant says the rental offered is their landlord's: the tenancy now waits for that landlord's answer,
    with the usual deadline from today."""
    rental = tenancy.offered_property
    due = engine.landlord_report_deadline(profile_for_change(rental.place.code, today, today), today)
    report = _latest_report(tenancy)
    tenancy.property, tenancy.offered_property, tenancy.status, tenancy.answer_due = rental, None, "pending", due
    tenancy.room = next((r for r in rental.rooms if report is not None and r.name == report.room), None)
    audit.record("tenancy.offer_accepted", actor=actor, person=tenancy.person, tenancy=tenancy.id, rental=rental.id)
    db.session.commit()


def decline_landlord(tenancy: Tenancy, *, actor) -> None:
    """The tenant says the rental offered is not their landlord's: it is forgotten, and another rental registered
    with the same number in the community (by another landlord) is offered instead, if there is one."""
    declined = tenancy.offered_property
    tenancy.offered_property = None
    report = _latest_report(tenancy)
    other = None
    if report is not None:
        other = db.session.scalar(
            _matching_rentals(tenancy, report.place_id)
            .where(RentalProperty.landlord_id != declined.landlord_id)
            .order_by(RentalProperty.id.desc())
            .limit(1)
        )
    if other is not None:
        _offer_rental(tenancy, other)
    audit.record("tenancy.offer_declined", actor=actor, person=tenancy.person, tenancy=tenancy.id, rental=declined.id)
    db.session.commit()


def accept_employer(employment: Employment, *, actor, today: date) -> None:
    """The worker says the organisation offered is their employer: the claim now waits for its answer, with the
    usual deadline from today (as a landlord's, accept_landlord), counted by the rules where the report is."""
    employer = employment.offered_employer
    employment.employer, employment.offered_employer, employment.status = employer, None, "pending"
    employment.employer_name = employer.name
    report = newest(reports_for_claim(employment))
    if report is not None:
        profile = profile_for_change(report.place.code, today, today)
        employment.answer_due = engine.employer_report_deadline(profile, today)
    _one_job(employment.person_id, employer.id, actor=actor)  # a hire it reported, confirmed already: one job
    audit.record(
        "employment.offer_accepted",
        actor=actor,
        person=employment.person,
        employment=employment.id,
        employer=employer.id,
    )
    db.session.commit()


def decline_employer(employment: Employment, *, actor) -> None:
    """The worker says the organisation offered is not their employer (a code is public): it is forgotten."""
    employer = employment.offered_employer
    employment.offered_employer = None
    audit.record(
        "employment.offer_declined",
        actor=actor,
        person=employment.person,
        employment=employment.id,
        employer=employer.id,
    )
    db.session.commit()


def _one_job(person_id: int, employer_id: int | None, *, actor) -> None:
    """A hire the employer reported and the person confirmed is the job their report names too: the report's own
    claim on that employer (named by name or code, waiting for the person's yes or the employer's answer) gives way
    to it, so the employer sees one worker, once, under the name they typed. The report then stands confirmed by the
    employer (who reported the hire)."""
    current = Employment.person_id == person_id, Employment.ended_on.is_(None)
    hire = db.session.scalar(
        select(Employment).where(
            *current,
            Employment.source == "employer",
            Employment.employer_id == employer_id,
            Employment.status == "confirmed",
        )
    )
    if hire is None:
        return
    claims = db.session.scalars(
        select(Employment).where(
            *current,
            Employment.source == "migrant",
            Employment.status.in_(("pending", "unlinked")),
            or_(Employment.employer_id == employer_id, Employment.offered_employer_id == employer_id),
        )
    ).all()
    for claim in claims:
        for report in reports_for_claim(claim):
            report.employment = hire
            lifecycle.claim_answered(report, hire, actor=actor, party="employer", tell=False)
        audit.record("employment.merged", actor=actor, person=hire.person, employment=hire.id, claim=claim.id)
        db.session.delete(claim)


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
    if not confirm and employment.employer is not None:  # the organisation that reported it is told, not left waiting
        for member in employment.employer.members:
            notify(
                member.account,
                "employment.hire_denied",
                link=f"/employer/employments/{employment.id}",
                name=employment.name_for_employer,
            )
    if confirm:
        _one_job(employment.person_id, employment.employer_id, actor=actor)
    db.session.commit()
