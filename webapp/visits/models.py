"""Visit and Consent tables.

A visit is made on the coordinator's device, often offline, and carries an id made there (client_id): the same
visit sent twice is stored once. If the report changed on the server after the caseload was downloaded, the visit is
kept with both versions and flagged for review, never applied over the newer report.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import Account
from webapp.clock import utcnow
from webapp.extensions import db


class Outcome(StrEnum):
    """What a coordinator found at a visit (not a report status: the lifecycle turns it into one)."""

    CONFIRMED = "confirmed"  # everything as reported: the report is verified
    CORRECTED = "corrected"
    NOT_FOUND = "not_found"
    MOVED_OUT = "moved_out"
    DECLINED = "declined"


class Visit(db.Model):
    __tablename__ = "visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("residence_report.id"), index=True)
    #: An Outcome
    outcome: Mapped[str] = mapped_column(String(12))
    corrections: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The coordinator's own position when they chose to share it (never the migrant's), with its accuracy.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    recorded_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The report's version when the caseload was downloaded, and when the visit arrived.
    seen_version: Mapped[int]
    server_version: Mapped[int]
    conflict: Mapped[bool] = mapped_column(default=False, index=True)
    #: What the coordinator saw (from the download) and what the server had, kept for review of a conflict.
    seen: Mapped[dict] = mapped_column(JSON, default=dict)
    server: Mapped[dict] = mapped_column(JSON, default=dict)
    #: applied, conflict, kept (a conflict resolved by keeping the newer report), applied_after_review
    state: Mapped[str] = mapped_column(String(24), default="applied")
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))

    coordinator: Mapped[Account] = relationship(foreign_keys=[coordinator_id])
    report = relationship("ResidenceReport")


class Consent(db.Model):
    """A person's consent, recorded by the member of staff who asked for it (e.g. for assisted registration)."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    #: how it was given: spoken, signed
    method: Mapped[str] = mapped_column(String(10))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    person = relationship("Person")


class CaseloadClock(db.Model):
    """One row: the last change number handed out (visits/changes.py takes the next one just before a commit)."""

    __tablename__ = "caseload_clock"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    #: Changes numbered up to this one were deleted by the retention sweep: an older cursor gets the whole caseload.
    pruned: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class CaseloadChange(db.Model):
    """A report of a community touched by the commit numbered `seq`: field mode's cursor asks for those after it."""

    __tablename__ = "caseload_change"
    __table_args__ = (
        Index("ix_caseload_change_place_seq", "place_id", "seq"),
        Index("ix_caseload_change_seq", "seq"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    place_id: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(String(10))
    #: When the change was committed (naive UTC): the retention sweep deletes the old ones (retention.toml).
    at: Mapped[datetime] = mapped_column(default=utcnow)
