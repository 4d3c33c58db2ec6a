"""Writing people: the migrant's own profile and their household. Each function commits once, or not at all."""

from datetime import date

from webapp.extensions import db
from webapp.people import placeholders
from webapp.people.models import Person


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
    it becomes the holder's once a coordinator has checked the identity card (an identity claim)."""
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
    head: Person, *, relation: str, name: str, sex: str, ethnicity: str, birth_date: date, id_number: str | None
) -> Person:
    """A spouse, child or other relative on the head's household list (same hukou county as the head)."""
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
