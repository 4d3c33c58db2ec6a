"""Records of people entered by someone else with an ID number (a hire an employer reported, a spouse or child on
someone's household list) before the holder of that number registered.

Such a record must not lock the real holder out: when they register with that number, registration succeeds (their
own record takes the number) and the old record waits, as an identity claim, for a coordinator who checks the
person's identity card; once confirmed, what the old record held (jobs, household, reports) becomes theirs."""

from datetime import date

from webapp.extensions import db
from webapp.people import reference
from webapp.people.models import Person


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
