"""Checks and changes on people, as plain functions."""

from datetime import date

from sqlalchemy import select

from webapp.extensions import db
from webapp.people import placeholders, reference
from webapp.people.models import Person
from webapp.policy.engine import age_on


def check_identity(
    id_number: str, birth_date: date | None, *, person: Person | None = None, claimable: bool = False
) -> tuple[str | None, str | None]:
    """(the number, None) when it is valid and nobody else has it; (None, error code) otherwise.

    `claimable`: the person registering their own record may take a number held by a record someone else entered
    (people/placeholders.py): it does not lock them out."""
    number, error = reference.check_id_number(id_number, birth_date)
    if error:
        return None, error
    holder = db.session.scalar(select(Person).where(Person.id_number_is(number)))
    if holder is not None and (person is None or holder.id != person.id):
        if claimable and placeholders.is_placeholder(holder):
            return number, None
        return None, "taken"
    return number, None


#: A person's identity details: as on the identity card; public security corrects them once a report holds them
#: (webapp/privacy/correction.py).
IDENTITY_DETAILS = ("name", "birth_date", "id_number")


def identity_locked(person: Person | None) -> bool:
    """Whether the person's name, date of birth and ID number are no longer theirs to change: the authorities hold
    a record built on them, a residence report (whatever its status) or a permit application or permit. From then
    on only public security changes them, on a correction request; before, the person fixes typos freely."""
    if person is None or person.id is None:
        return False
    # registrations and permits import people at module level
    from webapp.permits.models import Permit, PermitApplication
    from webapp.registrations.models import ResidenceReport

    return any(
        db.session.scalar(select(model.id).where(model.person_id == person.id).limit(1)) is not None
        for model in (ResidenceReport, PermitApplication, Permit)
    )


def identity_changes(person: Person, *, name: str | None, birth_date: str | None, id_number: str | None) -> list[str]:
    """The identity details these typed values would change on the person's record, in IDENTITY_DETAILS' order.

    A value left empty (or not sent) keeps the record's; a value equal to the record's (the name trimmed, the date
    as year-month-day, the ID number however spaced or cased) changes nothing."""
    changed = []
    if (name or "").strip() and name.strip() != person.name:
        changed.append("name")
    if (birth_date or "").strip() and birth_date.strip() != person.birth_date.isoformat():
        changed.append("birth_date")
    if (id_number or "").strip():
        number, _error = reference.check_id_number(id_number, None)
        if number != person.id_number:
            changed.append("id_number")
    return changed


def correction_receipt(person: Person) -> str | None:
    """The receipt of the person's newest residence report, whose page takes a request to correct their identity
    details (webapp/privacy/correction.py sends it to public security of that report's county); None without one."""
    from webapp.registrations.models import ResidenceReport  # registrations imports people at module level

    return db.session.scalar(
        select(ResidenceReport.receipt)
        .where(ResidenceReport.person_id == person.id)
        .order_by(ResidenceReport.created_at.desc(), ResidenceReport.id.desc())
        .limit(1)
    )


def is_own_id_number(id_number: str | None, person: Person | None) -> bool:
    """Whether the number typed (in any spacing, width or case) is the person's own: someone adding themselves to
    their own household list, who is on it already as its head."""
    if not id_number or person is None or not person.id_number:
        return False
    number, _error = reference.check_id_number(id_number, None)
    return number is not None and number == person.id_number


#: The legal age to marry (民法典 art. 1047: 男不得早于二十二周岁，女不得早于二十周岁): a husband or wife in a
#: household is at least this old, by the sex recorded for them.
MARRIAGE_AGE = {"male": 22, "female": 20}


def marriage_age(sex: str | None) -> int:
    """The legal age to marry for that sex; with none recorded, the lower one (nobody is refused wrongly)."""
    return MARRIAGE_AGE.get(sex or "", min(MARRIAGE_AGE.values()))


def of_marriage_age(birth_date: date, sex: str | None, today: date) -> bool:
    """Whether someone born on `birth_date` is old enough today to be a husband or wife (completed years, as the
    policy engine counts them: a 29 February birthday counts from 1 March in common years)."""
    return birth_date <= today and age_on(birth_date, today) >= marriage_age(sex)


#: Household members younger than the account holder, and older (the other relations may be either).
YOUNGER = ("child", "grandchild")
OLDER = ("parent", "gparent")


def born_in_order(relation: str, birth_date: date, holder_birth_date: date) -> bool:
    """Whether a member with this relation to the account holder can have been born on `birth_date`: a child or a
    grandchild after the holder, a father, mother or grandparent before; any day for the others."""
    if relation in YOUNGER:
        return birth_date > holder_birth_date
    if relation in OLDER:
        return birth_date < holder_birth_date
    return True
