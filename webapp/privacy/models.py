"""A separate consent to one optional, sensitive use of personal information (PIPL arts. 14, 29, 31): who gave it,
about whom, which version of the notice they read, when, and when it was withdrawn. Rows are never deleted: a
withdrawal sets `withdrawn_at`, and a new consent is a new row."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db


class PrivacyConsent(db.Model):
    __tablename__ = "privacy_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who gave it: the person themselves, or a parent or guardian for a child under 14.
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    #: Whom it is about when that is not the account holder (a child on the household list).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: A key of notice.CONSENTS: visit_location, photo_reuse, phone_contact, child_data.
    item: Mapped[str] = mapped_column(String(20))
    notice_version: Mapped[str] = mapped_column(String(10))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    person = relationship("Person")

    @property
    def current(self) -> bool:
        return self.withdrawn_at is None
