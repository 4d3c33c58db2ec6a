"""RentalProperty, Room and Tenancy tables."""

import hashlib
import secrets
import unicodedata
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import REFERENCE_ALPHABET, Account
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.places.models import Place
from webapp.security.crypto import PHONE, Encrypted, blind_index, indexed_by


def new_rental_code() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def address_key(road: str, number: str, building: str | None, unit: str | None) -> str:
    """The address as the register compares it: full-width digits and letters read as ordinary ones (１８号 is 18号),
    any case, no spaces; hashed to a fixed length (the four parts hold up to 130 characters). A landlord's two
    rentals with one key are one rental: see RentalProperty. Migration 0030 fills it with a copy of this function:
    changing it needs a migration that recomputes every key."""
    parts = (unicodedata.normalize("NFKC", part or "").casefold() for part in (road, number, building, unit))
    joined = "\x1f".join("".join(part.split()) for part in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:32]


class RentalProperty(db.Model):
    """A landlord's rental: one per landlord and address (`address_key`, unique with the landlord and community): the
    same rental sent twice at the same moment (a double tap, two tabs) is refused by the database the second time,
    and that request answers with the first (rentals/service.py: register_property).

    A landlord who deleted their account leaves their rentals on the register (past tenancies name them, records
    the law keeps) without the mobile number: it served tenants to find the landlord, and nobody answers there now
    (privacy/deletion.py); `landlord_phone` is then empty."""

    __tablename__ = "rental_property"
    __table_args__ = (Index("ix_rental_property_address", "landlord_id", "place_id", "address_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    code: Mapped[str] = mapped_column(String(8), unique=True, default=new_rental_code)
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    road: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(30))
    building: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    #: address_key(road, number, building, unit), kept by the ORM on every insert and update (below).
    address_key: Mapped[str] = mapped_column(String(32))
    #: Encrypted at rest, found by its blind index (webapp/security/crypto.py). Empty once the landlord deleted
    #: their account.
    landlord_phone: Mapped[str | None] = mapped_column(Encrypted(PHONE))
    landlord_phone_index: Mapped[str | None] = mapped_column(String(32), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    landlord: Mapped[Account] = relationship()
    place: Mapped[Place] = relationship()
    rooms: Mapped[list["Room"]] = relationship(
        back_populates="property", cascade="all, delete-orphan", order_by="Room.name"
    )

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def landlord_gone(self) -> bool:
        """The landlord deleted their account since (a tenant's past record says "a landlord no longer on Xinju")."""
        return self.landlord is not None and self.landlord.deactivated_at is not None

    @classmethod
    def landlord_phone_is(cls, phone: str):
        """The SQL condition "the landlord's mobile is `phone`" (through the blind index)."""
        return cls.landlord_phone_index == blind_index(PHONE, phone)


class Room(db.Model):
    __tablename__ = "room"
    __table_args__ = (UniqueConstraint("property_id", "name", name="uq_room_property_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("rental_property.id"), index=True)
    name: Mapped[str] = mapped_column(String(20))

    property: Mapped[RentalProperty] = relationship(back_populates="rooms")


class Tenancy(db.Model):
    """A person living in a rental: claimed by the tenant (or reported by the landlord), answered by the landlord.

    A tenant whose landlord is not on Xinju names the landlord (name and mobile): the tenancy is "unlinked", with no
    property. When a landlord registers a rental with that mobile number in the same community, the rental is
    offered to the tenant (`offered_property`: nobody checks that the number is the landlord's, so the landlord sees
    nothing of the tenant yet); once the tenant says it is their landlord, the tenancy waits for that landlord's
    answer. The landlord's mobile as the tenant gave it is shown to the tenant only.
    """

    __tablename__ = "tenancy"
    #: The few denied claims (a caseload keeps their reports open): found without reading every tenancy.
    __table_args__ = (
        Index(
            "ix_tenancy_denied",
            "id",
            postgresql_where=text("status = 'denied'"),
            sqlite_where=text("status = 'denied'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    property_id: Mapped[int | None] = mapped_column(ForeignKey("rental_property.id"), index=True)
    #: As the tenant gave them, when the landlord is not (yet) on Xinju.
    landlord_name: Mapped[str] = mapped_column(String(60), default="")
    landlord_phone: Mapped[str | None] = mapped_column(Encrypted(PHONE))
    landlord_phone_index: Mapped[str | None] = mapped_column(String(32), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"))
    #: An unlinked tenancy's match: a rental registered with the mobile number the tenant gave, for them to accept.
    offered_property_id: Mapped[int | None] = mapped_column(ForeignKey("rental_property.id"), index=True)
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    ended_reported_at: Mapped[datetime | None]
    #: pending (waiting for the landlord), confirmed, denied, unlinked (landlord not on Xinju yet)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    answer_reason: Mapped[str] = mapped_column(String(300), default="")
    answered_at: Mapped[datetime | None]
    answer_due: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    property: Mapped[RentalProperty | None] = relationship(foreign_keys=[property_id])
    offered_property: Mapped[RentalProperty | None] = relationship(foreign_keys=[offered_property_id])
    room: Mapped[Room | None] = relationship()
    person = relationship("Person")


@event.listens_for(RentalProperty, "before_insert")
@event.listens_for(RentalProperty, "before_update")
def _keep_address_key(_mapper, _connection, rental: RentalProperty) -> None:
    rental.address_key = address_key(rental.road, rental.number, rental.building, rental.unit)


indexed_by(RentalProperty.landlord_phone, RentalProperty.landlord_phone_index, PHONE)
indexed_by(Tenancy.landlord_phone, Tenancy.landlord_phone_index, PHONE)
