"""Vacancy and Referral tables."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db


class Vacancy(db.Model):
    """A job an employer offers. Shown on the public board once the county's job-services office approved it, until
    its closing date (then expired by `flask jobs run`) or until the office takes it down."""

    __tablename__ = "vacancy"
    #: The public board: approved postings of a county, still open, by kind and wage.
    __table_args__ = (Index("ix_vacancy_board", "status", "county_id", "closes_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # a "work_kind" label code
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))  # the village or community of the workplace
    county_id: Mapped[int] = mapped_column(ForeignKey("place.id"))  # its county: whose office reviews it
    wage_min: Mapped[int]  # yuan a month
    wage_max: Mapped[int]
    hours: Mapped[str] = mapped_column(String(100))
    housing: Mapped[bool] = mapped_column(default=False)
    requirements: Mapped[str] = mapped_column(Text, default="")
    min_age: Mapped[int] = mapped_column(default=16)  # 16, or 18 for work minors may not do
    how_to_apply: Mapped[str] = mapped_column(Text)
    closes_on: Mapped[date]
    #: pending (waiting for review), approved (shown), taken_down (by the office), expired (past closes_on)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was taken down, for the employer
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    reviewed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    employer = relationship("Employer")
    place = relationship("Place", foreign_keys=[place_id])
    county = relationship("Place", foreign_keys=[county_id])
    created_by = relationship("Account", foreign_keys=[created_by_id])
    referrals: Mapped[list["Referral"]] = relationship(back_populates="vacancy", order_by="Referral.created_at")


class Referral(db.Model):
    """A migrant's request for a free referral to a vacancy, or a training place for it: the service request it
    made (the job-services queue answers it), and whether the person shares their details with the employer."""

    __tablename__ = "referral"
    __table_args__ = (UniqueConstraint("vacancy_id", "person_id", "kind", name="uq_referral"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # referral, training
    shared: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vacancy: Mapped[Vacancy] = relationship(back_populates="referrals")
    person = relationship("Person")
    request = relationship("ServiceRequest")
