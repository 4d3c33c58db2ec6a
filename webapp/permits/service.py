"""Writing permits: apply, review, issue, endorse, renew, replace, revoke. Each function commits once."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import aliased

from webapp import clock
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.permits import rules
from webapp.permits.models import Endorsement, Permit, PermitApplication, new_permit_number
from webapp.places.models import Place
from webapp.registrations import lifecycle
from webapp.registrations import rules as report_rules
from webapp.registrations.models import ResidenceReport
from webapp.registrations.service import current_report


def permit_decision(report, today: date | None = None):
    """The permit decision of a report as it stands today, when it says the person may apply now."""
    for decision in report_rules.decisions_today(report, today or clock.today()):
        if decision.topic == "permit" and decision.outcome == "eligible":
            return decision
    return None


def county_of(place):
    return next(p for p in place.lineage() if p.level == "county")


def lives_in_county(application: PermitApplication) -> bool:
    """Does the applicant still live in the application's county (a current report there)? A move within the county
    keeps it; leaving, or a move to another county, while the application waits does not: no permit is issued then."""
    report = current_report(application.person)
    return report is not None and county_of(report.place).id == application.county_id


#: How far back the officer's page follows a person's chain of reports (moves, new jobs) to the one applied on.
CHAIN_LIMIT = 50


@dataclass(frozen=True)
class Residence:
    """Where an applicant lives now, against the report the application was made on: an application is judged on
    the person's current residence in its county (a move within the county keeps it, leaving does not)."""

    #: The report the application was made on (its address is where the person lived when they applied).
    applied_on: ResidenceReport
    #: The person's current report in the application's county; None when they have none there (they left it, or
    #: moved to another county).
    current: ResidenceReport | None
    #: The day of the latest move within the county since the application was made on `applied_on`, if any.
    moved_on: date | None = None
    #: The day the person left the county (moved to another, or deregistered), when they have; None if not known.
    left_on: date | None = None

    @property
    def in_county(self) -> bool:
        return self.current is not None

    @property
    def changed(self) -> bool:
        """The current report is another than the one applied on (a move, a new job, a new registration)."""
        return self.current is not None and self.current.id != self.applied_on.id


def reports_since(applied_on: ResidenceReport, latest: ResidenceReport) -> list[ResidenceReport]:
    """The reports after `applied_on` up to `latest`, oldest first, following each report back to the one it
    replaced; the whole chain back from `latest` when it does not lead to `applied_on` (registered anew)."""
    chain, report = [], latest
    while report is not None and report.id != applied_on.id and len(chain) < CHAIN_LIMIT:
        chain.append(report)
        report = report.previous
    return chain[::-1]


def latest_report(person) -> ResidenceReport | None:
    """The person's newest report, whatever its status (ended ones too)."""
    return db.session.scalar(
        select(ResidenceReport)
        .where(ResidenceReport.person_id == person.id)
        .order_by(ResidenceReport.created_at.desc(), ResidenceReport.id.desc())
        .limit(1)
    )


def residence_of(application: PermitApplication) -> Residence:
    """Where the applicant lives now, as the officer deciding the application sees it (see Residence)."""
    applied_on = application.report
    current = current_report(application.person)
    if current is not None and county_of(current.place).id == application.county_id:
        since = reports_since(applied_on, current) if current.id != applied_on.id else []
        moves = [r for r in since if r.kind == "move"]
        moved_on = (moves[-1].changed_on or moves[-1].arrival_date) if moves else None
        return Residence(applied_on=applied_on, current=current, moved_on=moved_on)
    if current is not None:  # moved to another county: the day they moved there (nothing else of it is shown)
        return Residence(applied_on=applied_on, current=None, left_on=current.changed_on or current.arrival_date)
    latest = latest_report(application.person) or applied_on
    return Residence(applied_on=applied_on, current=None, left_on=latest.ended_on)


#: What the officer's queue says of an applicant's residence since applying (the review page says it in full, see
#: Residence): moved to another address in the county; now living in another county; no current report at all.
MOVED, ELSEWHERE, ENDED = "moved", "elsewhere", "no_report"


