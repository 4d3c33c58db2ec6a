"""Document images as files named by their hash: written once and privately, read back, orphans pruned."""

import hashlib
import io
import os
import stat
import time

import pytest
from PIL import Image

from webapp.documents import storage
from webapp.documents.models import Document, prune_files
from webapp.documents.processing import clean_image


def image_bytes(colour=(120, 30, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def test_a_document_is_a_private_file_and_its_record_holds_no_bytes(app, db, create_person):
    person = create_person()
    document = Document.from_clean(clean_image(image_bytes()), person=person, kind="photo", uploaded_by=None)
    db.session.add(document)
    db.session.commit()
    path = storage.path_for(document.sha256)
    assert path.read_bytes() == document.content() and hashlib.sha256(path.read_bytes()).hexdigest() == path.name
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    db.session.expire_all()
    assert db.session.get(Document, document.id).data is None
    again = Document.from_clean(clean_image(image_bytes()), person=person, kind="photo", uploaded_by=None)
    assert again.sha256 == document.sha256  # the same image is one file


def test_files_without_a_record_are_pruned_after_a_day(app, db, create_person, tmp_path, monkeypatch):
    # A directory of its own: other tests' files, written by the real clock, would look a month old under faketime.
    monkeypatch.setitem(app.config, "DOCUMENTS_DIR", str(tmp_path / "documents"))
    person = create_person()
    kept = Document.from_clean(clean_image(image_bytes()), person=person, kind="photo", uploaded_by=None)
    db.session.add(kept)
    db.session.commit()
    orphan = clean_image(image_bytes((1, 2, 3))).data
    orphan_hash = hashlib.sha256(orphan).hexdigest()
    storage.save(orphan, orphan_hash)  # as an upload whose transaction then rolled back
    # Pruning compares the files' modification times with the system clock (time.time()). The test sets those times
    # itself: under faketime (make test-dates) the process's clock is faked but the file system's is not.
    paths = [storage.path_for(digest) for digest in (kept.sha256, orphan_hash)]

    def written_hours_ago(hours: float) -> None:
        at = time.time() - hours * 3600
        for path in paths:
            os.utime(path, (at, at))

    written_hours_ago(23)
    assert prune_files() == 0  # too young: its record may be about to be committed
    written_hours_ago(25)
    assert prune_files() == 1
    assert storage.path_for(kept.sha256).exists() and not storage.path_for(orphan_hash).exists()


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ab", "G" * 64])
def test_only_hashes_name_files(app, bad):
    with app.app_context(), pytest.raises(ValueError, match="SHA-256"):
        storage.path_for(bad)
