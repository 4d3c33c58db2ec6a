"""ServiceRequest and RequestMessage tables."""

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import REFERENCE_ALPHABET
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.services import statuses


def new_request_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class ServiceRequest(db.Model):
    __tablename__ = "service_request"
    #: A county's queue by status; the dashboards' counts (past their target, closed in a period) read the index alone.
    __table_args__ = (Index("ix_service_request_county_status", "county_id", "status", "target_date", "updated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True, default=new_request_reference)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    service_code: Mapped[str] = mapped_column(String(40))
    department: Mapped[str] = mapped_column(String(30), index=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("place.id"))
    details: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[list] = mapped_column(JSON, default=list)  # document ids, given once and reused
    #: A RequestStatus value; it changes only in statuses.py.
    status: Mapped[str] = mapped_column(String(12), default=statuses.INITIAL.value, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    person = relationship("Person")
    county = relationship("Place")
    messages: Mapped[list["RequestMessage"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestMessage.at"
    )

    @property
    def reference_display(self) -> str:
        return f"{self.reference[:4]}-{self.reference[4:]}"

    @property
    def open(self) -> bool:
        return statuses.is_open(self.status)

    @property
    def withdrawn(self) -> bool:
        """The person withdrew it (it is closed, unanswered)."""
        return statuses.is_withdrawn(self.status)


class RequestMessage(db.Model):
    __tablename__ = "request_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    party: Mapped[str] = mapped_column(String(10))  # migrant, officer
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[ServiceRequest] = relationship(back_populates="messages")
    author = relationship("Account")
