"""The Document table: an uploaded image, already re-encoded, kept in the database."""

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webapp.clock import utcnow
from webapp.extensions import db

DOCUMENT_KINDS = (
    "photo",
    "residence_proof",
    "employment_proof",
    "study_proof",
    "id_card",
    "child_birth_certificate",
    "child_hukou_booklet",
    "vaccination_record",
    "marriage_certificate",
    "income_proof",
    "permit",
)


class Document(db.Model):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    content_type: Mapped[str] = mapped_column(String(30))
    size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Kept in the database for now (simple, transactional, the same on SQLite and PostgreSQL); at city scale this
    # moves to object storage with only the key here.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person = relationship("Person")

    @classmethod
    def from_clean(cls, clean, *, person, kind: str, uploaded_by) -> "Document":
        return cls(
            person=person,
            kind=kind,
            content_type=clean.content_type,
            size=len(clean.data),
            width=clean.width,
            height=clean.height,
            sha256=hashlib.sha256(clean.data).hexdigest(),
            data=clean.data,
            uploaded_by_id=uploaded_by.id if uploaded_by else None,
        )


def document_response(document: Document):
    """Send a stored image to the one person allowed to see it: never cached by anyone."""
    from flask import current_app

    response = current_app.response_class(document.data, mimetype=document.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = "inline"
    return response
