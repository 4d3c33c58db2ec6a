"""AuditEvent rows are only ever inserted: no code path updates them, and only the retention sweep deletes them, once
past their period (webapp/privacy/retention.toml)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import utcnow
from webapp.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    #: What one member of staff did, by time: today's events of a coordinator whose log holds years of them (a list's
    #: views are recorded once a person a day, webapp/audit/log.py).
    __table_args__ = (Index("ix_audit_event_actor_at", "actor_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    action: Mapped[str] = mapped_column(String(60))
    subject_account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    #: The person whose record it is (who may have no account: a child, someone registered with help).
    subject_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
