"""Records of people entered by someone else with an ID number (a hire an employer reported, a spouse or child on
someone's household list) before the holder of that number registered.

Such a record must not lock the real holder out: when they register with that number, registration succeeds (their
own record takes the number) and the old record waits, as an identity claim, for a coordinator who checks the
person's identity card; once confirmed, what the old record held (jobs, household, reports) becomes theirs."""

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from webapp.accounts.models import RoleGrant
from webapp.accounts.roles import Role
from webapp.audit import log as audit
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.people import reference
from webapp.people.models import IdentityClaim, Person


def create(*, name: str, id_number: str) -> Person:
    """A record for a number nobody has registered, with what the ID number itself says (added, not committed)."""
    person = Person(
        name=name,
        id_number=id_number,
        birth_date=date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14])),
        sex=reference.sex_from_id_number(id_number),
        ethnicity="97",
        hukou_county_code=id_number[:6],
        relation="self",
    )
    db.session.add(person)
    return person


def is_placeholder(person: Person) -> bool:
    """Entered by someone else with this number and never taken over: no account, and on someone's household list
    or reported as hired by an employer. (A person a coordinator registered in person takes over with a link.)
    Or left by an account its holder deleted (the law keeps its past reports): whoever registers with the number
    again takes it, and the old record becomes theirs once a coordinator has checked the identity card."""
    from webapp.employers.models import Employment

    if person.account_id is not None:  # deleted by its holder: deactivated, and no staff role left (deletion waits
        account = person.account  # for it to go); a staff account an administrator deactivated is not deleted
        return account is not None and account.deactivated_at is not None and not account.is_staff()
    if person.household_of_id is not None:
        return True
    hired = select(Employment.id).where(Employment.person_id == person.id, Employment.source == "employer")
    return db.session.scalar(hired.limit(1)) is not None


def release(number: str, *, keep: Person | None) -> Person | None:
    """Before a registering person's record takes `number`: the placeholder holding it gives it up (flushed, so
    the number is free). Returns that placeholder, for open_claim, or None."""
    holder = db.session.scalar(select(Person).where(Person.id_number_is(number)))
    if holder is None or holder is keep or not is_placeholder(holder):
        return None
    holder.id_number = None
    db.session.flush()
    return holder


def open_claim(claimant: Person, placeholder: Person) -> IdentityClaim:
    """The claim a coordinator checks; the coordinators of the placeholder's community are told (not committed)."""

    claim = IdentityClaim(claimant=claimant, placeholder=placeholder, place_id=community_of(placeholder))
    db.session.add(claim)
    db.session.flush()
    tell_coordinators(claim.place_id, "identity.claim", link=f"/coordinator/identity-claims/{claim.id}")
    return claim


def tell_coordinators(place_id: int | None, kind: str, *, link: str) -> None:
    """Notify the coordinators of a community (added to the transaction)."""
    if place_id is None:
        return
    grants = select(RoleGrant).where(RoleGrant.role == Role.COORDINATOR.value, RoleGrant.place_id == place_id)
    for grant in db.session.scalars(grants):
        notify(grant.account, kind, link=link)


def community_of(placeholder: Person) -> int | None:
    """Where the record was entered: the community of its own last residence report (a deleted account's), of the
    employer that reported the hire, or where the household that listed the person lives."""
    from webapp.employers.models import Employer, Employment
    from webapp.registrations.models import ResidenceReport

    own = db.session.scalar(
        select(ResidenceReport.place_id)
        .where(ResidenceReport.person_id == placeholder.id)
        .order_by(ResidenceReport.created_at.desc(), ResidenceReport.id.desc())
        .limit(1)
    )
    if own is not None:
        return own

    employer_place = db.session.scalar(
        select(Employer.place_id)
        .join(Employment, Employment.employer_id == Employer.id)
        .where(Employment.person_id == placeholder.id, Employer.place_id.is_not(None))
        .order_by(Employment.created_at.desc())
        .limit(1)
    )
    if employer_place is not None or placeholder.household_of_id is None:
        return employer_place
    return db.session.scalar(
        select(ResidenceReport.place_id)
        .where(ResidenceReport.person_id == placeholder.household_of_id, ResidenceReport.ended_on.is_(None))
        .order_by(ResidenceReport.created_at.desc())
        .limit(1)
    )


