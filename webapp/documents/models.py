"""The Document table: the record of an uploaded image, already re-encoded; the image itself is a file (storage.py)."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, select
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from webapp.clock import utcnow
from webapp.documents import storage
from webapp.extensions import db

#: The length of a document's token: 24 random bytes, URL-safe base64.
TOKEN_LENGTH = 32


def new_document_token() -> str:
    """A document's address: random, so no one can walk from one document to the next (ids are never in URLs)."""
    return secrets.token_urlsafe(24)


class Document(db.Model):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True, default=new_document_token)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    content_type: Mapped[str] = mapped_column(String(30))
    size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # The image is a file named by sha256 (storage.py); documents from before files, and the synthetic data's
    # placeholders, still hold their bytes here.
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person = relationship("Person")

    @classmethod
    def from_clean(cls, clean, *, person, kind: str, uploaded_by) -> "Document":
        digest = hashlib.sha256(clean.data).hexdigest()
        storage.save(clean.data, digest)
        return cls(
            person=person,
            kind=kind,
            content_type=clean.content_type,
            size=len(clean.data),
            width=clean.width,
            height=clean.height,
            sha256=digest,
            data=None,
            uploaded_by_id=uploaded_by.id if uploaded_by else None,
        )

    def content(self) -> bytes:
        return self.data if self.data is not None else storage.load(self.sha256)


def document_by_token(token: str, *, among=None) -> Document | None:
    """The document with this token; with `among` (document ids of one case), only if the case holds it."""
    found = db.session.scalar(select(Document).where(Document.token == token))
    if found is None or (among is not None and found.id not in set(among)):
        return None
    return found


def tokens_for(ids) -> dict[int, str]:
    """{document id: token} for the documents of one case, to build their addresses in a page."""
    ids = list(ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(Document.id, Document.token).where(Document.id.in_(ids))).all())


def document_response(document: Document):
    """Send a stored image to the one person allowed to see it: never cached by anyone."""
    from flask import current_app

    response = current_app.response_class(document.content(), mimetype=document.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Disposition"] = "inline"
    return response


def prune_files() -> int:
    """Remove image files no document record names (uploads whose transaction rolled back)."""

    def recorded(hashes: list[str]) -> set[str]:
        return set(db.session.scalars(select(Document.sha256).where(Document.sha256.in_(hashes))))

    return storage.prune(recorded)
