"""Storing what a person uploads on a form: each image re-encoded (processing.py), all or nothing (or, where a form
keeps what it was given, each good one)."""

from collections.abc import Mapping

from flask_babel import gettext as _

from webapp.documents.models import Document
from webapp.documents.processing import DocumentError, clean_image
from webapp.extensions import db

#: The fewest pixels on a picture's shorter side that an officer can read (a face, a lease): a thumbnail or an icon
#: sent by mistake is refused at once, not found days later when the officer asks for the document again.
MIN_SIDE = 100


def upload_error(code: str) -> str:
    return {
        "empty": _("The file is empty. Choose the photo again."),
        "too_big": _("The file is bigger than 10 MB. Take the photo again or choose a smaller one."),
        "too_many_pixels": _(
            "The picture is too large (more than 50 million pixels). Take the photo again or choose a smaller one."
        ),
        "not_an_image": _("The file must be a photo or a picture (JPEG, PNG, WebP, GIF or BMP)."),
        "too_small": _(
            "The picture is too small to read: it needs at least %(pixels)d pixels on each side. Take the photo again.",
            pixels=MIN_SIDE,
        ),
    }[code]


def store_uploads(fields: Mapping[str, object], person, uploaded_by, keep_good: bool = False) -> dict[str, int] | None:
    """{kind: file field}: re-encode each file given and store it as a document of that kind.

    Returns {kind: document id}; on any error each error is on its field and nothing is stored (None), or, with
    `keep_good`, the good files are stored all the same (a browser cannot fill a file field again: a photo that was
    fine need not be chosen twice)."""
    cleaned, ok = {}, True
    for kind, field in fields.items():
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            continue
        try:
            clean = clean_image(upload.read())
            if min(clean.width, clean.height) < MIN_SIDE:
                raise DocumentError("too_small")
            cleaned[kind] = clean
        except DocumentError as error:
            field.errors = [upload_error(error.code)]
            ok = False
    if not ok and not keep_good:
        return None
    stored = {}
    for kind, clean in cleaned.items():
        document = Document.from_clean(clean, person=person, kind=kind, uploaded_by=uploaded_by)
        db.session.add(document)
        db.session.flush()
        stored[kind] = document.id
    return stored