def claim_places(claim: IdentityClaim) -> set[int]:
    """The communities whose coordinators may check this claim: the record's, and where the claimant lives now."""
    from webapp.registrations.models import ResidenceReport

    living = db.session.scalars(
        select(ResidenceReport.place_id).where(
            ResidenceReport.person_id == claim.claimant_id, ResidenceReport.ended_on.is_(None)
        )
    )
    return {p for p in (claim.place_id, *living) if p is not None}


def claims_for(place_ids: list[int], *, not_of_account: int | None = None):
    """The pending claims these communities' coordinators may check (as claim_places: the record's community, or
    where the claimant lives now), oldest first, as a SELECT (paged on its page). `not_of_account`: never the
    claims of this account's own record (a second person checks the identity card)."""
    from webapp.registrations.models import ResidenceReport

    living_here = (
        select(ResidenceReport.id)
        .where(
            ResidenceReport.person_id == IdentityClaim.claimant_id,
            ResidenceReport.ended_on.is_(None),
            ResidenceReport.place_id.in_(place_ids),
        )
        .exists()
    )
    query = (
        select(IdentityClaim)
        .where(IdentityClaim.status == "pending", or_(IdentityClaim.place_id.in_(place_ids), living_here))
        .options(selectinload(IdentityClaim.claimant))
        .order_by(IdentityClaim.created_at, IdentityClaim.id)
    )
    if not_of_account is not None:
        claimant = select(Person.id).where(Person.id == IdentityClaim.claimant_id, Person.account_id == not_of_account)
        query = query.where(~claimant.exists())
    return query


def decide(claim: IdentityClaim, *, actor, confirm: bool) -> None:
    """A coordinator has seen the claimant's identity card. Confirmed: everything the old record held (jobs, household,
    reports) becomes the claimant's and the old record goes; pending hires wait for the claimant's own answer.
    Denied: the number goes back to the old record and the claimant's record has none. Commits."""
    claimant, placeholder = claim.claimant, claim.placeholder
    claim.status, claim.decided_at, claim.decided_by_id = ("confirmed" if confirm else "denied"), utcnow(), actor.id
    if confirm and placeholder is not None:
        _merge(placeholder, into=claimant)
        claim.placeholder = None
        db.session.flush()
        db.session.delete(placeholder)
    if confirm:
        for hire in _pending_hires(claimant):
            notify(
                claimant.account,
                "employment.claimed",
                link=f"/me/jobs/{hire.id}",
                employer=hire.employer_name,
                date=hire.started_on.isoformat(),
            )
    else:
        number, claimant.id_number = claimant.id_number, None
        db.session.flush()
        if placeholder is not None:
            placeholder.id_number = number
    audit.record(
        "identity.claimed" if confirm else "identity.claim_denied",
        actor=actor,
        subject=claimant.account,
        person=claimant,
        claim=claim.id,
        **{"as": "coordinator"},
    )
    db.session.commit()


def _merge(placeholder: Person, *, into: Person) -> None:
    """Point every row that names the placeholder (through the ORM, so the summaries see the change) at `into`."""
    for mapper in db.Model.registry.mappers:
        if mapper.class_ is IdentityClaim:
            continue
        for column in mapper.local_table.columns:
            if not any(fk.column.table.name == "person" and fk.column.name == "id" for fk in column.foreign_keys):
                continue
            key = mapper.get_property_by_column(column).key
            for row in db.session.scalars(select(mapper.class_).where(column == placeholder.id)):
                setattr(row, key, into.id)
    if into.household_of_id is None and placeholder.household_of_id is not None:
        into.household_of_id, into.relation = placeholder.household_of_id, placeholder.relation
    db.session.flush()
    db.session.expire_all()


def _pending_hires(person: Person):
    from webapp.employers.models import Employment

    return db.session.scalars(
        select(Employment).where(
            Employment.person_id == person.id, Employment.source == "employer", Employment.status == "pending"
        )
    ).all()


def holdings(placeholder: Person | None) -> dict:
    """What the record entered by someone else holds, for the coordinator who checks the claim (nothing once it
    was removed from the household list it was on)."""
    from webapp.employers.models import Employment

    if placeholder is None:
        return {"jobs": [], "household_of": None}
    jobs = db.session.scalars(select(Employment).where(Employment.person_id == placeholder.id)).all()
    return {"jobs": jobs, "household_of": placeholder.household_of}