@cache
def _moves_statement():
    """moves_since_applying's SELECT, built once (aliases are costly to build on every view of the queue); parameter
    `ids`, the page's applications."""
    applied, current, later = aliased(ResidenceReport), aliased(ResidenceReport), aliased(ResidenceReport)
    county, here = aliased(Place), aliased(Place)
    # The place of the person's current report, as current_report finds it.
    current_code = (
        select(here.code)
        .join(current, current.place_id == here.id)
        .where(current.person_id == PermitApplication.person_id, lifecycle.current(current))
        .order_by(current.created_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Reports are numbered as they are made: a move after the report applied on has a higher number.
    moved = exists().where(
        later.person_id == PermitApplication.person_id,
        later.kind == "move",
        later.id > applied.id,
        lifecycle.counted(later),
    )
    return (
        select(PermitApplication.id, county.code, current_code, moved)
        .join(applied, applied.id == PermitApplication.report_id)
        .join(county, county.id == PermitApplication.county_id)
        .where(PermitApplication.id.in_(bindparam("ids", expanding=True)))
    )


def moves_since_applying(application_ids) -> dict[int, str]:
    """For a page of the officer's queue: the applications whose applicant moved, left the county or has no current
    report since applying (MOVED, ELSEWHERE, ENDED); the others are absent. One statement for the whole page (never
    one per row): each row's current report, as current_report finds it, and whether a move was reported after the
    report applied on. The review page follows the chain of reports exactly (residence_of); here any move reported
    since then counts, while the person lives in the county now."""
    if not application_ids:
        return {}
    rows = db.session.execute(_moves_statement(), {"ids": list(application_ids)})
    found = {}
    for application_id, county_code, code, has_moved in rows:
        if code is None:
            found[application_id] = ENDED
        elif not code.startswith(county_code):
            found[application_id] = ELSEWHERE
        elif has_moved:
            found[application_id] = MOVED
    return found


@cache
def _current_permit_statement():
    """current_permit's SELECT, built once (the home, permit and services pages ask on every view)."""
    return (
        select(Permit)
        .where(Permit.person_id == bindparam("person_id"), Permit.revoked_on.is_(None))
        .order_by(Permit.issued_on.desc())
        .limit(1)
    )


def current_permit(person) -> Permit | None:
    return db.session.scalar(_current_permit_statement(), {"person_id": person.id})


#: An application waiting for the officer: sent, or waiting for documents the officer asked for. Only these are
#: decided, and only these may be withdrawn by the person.
WAITING = ("submitted", "missing")
#: Closed for good: decided by the officer, or withdrawn by the person before a decision.
CLOSED = ("approved", "refused", "withdrawn")


def open_application(person) -> PermitApplication | None:
    return db.session.scalar(
        select(PermitApplication).where(PermitApplication.person_id == person.id, PermitApplication.status.in_(WAITING))
    )


def latest_application(person) -> PermitApplication | None:
    """The person's latest application, whatever its status."""
    return db.session.scalar(
        select(PermitApplication)
        .where(PermitApplication.person_id == person.id)
        .order_by(PermitApplication.submitted_at.desc(), PermitApplication.id.desc())
        .limit(1)
    )


def last_refused(person) -> PermitApplication | None:
    """The person's latest application, when it was refused: the permit page says so, with the reason, rather than
    only "you can apply" as if nothing had happened. A later application withdrawn hides an earlier refusal."""
    latest = latest_application(person)
    return latest if latest is not None and latest.status == "refused" else None


def withdraw(application: PermitApplication, account) -> bool:
    """The person withdraws their waiting application (the caller checks it is theirs): the officer will not decide
    it, and the person may apply again. `decided_at` keeps when it was withdrawn (no officer: `decided_by_id` stays
    empty). False, changing nothing, when it no longer waits (withdrawn already, a double send; or decided
    meanwhile). The row is locked first: an officer's decision at the same moment waits, then finds it withdrawn."""
    db.session.refresh(application, with_for_update=True)
    if application.status not in WAITING:
        db.session.rollback()
        return False
    application.status, application.decided_at = "withdrawn", utcnow()
    audit.record(
        "permit.withdrawn", actor=account, subject=account, person=application.person, application=application.id
    )
    db.session.commit()
    return True


def apply(
    person, report, documents: dict, *, kind: str = "new", replaces: Permit | None = None, today: date
) -> PermitApplication:
    decision = permit_decision(report, today)
    params = dict(decision.params) if decision else {}
    # The permit follows the rules that grant it today (its type, validity, endorsements), not those the report was
    # sent under: a report sent under a profile since replaced is decided, and stamped, by today's.
    if decision is not None:
        profile_id = decision.profile_id
    else:
        profile_id = replaces.profile_id if replaces else report.profile_id
    if kind == "replacement" and replaces is not None:
        # A new card of the same permit (see approve): its type and rules, not today's; no new term.
        params = {"type": replaces.permit_type}
        profile_id = replaces.profile_id
    application = PermitApplication(
        person=person,
        report=report,
        county=county_of(report.place),
        kind=kind,
        permit_type=params.get("type", replaces.permit_type if replaces else "standard"),
        validity_months=params.get("validity_months"),
        profile_id=profile_id,
        documents=documents,
        missing=rules.missing_documents(documents, report),
        target_date=rules.target_date(today, profile_id),
        replaces_id=replaces.id if replaces else None,
    )
    db.session.add(application)
    db.session.commit()
    return application


def asked_documents(application: PermitApplication | None) -> list[str]:
    """The documents an officer asked the person for, still to be uploaded again (none unless it waits for them)."""
    return list(application.missing) if application is not None and application.status == "missing" else []


def add_documents(application: PermitApplication, uploaded: dict) -> None:
    """Documents newly uploaded for an open application (kind -> document id). The officer's list of documents asked
    for loses only those uploaded again now; the application goes back to the officer once none is left."""
    application.documents = {**application.documents, **uploaded}
    if application.status == "missing":
        application.missing = rules.not_given_again(application.missing, uploaded)
        if not application.missing:
            application.status = "submitted"
    db.session.commit()


def ask_for_documents(application: PermitApplication, officer, missing: list[str], reason: str) -> None:
    application.status, application.missing, application.reason = "missing", missing, reason
    notify(application.person.account, "permit.missing", link="/me/permit")
    db.session.commit()


def refuse(application: PermitApplication, officer, reason: str) -> None:
    application.status, application.reason = "refused", reason
    application.decided_at, application.decided_by_id = utcnow(), officer.id
    notify(application.person.account, "permit.refused", link="/me/permit", reason=reason)
    db.session.commit()


def approve(application: PermitApplication, officer, today: date) -> Permit:
    """Issue the permit. A replacement or renewal takes the place of the permit it replaces. A renewal is a new
    term from today; a replacement is a new card (a new number: the lost card no longer checks) of the same permit:
    its issue date, last valid day and endorsements (an endorsement anniversary or a suspension is not escaped by
    losing the card, nor a term lengthened)."""
    application.status = "approved"
    application.decided_at, application.decided_by_id = utcnow(), officer.id
    old = db.session.get(Permit, application.replaces_id) if application.replaces_id else None
    if old is not None and old.revoked_on is None:
        old.revoked_on, old.revoked_reason = today, application.kind
    number = new_permit_number(application.county.code)
    while db.session.scalar(select(Permit.id).where(Permit.number == number)):
        number = new_permit_number(application.county.code)
    same_permit = old if application.kind == "replacement" and old is not None else None
    permit = Permit(
        number=number,
        person=application.person,
        application=application,
        county=application.county,
        permit_type=same_permit.permit_type if same_permit else application.permit_type,
        profile_id=same_permit.profile_id if same_permit else application.profile_id,
        photo_id=application.documents["photo"],
        issued_on=same_permit.issued_on if same_permit else today,
        valid_until=same_permit.valid_until if same_permit else rules.valid_until(today, application.validity_months),
    )
    if same_permit:
        permit.endorsements = [Endorsement(year=e.year, endorsed_on=e.endorsed_on) for e in same_permit.endorsements]
    db.session.add(permit)
    notify(application.person.account, "permit.approved", link="/me/permit")
    db.session.commit()
    return permit


def endorse(permit: Permit, today: date) -> list[Endorsement]:
    """Endorse the permit today: every year due by now (rules.years_to_endorse: a late endorsement restores a
    suspended permit at once). Nothing when nothing is due (a form sent twice)."""
    endorsements = [
        Endorsement(permit=permit, year=year, endorsed_on=today) for year in rules.years_to_endorse(permit, today)
    ]
    db.session.add_all(endorsements)
    db.session.commit()
    return endorsements


def revoke_for(person, today: date, reason: str = "deregistered") -> None:
    """Leaving the county revokes the permit (called from deregistration)."""
    for permit in db.session.scalars(select(Permit).where(Permit.person_id == person.id, Permit.revoked_on.is_(None))):
        permit.revoked_on, permit.revoked_reason = today, reason
