"""ResidenceReport and ReportEvent tables.

A report is one period of residence at one address. A change (a move, a new job) ends the current report and
starts a new one that points back to it, so a person's history is the chain of their reports. The policy
decisions are stored with the report exactly as the person saw them.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import REFERENCE_ALPHABET, Account
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.places.models import Place
from webapp.policy.profiles import Period


def new_receipt_number() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def receipt_display(receipt: str) -> str:
    """A receipt number as people read it: ABCDE-12345."""
    return f"{receipt[:5]}-{receipt[5:]}"


class ResidenceReport(db.Model):
    __tablename__ = "residence_report"
    __table_args__ = (
        #: A community's reports in the caseload's order (oldest first).
        Index("ix_residence_report_place_created", "place_id", "created_at", "id"),
        # Two partial indexes whose conditions are status words are defined where those are: lifecycle.py.
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt: Mapped[str] = mapped_column(String(10), unique=True, default=new_receipt_number)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    #: initial, move, new_job
    kind: Mapped[str] = mapped_column(String(10), default="initial")
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("residence_report.id"))

    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    road: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(30))
    building: Mapped[str] = mapped_column(String(20), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    room: Mapped[str] = mapped_column(String(20), default="")
    housing_type: Mapped[str] = mapped_column(String(20))
    tenancy_id: Mapped[int | None] = mapped_column(ForeignKey("tenancy.id"))
    employment_id: Mapped[int | None] = mapped_column(ForeignKey("employment.id"))

    arrival_date: Mapped[date]
    #: The planned stay as the person told it, a number and its unit (days, months, years) from the arrival date;
    #: both empty when no end is planned. For a commuter: how long they work here.
    stay_count: Mapped[int | None]
    stay_unit: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(16))
    commuter: Mapped[bool] = mapped_column(default=False)
    #: What the permit rules ask, where the person's case needs it (empty otherwise): living in this city since,
    #: a labour contract or business licence since, months of social insurance paid here, full-time study.
    resided_since: Mapped[date | None]
    work_proof: Mapped[str] = mapped_column(String(20), default="none")
    work_proof_since: Mapped[date | None]
    insurance_months: Mapped[int] = mapped_column(default=0)
    full_time_study: Mapped[bool | None]
    #: A tenant's word that they hold a written lease (page two, for a rental its landlord has not registered on
    #: Xinju): a stable home for the permit. None: not asked.
    written_lease: Mapped[bool | None]

    #: A lifecycle.ReportStatus, written only by registrations/lifecycle.py (which sets it when the report is sent).
    status: Mapped[str] = mapped_column(String(10), index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")
    #: The date the change happened (for changes), and whether it was reported after the profile's window.
    changed_on: Mapped[date | None]
    late: Mapped[bool] = mapped_column(default=False)
    #: The landlord or the employer says the person left (lifecycle.claim_ended) while the report is current: it is
    #: on the coordinator's caseload, whatever its status, until a visit (lifecycle._visited) or the report's end.
    left_reported: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Made by the page of the form that sent it (a household member's registration): the same send twice (a
    #: double tap) is stored once. Empty for reports sent any other way.
    client_id: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    ended_on: Mapped[date | None]
    #: move, new_job, deregistered
    end_reason: Mapped[str | None] = mapped_column(String(12))

    profile_id: Mapped[str] = mapped_column(String(30))
    decisions: Mapped[list] = mapped_column(JSON, default=list)
    #: Bumped on every change the coordinator should know about (offline conflicts compare it).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    person = relationship("Person")
    place: Mapped[Place] = relationship()
    submitted_by: Mapped[Account | None] = relationship()
    tenancy = relationship("Tenancy")
    employment = relationship("Employment")
    previous: Mapped["ResidenceReport | None"] = relationship(remote_side=[id])
    events: Mapped[list["ReportEvent"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportEvent.at"
    )

    @property
    def receipt_display(self) -> str:
        return receipt_display(self.receipt)

    @property
    def stay(self):
        """The planned stay as a Period, or None when no end is planned."""
        return Period(self.stay_count, self.stay_unit) if self.stay_count is not None and self.stay_unit else None

    @property
    def disputed(self) -> bool:
        """The landlord or employer said the person does not live or work there: denied the claim, or said they left
        (on a current report only they can have: the person's own move or new job ends the report)."""
        return any(c is not None and (c.status == "denied" or c.ended_on) for c in (self.tenancy, self.employment))


class ReportEvent(db.Model):
    """Who said what about a report, when: the evidence trail behind its status."""

    __tablename__ = "report_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("residence_report.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    #: migrant, landlord, employer, coordinator, system
    party: Mapped[str] = mapped_column(String(12))
    #: A lifecycle.EventAction
    action: Mapped[str] = mapped_column(String(12))
    #: The fields this event speaks to, e.g. ["address", "room"] or ["workplace"].
    fields: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    #: What a correction changed, detail by detail, so the old value is not lost: [{"field": "room", "from": "101",
    #: "to": "102"}] ("to" empty: the detail was cleared; "how": "asked" when made on the resident's request, else at
    #: a visit). Filled by registrations.corrections.correct; the details are plain text columns of the report, so
    #: their old values are too. None on every other event.
    changes: Mapped[list | None] = mapped_column(JSON)

    report: Mapped[ResidenceReport] = relationship(back_populates="events")
    actor: Mapped[Account | None] = relationship()
