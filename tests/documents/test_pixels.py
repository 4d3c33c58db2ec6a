"""A small file with a huge picture in it is refused before it is decoded (issue 13, point 5): a 10,000 × 9,999 PNG
of a few hundred KB took 1.2 GB of memory to decode."""

import io

import pytest
from PIL import Image, ImageFile

from tests.permits.conftest import applicant  # noqa: F401 - the fixture is used by name
from tests.support.factories import apply_for_permit
from webapp.documents import processing
from webapp.documents.models import Document
from webapp.documents.processing import DocumentError, clean_image


def huge_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10_000, 9_999)).save(out, format="PNG")  # one bit a pixel: cheap to make, 100 M pixels
    return out.getvalue()


@pytest.fixture(scope="module")
def huge():
    return huge_png()


def test_the_size_is_read_from_the_header_and_nothing_is_decoded(huge, monkeypatch):
    assert len(huge) < processing.MAX_UPLOAD_BYTES

    def never(*args, **kwargs):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(Image.Image, "load", never)
    monkeypatch.setattr(ImageFile.ImageFile, "load", never)
    with pytest.raises(DocumentError) as refused:
        clean_image(huge)
    assert refused.value.code == "too_many_pixels"


def test_a_picture_at_the_limit_is_accepted(monkeypatch):
    monkeypatch.setattr(processing, "MAX_PIXELS", 300 * 200)
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 20, 30)).save(out, format="PNG")
    assert (clean_image(out.getvalue()).width, clean_image(out.getvalue()).height) == (300, 200)
    out = io.BytesIO()
    Image.new("RGB", (301, 200), (10, 20, 30)).save(out, format="PNG")
    with pytest.raises(DocumentError):
        clean_image(out.getvalue())


def test_an_upload_of_too_many_pixels_says_so_next_to_the_field(client, db, applicant, post_form, huge):  # noqa: F811
    response = apply_for_permit(post_form, photo=huge)
    assert response.status_code == 200
    assert "The picture is too large" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Document)) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_thumbnail_is_refused_next_to_its_field_and_a_picture_of_the_least_size_taken(
    client,
    db,
    applicant,  # noqa: F811
    post_form,
    lang,
):
    """A 10 × 10 GIF was taken as the face photo: the officer found out days later. Each side needs 100 pixels."""
    from tests.support.factories import jpeg

    client.set_cookie("lang", lang)
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (10, 20, 30)).save(out, format="GIF")
    response = apply_for_permit(post_form, photo=out.getvalue())
    assert response.status_code == 200
    error = response.get_data(as_text=True).split('id="photo-error"', 1)[1].split("</p>", 1)[0]
    words = {"en": "too small to read: it needs at least 100 pixels on each side", "zh": "每边至少需要100像素"}
    assert words[lang] in error
    assert db.session.scalar(db.select(Document).where(Document.kind == "photo")) is None
    proofs = {kind: jpeg() for kind in ("residence_proof", "employment_proof")}
    assert apply_for_permit(post_form, photo=jpeg(size=(100, 140)), **proofs).status_code == 302
