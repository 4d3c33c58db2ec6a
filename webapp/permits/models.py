"""PermitApplication, Permit and Endorsement tables."""

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db


def new_permit_number(city_code: str) -> str:
    """12 digits: the city's 4-digit code and 8 random digits (not a sequence: numbers reveal nothing)."""
    return city_code[:4] + "".join(secrets.choice("0123456789") for _ in range(8))


class PermitApplication(db.Model):
    __tablename__ = "permit_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("residence_report.id"), index=True)
    #: The county whose public-security officers review it.
    county_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="new")  # new, renewal, replacement
    permit_type: Mapped[str] = mapped_column(String(12))
    validity_months: Mapped[int | None]
    profile_id: Mapped[str] = mapped_column(String(30))
    #: submitted, missing (documents asked for), approved, refused
    status: Mapped[str] = mapped_column(String(10), default="submitted", index=True)
    documents: Mapped[dict] = mapped_column(JSON, default=dict)  # kind -> document id
    missing: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    target_date: Mapped[date]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    replaces_id: Mapped[int | None]

    person = relationship("Person")
    report = relationship("ResidenceReport")
    county = relationship("Place")

    #: The officers' list of decided applications, the latest first, per county (views.decided).
    __table_args__ = (Index("ix_permit_application_county_decided", "county_id", "decided_at"),)


class Permit(db.Model):
    __tablename__ = "permit"
    __table_args__ = (
        #: A person's permits in force with the dates the caseload's reminders read (its permits about to lapse are
        #: found from a community's people, one look-up each, without reading the permits themselves).
        Index(
            "ix_permit_holder_in_force",
            "person_id",
            "issued_on",
            "valid_until",
            "id",
            postgresql_where=text("revoked_on IS NULL"),
            sqlite_where=text("revoked_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("permit_application.id"), index=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    permit_type: Mapped[str] = mapped_column(String(12))
    profile_id: Mapped[str] = mapped_column(String(30))
    photo_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    issued_on: Mapped[date]
    #: None when the permit does not expire but is endorsed yearly (national scheme).
    valid_until: Mapped[date | None]
    revoked_on: Mapped[date | None]
    revoked_reason: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person = relationship("Person")
    county = relationship("Place")
    application = relationship("PermitApplication")
    photo = relationship("Document")
    endorsements: Mapped[list["Endorsement"]] = relationship(
        back_populates="permit", cascade="all, delete-orphan", order_by="Endorsement.year"
    )


class Endorsement(db.Model):
    """The yearly endorsement (签注) of a permit, for its `year`-th anniversary."""

    __tablename__ = "endorsement"

    id: Mapped[int] = mapped_column(primary_key=True)
    permit_id: Mapped[int] = mapped_column(ForeignKey("permit.id"), index=True)
    year: Mapped[int]
    endorsed_on: Mapped[date]

    permit: Mapped[Permit] = relationship(back_populates="endorsements")
