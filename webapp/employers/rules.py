"""An employer's workers and claims, as queries and plain functions."""

from datetime import date

from sqlalchemy import select

from webapp.clock import utcnow
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.extensions import db
from webapp.people import reference
from webapp.people.models import Person


def employer_of(account) -> Employer | None:
    return db.session.scalar(select(Employer).join(EmployerMember).where(EmployerMember.account_id == account.id))


def employments_of(employer: Employer, *, current: bool = True) -> list[Employment]:
    query = select(Employment).where(Employment.employer_id == employer.id).order_by(Employment.created_at)
    if current:
        query = query.where(Employment.ended_on.is_(None), Employment.status != "denied")
    return db.session.scalars(query).all()


def link_waiting_claims(employer: Employer) -> int:
    """Workers who named this employer before it joined Xinju: their claims now wait for its answer."""
    claims = db.session.scalars(
        select(Employment).where(
            Employment.employer_id.is_(None), Employment.status == "unlinked", Employment.employer_uscc == employer.uscc
        )
    ).all()
    for claim in claims:
        claim.employer, claim.status = employer, "pending"
    return len(claims)


def report_hire(employer: Employer, *, name: str, id_number: str, started_on: date, today: date) -> Employment:
    """The employer reports a hire. A worker not yet in Xinju is added as a person without an account."""
    person = db.session.scalar(select(Person).where(Person.id_number == id_number))
    if person is None:
        birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        person = Person(
            name=name,
            id_number=id_number,
            birth_date=birth,
            sex=reference.sex_from_id_number(id_number),
            ethnicity="97",
            hukou_county_code=id_number[:6],
            relation="self",
        )
        db.session.add(person)
    employment = Employment(
        person=person,
        employer=employer,
        employer_name=employer.name,
        employer_uscc=employer.uscc,
        started_on=started_on,
        source="employer",
        status="confirmed",
        answered_at=utcnow(),
    )
    db.session.add(employment)
    db.session.commit()
    return employment


def owned_employment_or_none(employment_id: int, employer: Employer | None) -> Employment | None:
    employment = db.session.get(Employment, employment_id)
    if employer is None or employment is None or employment.employer_id != employer.id:
        return None
    return employment
