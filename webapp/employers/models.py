"""Employer, EmployerMember and Employment tables."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import Account
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.places.models import Place


class Employer(db.Model):
    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    place: Mapped[Place | None] = relationship()
    members: Mapped[list["EmployerMember"]] = relationship(back_populates="employer", cascade="all, delete-orphan")


class EmployerMember(db.Model):
    """An account that answers for an employer (its HR person, say). An account answers for one organisation only
    (its employer pages are that organisation's): the database holds to it, so that two links of different
    organisations accepted at the same moment cannot join one account to both."""

    __tablename__ = "employer_member"
    __table_args__ = (
        UniqueConstraint("employer_id", "account_id", name="uq_employer_member"),
        UniqueConstraint("account_id", name="uq_employer_member_account_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)

    employer: Mapped[Employer] = relationship(back_populates="members")
    account: Mapped[Account] = relationship()


class Employment(db.Model):
    """A person working for an employer: claimed by the worker or reported by the employer."""

    __tablename__ = "employment"
    #: The few denied claims (a caseload keeps their reports open): found without reading every employment.
    __table_args__ = (
        Index(
            "ix_employment_denied",
            "id",
            postgresql_where=text("status = 'denied'"),
            sqlite_where=text("status = 'denied'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), index=True)
    #: As the worker gave it, when the employer is not (yet) in Xinju.
    employer_name: Mapped[str] = mapped_column(String(120))
    employer_uscc: Mapped[str | None] = mapped_column(String(18))
    #: An unlinked claim's match: an organisation that joined with the code the worker gave, for them to accept
    #: (a code is public: whoever sets up an organisation with it sees nothing of the worker until they do).
    offered_employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"), index=True)
    #: The worker's name as the employer typed it (a hire they reported): all they ever see of the person.
    worker_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    #: migrant (claimed by the worker) or employer (reported by the employer)
    source: Mapped[str] = mapped_column(String(10))
    #: pending, confirmed, denied, unlinked (employer not in Xinju). A hire the employer reports is pending until
    #: the person confirms it (or a coordinator, for a person without an account).
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    answer_reason: Mapped[str] = mapped_column(String(300), default="")
    answered_at: Mapped[datetime | None]
    answer_due: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employer: Mapped[Employer | None] = relationship(foreign_keys=[employer_id])
    offered_employer: Mapped[Employer | None] = relationship(foreign_keys=[offered_employer_id])
    person = relationship("Person")

    @property
    def name_for_employer(self) -> str:
        """What the employer may see of the worker's name: what they typed for a hire they reported (never the
        registered name, which would tell whoever types an ID number who holds it); the worker's own otherwise."""
        return self.worker_name if self.source == "employer" else self.person.name
