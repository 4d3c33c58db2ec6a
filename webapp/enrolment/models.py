"""The OneTimeLink table."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.accounts.models import Account
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.places.models import Place


class LinkPurpose:
    ENROL = "enrol"
    RECOVER = "recover"
    CLAIM = "claim"  # a person registered with help takes over their record on their own phone
    COLLEAGUE = "colleague"  # someone of an organisation on Xinju asks a colleague to answer for it with them


class OneTimeLink(db.Model):
    """An enrolment link (staff), a recovery link (after an in-person identity check), a claim link (a person
    registered with help) or a colleague's link (to answer for an organisation).

    Only a hash of the token is stored: the link itself is shown once, to the person who made it.
    """

    __tablename__ = "one_time_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # enrol: who is being invited and to what
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str | None] = mapped_column(String(20))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"))
    department: Mapped[str | None] = mapped_column(String(30))
    # recover: whose account, and what was checked
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    # claim: the person registered with help
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # colleague: the organisation the colleague will answer for
    employer_id: Mapped[int | None] = mapped_column(ForeignKey("employer.id"))

    place: Mapped[Place | None] = relationship()
    person = relationship("Person")
    employer = relationship("Employer")
    account: Mapped[Account | None] = relationship(foreign_keys=[account_id])
    created_by: Mapped[Account | None] = relationship(foreign_keys=[created_by_id])
