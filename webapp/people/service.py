"""Writing people: the migrant's own profile and their household. Each function commits once, or not at all."""

from datetime import date

from webapp.audit import log as audit
from webapp.extensions import db
from webapp.people import placeholders, reference, rules
from webapp.people.models import Person

#: The identity details an office corrects on a person's request (webapp/privacy/correction.py).
IDENTITY_DETAILS = rules.IDENTITY_DETAILS


class IdentityLocked(Exception):
    """The person's own profile would change an identity detail a report or permit already holds
    (rules.identity_locked): only public security corrects it now."""


class CorrectionRefused(Exception):
    """The corrected value cannot be written: the ID number is not valid, or another person's record has it."""

    def __init__(self, error: str):
        super().__init__(error)
        self.error = error


def save_profile(
    person: Person | None,
    account,
    *,
    name: str,
    sex: str,
    ethnicity: str,
    birth_date: date,
    id_number: str,
    phone: str | None,
    hukou_county_code: str,
) -> Person:
    """The account's own person, created the first time (the head of the household), with these details.

    A record someone else entered with this ID number (an employer's hire, a household member) gives the number up;
    it becomes the holder's once a coordinator has checked the identity card (an identity claim).

    Once a report or permit holds the person's identity (rules.identity_locked), the name, date of birth and ID
    number must be the record's own: the form refuses a change next to the field; this refuses it again (raises
    IdentityLocked, nothing written)."""
    if person is not None and rules.identity_locked(person):
        typed = (name, birth_date.isoformat() if birth_date else None, id_number)
        changes = rules.identity_changes(person, **dict(zip(rules.IDENTITY_DETAILS, typed, strict=True)))
        if changes:
            raise IdentityLocked(", ".join(changes))
    entered = placeholders.release(id_number, keep=person)
    if person is None:
        person = Person(account_id=account.id, relation="self")
        db.session.add(person)
    person.name, person.sex, person.ethnicity = name, sex, ethnicity
    person.birth_date, person.id_number = birth_date, id_number
    person.phone, person.hukou_county_code = phone, hukou_county_code
    if entered is not None:
        placeholders.open_claim(person, entered)
    db.session.commit()
    return person


def add_member(
    head: Person,
    *,
    relation: str,
    name: str,
    sex: str,
    ethnicity: str,
    birth_date: date,
    id_number: str | None,
    guardian=None,
) -> Person:
    """A spouse, child or other relative on the head's household list (same hukou county as the head). `guardian`:
    the account whose consent for a child under 14 is recorded with it (webapp/privacy)."""
    member = Person(
        household_of=head,
        relation=relation,
        name=name,
        sex=sex,
        ethnicity=ethnicity,
        birth_date=birth_date,
        id_number=id_number or None,
        hukou_county_code=head.hukou_county_code,
    )
    db.session.add(member)
    if guardian is not None:
        from webapp.privacy import consent  # privacy's corrections and deletion read people

        consent.give(guardian, "child_data", person=member, commit=False)
    db.session.commit()
    return member


def remove_member(member: Person) -> bool:
    """Take someone off the household list; not someone with residence reports (their history stays). False then."""
    from webapp.registrations.models import ResidenceReport  # registrations imports people at module level

    if db.session.scalar(db.select(ResidenceReport.id).where(ResidenceReport.person_id == member.id).limit(1)):
        return False
    db.session.delete(member)
    db.session.commit()
    return True


def correct_identity(person: Person, *, detail: str, value, actor, reason: str = "", commit: bool = True) -> None:
    """An office (public security) corrects the person's name, date of birth or ID number after checking their
    identity card. An ID number is checked again (it may have been taken since it was asked for) and goes through
    the encrypted column, so its blind index follows and the unique index keeps it one person's; the date of birth
    inside it becomes the person's. Audited (which details, not their values). Raises CorrectionRefused."""
    changed = [detail]
    if detail == "name":
        person.name = value
    elif detail == "birth_date":
        person.birth_date = value
    elif detail == "id_number":
        number, error = rules.check_identity(value, None, person=person)
        if error:
            raise CorrectionRefused(error)
        person.id_number = number
        born = reference.birth_date_from_id_number(number)
        if born != person.birth_date:
            person.birth_date = born
            changed.append("birth_date")
    else:
        raise ValueError(f"not an identity detail: {detail!r}")
    audit.record(
        "identity.corrected", actor=actor, subject=person.account, person=person, reason=reason, fields=changed
    )
    db.session.flush()  # the unique index on the ID number's blind index answers now, not at the caller's commit
    if commit:
        db.session.commit()
