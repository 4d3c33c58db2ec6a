"""The Person table. ID numbers are stored whole (a rule needs them), encrypted, and only ever shown masked; they
and mobile numbers are found by their blind index (webapp/security/crypto.py)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import Account
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.security.crypto import ID_NUMBER, PHONE, Encrypted, blind_index, indexed_by


class Person(db.Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(6))
    ethnicity: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[date]
    #: Encrypted at rest; compared only through their blind indexes (kept up to date when the ORM sets them).
    id_number: Mapped[str | None] = mapped_column(Encrypted(ID_NUMBER))
    id_number_index: Mapped[str | None] = mapped_column(String(32), unique=True)
    #: The ID number as it is shown (first and last 4, the rest starred: mask_id_number), kept when the ORM sets it,
    #: so that a caseload of thousands shows them without decrypting one. Not sensitive: it is what every page shows.
    id_number_masked: Mapped[str | None] = mapped_column(String(18))
    phone: Mapped[str | None] = mapped_column(Encrypted(PHONE))
    phone_index: Mapped[str | None] = mapped_column(String(32), index=True)
    hukou_county_code: Mapped[str | None] = mapped_column(String(6))
    #: Household: the person who entered this one (a parent or guardian for a child), and how they are related.
    household_of_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    relation: Mapped[str] = mapped_column(String(10), default="self")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    account: Mapped[Account | None] = relationship()
    household_of: Mapped["Person | None"] = relationship(remote_side=[id], back_populates="members")
    members: Mapped[list["Person"]] = relationship(back_populates="household_of", order_by="Person.birth_date")

    @property
    def masked_id(self) -> str:
        from webapp.people.reference import mask_id_number

        return mask_id_number(self.id_number or "")

    @classmethod
    def id_number_is(cls, number: str):
        """The SQL condition "this person's ID number is `number`" (through the blind index)."""
        return cls.id_number_index == blind_index(ID_NUMBER, number)

    @classmethod
    def phone_is(cls, phone: str):
        return cls.phone_index == blind_index(PHONE, phone)


indexed_by(Person.id_number, Person.id_number_index, ID_NUMBER)


@event.listens_for(Person.id_number, "set")
def _set_masked(target, value, _old, _initiator):
    from webapp.people.reference import mask_id_number

    target.id_number_masked = None if value is None else mask_id_number(value)


indexed_by(Person.phone, Person.phone_index, PHONE)


class IdentityClaim(db.Model):
    """Someone registered with an ID number that was on a record entered by someone else (a hire an employer
    reported, a spouse on a household list): their own record took the number at once; the old record becomes
    theirs when a coordinator has checked their identity card (people/placeholders.py)."""

    __tablename__ = "identity_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The person who registered (with an account).
    claimant_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: The record entered by someone else; None once merged into the claimant's (or removed from a household list).
    placeholder_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    #: The community whose coordinators check (where the employer or the household is), when known.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    #: pending, confirmed, denied
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    claimant: Mapped[Person] = relationship(foreign_keys=[claimant_id])
    placeholder: Mapped[Person | None] = relationship(foreign_keys=[placeholder_id])
