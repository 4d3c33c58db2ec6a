"""An officer asks for documents: the application waits until each one is uploaded again; the officer reads the
application in staff's words; the documents are listed in the reader's language. Through the HTTP client."""

import io
import re

import pytest

from tests.support.factories import apply_for_permit, jpeg
from webapp.documents.models import Document
from webapp.permits.models import PermitApplication

#: What the officer asks for again: a new photo, a proof of residence and a proof of study.
ASKED = ["photo", "residence_proof", "study_proof"]


@pytest.fixture
def asked(db, applicant, officer, sign_in, post_form):
    """Her application (a photo, proofs of residence and work) on which the officer asked for ASKED, with a note;
    she is signed in again."""
    apply_for_permit(post_form)
    application = db.session.scalar(db.select(PermitApplication))
    sign_in(officer)
    post_form(
        f"/officer/permits/{application.id}",
        {"decision": "missing", "missing": ASKED, "reason": "照片不清晰，请补交就读证明"},
    )
    sign_in(applicant)
    return application


def send(post_form, *kinds: str):
    """Press "send" on the application form with a new photo of each of these kinds (none: nothing chosen)."""
    files = {kind: (io.BytesIO(jpeg((10 * n, 90, 160))), f"{kind}.jpg") for n, kind in enumerate(kinds)}
    return post_form("/me/permit/apply", files, content_type="multipart/form-data")


def as_it_stands(db, application) -> tuple:
    """The application's status, its documents asked for and given, and how many documents are stored."""
    db.session.refresh(application)
    return application.status, application.missing, application.documents, db.session.query(Document).count()


def waiting_for_documents(client, sign_in, officer) -> int:
    """The officer's count of applications waiting for documents, at the top of the queue."""
    sign_in(officer)
    html = client.get("/officer/permits?lang=en").get_data(as_text=True)
    return int(re.search(r"<strong>(\d+)</strong> waiting for documents", html).group(1))


@pytest.mark.parametrize(
    ("lang", "error"),
    [
        ("en", "The officer asked for this document again: choose a photo of it."),
        ("zh", "工作人员要求重新提交这份材料：请选择它的照片。"),
    ],
    ids=["en", "zh"],
)
def test_sending_without_the_documents_asked_for_is_refused(
    client, db, asked, officer, sign_in, post_form, lang, error
):
    client.set_cookie("lang", lang)
    before = as_it_stands(db, asked)
    assert before[:2] == ("missing", ASKED)
    assert 'href="/me/permit/apply"' in client.get("/me/permit").get_data(as_text=True)

    # Her earlier photo and proof of residence are what the officer found wanting: they answer nothing.
    html = send(post_form).get_data(as_text=True)
    for kind in ASKED:
        assert f'id="{kind}-error"' in html and f'{kind}-error" aria-invalid="true"' in html
    assert html.count(error) == 2 * len(ASKED)  # next to each field, and in the summary at the top
    assert 'id="employment_proof-error"' not in html  # not asked for: her proof of work stands
    assert "照片不清晰，请补交就读证明" in html  # the officer's note stays in view

    assert as_it_stands(db, asked) == before  # nothing stored, the officer's list intact
    assert waiting_for_documents(client, sign_in, officer) == 1


def test_a_partial_upload_stores_nothing_and_keeps_the_officers_list(client, db, asked, post_form):
    before = as_it_stands(db, asked)
    html = send(post_form, "photo", "study_proof").get_data(as_text=True)
    assert 'id="residence_proof-error"' in html
    assert 'id="photo-error"' not in html and 'id="study_proof-error"' not in html
    assert as_it_stands(db, asked) == before
    html = client.get("/me/permit").get_data(as_text=True)
    assert "Documents are missing:" in html and "Proof of your studies" in html


def test_the_application_goes_back_to_the_officer_once_every_document_is_given_again(
    client, db, asked, officer, sign_in, post_form
):
    earlier = dict(asked.documents)
    response = send(post_form, *ASKED)
    assert response.status_code == 302 and response.location.endswith("/me/permit")

    status, missing, documents, _count = as_it_stands(db, asked)
    assert (status, missing) == ("submitted", [])
    assert all(documents[kind] not in earlier.values() for kind in ASKED)  # the new uploads, not the old ones
    assert documents["employment_proof"] == earlier["employment_proof"]  # kept: not asked for
    for kind in ASKED:
        assert db.session.get(Document, documents[kind]).kind == kind
    assert waiting_for_documents(client, sign_in, officer) == 0
    assert "Waiting for review" in client.get("/officer/permits").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "shown", "not_shown"),
    [
        (
            "en",
            [
                "<dt>Kind of application</dt><dd>First application</dd>",
                "<dt>Permit type</dt><dd>Residence permit</dd>",
                "<dd>Photo of the applicant, Proof of residence, and Proof of study</dd>",
                "<figcaption>Photo of the applicant</figcaption>",
                "<figcaption>Proof of employment</figcaption>",
            ],
            ["Your photo", "Proof of where you live", "<dt>Permit</dt>"],
        ),
        (
            "zh",
            [
                "<dt>申请类型</dt><dd>首次申领</dd>",
                "<dt>居住证类型</dt><dd>居住证</dd>",
                "<dd>申请人照片、住所证明和就读证明</dd>",
                "<figcaption>申请人照片</figcaption>",
            ],
            ["本人照片", "<dt>居住证</dt>", "申请人照片, "],
        ),
    ],
    ids=["en", "zh"],
)
def test_the_officer_reads_the_application_in_staff_words(client, asked, officer, sign_in, lang, shown, not_shown):
    client.set_cookie("lang", lang)
    sign_in(officer)
    html = client.get(f"/officer/permits/{asked.id}").get_data(as_text=True)
    for words in shown:
        assert words in html
    for words in not_shown:
        assert words not in html


@pytest.mark.parametrize(
    ("lang", "listed"),
    [
        (
            "en",
            "Your photo, Proof of where you live (a lease, a property certificate, or a letter from your employer), "
            "and Proof of your studies",
        ),
        ("zh", "本人照片、住所证明（租赁合同、房产证或用人单位出具的证明）和就读证明"),
    ],
    ids=["en", "zh"],
)
def test_the_person_reads_the_documents_asked_for_in_her_words_and_language(client, asked, lang, listed):
    client.set_cookie("lang", lang)
    for page in ("/me/permit", "/me/permit/apply"):
        html = client.get(page).get_data(as_text=True)
        assert listed in html, page
        assert "Photo of the applicant" not in html and "申请人照片" not in html
