"""An employer's workers and claims, as queries and plain functions."""

from sqlalchemy import select

from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.extensions import db
from webapp.people.models import Person

#: Nobody under this age may be hired (劳动法 art. 15), as the jobs board says too (vacancies.rules, which the
#: employers' package may not import: the jobs board depends on it).
MIN_WORKING_AGE = 16


def employer_of(account) -> Employer | None:
    return db.session.scalar(select(Employer).join(EmployerMember).where(EmployerMember.account_id == account.id))


def employments_query(employer: Employer, *, current: bool = True):
    """The employer's workers (current ones: not left, not denied), oldest first, as a SELECT (paged on their page)."""
    query = (
        select(Employment).where(Employment.employer_id == employer.id).order_by(Employment.created_at, Employment.id)
    )
    if current:
        query = query.where(Employment.ended_on.is_(None), Employment.status != "denied")
    return query


def pending_employments_of(employer: Employer) -> list[Employment]:
    """The employer's workers whose claim waits for an answer (the duty counts them, whatever page is shown)."""
    return db.session.scalars(employments_query(employer).where(Employment.status == "pending")).all()


def awaiting_employer(employments: list[Employment]) -> list[Employment]:
    """The claims that are the employer's to answer: those the workers made (a hire they reported is the worker's)."""
    return [e for e in employments if e.source != "employer"]


def hire_reported_already(employer: Employer, id_number: str) -> bool:
    """Has this employer already reported a hire of this ID number that still stands (waiting for the person, or
    confirmed, and not ended)? The same form sent twice, or a hire reported again: one claim is enough. Only the
    employer's own reports count (what they typed before), so the answer says nothing of who holds the number."""
    return bool(
        db.session.scalar(
            select(Employment.id)
            .join(Person, Employment.person_id == Person.id)
            .where(
                Person.id_number_is(id_number),
                Employment.employer_id == employer.id,
                Employment.source == "employer",
                Employment.status.not_in(("denied", "unlinked")),  # waiting or confirmed
                Employment.ended_on.is_(None),
            )
            .limit(1)
        )
    )


def hire_claims_of(person: Person) -> list[Employment]:
    """Hires employers reported of this person that wait for the person's answer."""
    return db.session.scalars(
        select(Employment)
        .where(Employment.person_id == person.id, Employment.source == "employer", Employment.status == "pending")
        .order_by(Employment.created_at)
    ).all()


def hires_without_account(place_ids: list[int]):
    """Pending hires of people without an account (registered in person, or entered only by the employer), by
    employers in these communities: a coordinator answers for them."""
    return (
        select(Employment)
        .join(Employer, Employment.employer_id == Employer.id)
        .join(Person, Employment.person_id == Person.id)
        .where(
            Employment.source == "employer",
            Employment.status == "pending",
            Person.account_id.is_(None),
            Employer.place_id.in_(place_ids),
        )
        .order_by(Employment.created_at, Employment.id)
    )


def hire_without_account_or_none(employment_id: int, place_ids: list[int]) -> Employment | None:
    return db.session.scalar(hires_without_account(place_ids).where(Employment.id == employment_id))


def hire_answered_already(employment_id: int, place_ids: list[int]) -> bool:
    """A hire by an employer in these communities that is no longer waiting for an answer (a colleague answered, or
    this page was sent twice): the coordinator is told so, rather than "not found"."""
    return bool(
        db.session.scalar(
            select(Employment.id)
            .join(Employer, Employment.employer_id == Employer.id)
            .where(
                Employment.id == employment_id,
                Employment.source == "employer",
                Employment.status != "pending",
                Employer.place_id.in_(place_ids),
            )
        )
    )


def own_hire_claim_or_none(employment_id: int, person: Person | None) -> Employment | None:
    """A hire an employer reported of this person: only theirs to answer."""
    employment = db.session.get(Employment, employment_id)
    if person is None or employment is None or employment.person_id != person.id or employment.source != "employer":
        return None
    return employment


def owned_employment_or_none(employment_id: int, employer: Employer | None) -> Employment | None:
    employment = db.session.get(Employment, employment_id)
    if employer is None or employment is None or employment.employer_id != employer.id:
        return None
    return employment


def offered_to(person) -> list[Employment]:
    """The person's jobs whose employer's code matched an organisation that joined since: waiting for the person to
    say whether it is their employer (webapp/claims)."""
    if person is None:
        return []
    return list(
        db.session.scalars(
            select(Employment).where(Employment.person_id == person.id, Employment.offered_employer_id.is_not(None))
        )
    )
