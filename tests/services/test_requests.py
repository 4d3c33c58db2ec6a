"""Service requests through the HTTP client: who may ask, the department queue of the right county, messages."""

import re
from pathlib import Path

import pytest

from webapp import clock
from webapp.services.models import ServiceRequest


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


def test_the_catalogue_explains_what_a_registered_migrant_can_ask_for(client, registered):
    html = client.get("/me/services").get_data(as_text=True)
    can_ask = html.split("You can ask now")[1].split("Not yet")[0]
    assert "Job referral" in can_ask or "job" in can_ask.lower()
    not_yet = html.split("Not yet")[1]
    assert "residence permit" in not_yet.lower()  # permit services, and what would change that


def test_the_same_catalogue_in_chinese(client, registered):
    client.set_cookie("lang", "zh")
    html = client.get("/me/services").get_data(as_text=True)
    assert "职业介绍" in html or "就业" in html


def test_ask_then_the_officer_answers(
    client, db, registered, hrss_officer, create_account, create_place, sign_in, post_form
):
    form = client.get("/me/services/job_referral/ask").get_data(as_text=True)
    assert "what you need, and for whom" in form and "school" not in form  # one hint for every service
    response = post_form("/me/services/job_referral/ask", {"details": "想找电子厂的工作"})
    assert response.status_code == 302
    found = db.session.scalar(db.select(ServiceRequest))
    assert (found.department, found.county.code, found.status) == ("hrss", "370303", "submitted")
    assert found.target_date > clock.today()

    # Another department, or the same department in another county, does not see it.
    sign_in(create_account("officer", place=create_place("370303"), department="education"))
    assert client.get(f"/officer/requests/{found.reference}").status_code == 404
    sign_in(create_account("officer", place=create_place("330302"), department="hrss"))
    assert "想找电子厂" not in client.get("/officer/requests").get_data(as_text=True)

    sign_in(hrss_officer)
    assert "王芳" in client.get("/officer/requests").get_data(as_text=True)
    refuse = post_form(f"/officer/requests/{found.reference}", {"handle-status": "refused"})
    assert 'id="handle-reason-error"' in refuse.get_data(as_text=True)
    post_form(f"/officer/requests/{found.reference}", {"message-body": "请带身份证来人社局三楼"})
    post_form(f"/officer/requests/{found.reference}", {"handle-status": "in_progress"})
    db.session.refresh(found)
    assert found.status == "in_progress"

    sign_in(registered)
    html = client.get(f"/me/requests/{found.reference}").get_data(as_text=True)
    assert "请带身份证来人社局三楼" in html and "Being worked on" in html
    post_form(f"/me/requests/{found.reference}", {"body": "好的，谢谢"})
    db.session.refresh(found)
    assert [m.party for m in found.messages] == ["officer", "migrant"]


def test_a_permit_service_cannot_be_asked_for_without_a_permit(client, db, registered, post_form):
    response = post_form("/me/services/public_rental_housing/ask", {"details": "x"}, page="/me/services")
    assert response.status_code == 302 and response.location.endswith("/me/services")
    assert db.session.scalar(db.select(ServiceRequest)) is None


def test_a_migrant_cannot_see_anothers_request(
    client, db, registered, create_account, create_person, sign_in, post_form
):
    post_form("/me/services/job_referral/ask", {"details": "x"})
    found = db.session.scalar(db.select(ServiceRequest))
    stranger = create_account("migrant")
    create_person(stranger, name="张三")
    sign_in(stranger)
    assert client.get(f"/me/requests/{found.reference}").status_code == 404


def test_an_empty_request_is_explained(client, db, registered, post_form):
    html = post_form("/me/services/job_referral/ask", {"details": " "}).get_data(as_text=True)
    assert 'id="details-error"' in html
    assert db.session.scalar(db.select(ServiceRequest)) is None


def test_documents_are_uploaded_with_the_request_and_shown_to_the_officer(
    client, db, registered, hrss_officer, sign_in, post_form
):
    import io

    from PIL import Image

    from webapp.documents.models import Document

    def jpeg() -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (160, 120), (10, 200, 90)).save(out, format="JPEG")
        return out.getvalue()

    page = client.get("/me/services/insurance_enrolment/ask").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="upload_employment_proof"' in page
    bad = post_form(
        "/me/services/insurance_enrolment/ask",
        {
            "details": "参加工伤保险",
            "upload_id_card": (io.BytesIO(jpeg()), "id.jpg"),
            "upload_employment_proof": (io.BytesIO(b"not a picture"), "contract.pdf"),
        },
        content_type="multipart/form-data",
    )
    html = bad.get_data(as_text=True)
    assert 'id="upload_employment_proof-error"' in html and "must be a photo" in html and "参加工伤保险" in html
    # The file input itself says it is in error, and which message is its own (a screen reader reads both).
    bad_input = re.search(r'<input[^>]*name="upload_employment_proof"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in bad_input and "upload_employment_proof-error" in bad_input
    good_input = re.search(r'<input[^>]*name="upload_id_card"[^>]*>', html).group(0)
    assert "aria-invalid" not in good_input
    assert db.session.scalar(db.select(ServiceRequest)) is None and db.session.scalar(db.select(Document)) is None
    good = post_form(
        "/me/services/insurance_enrolment/ask",
        {"details": "参加工伤保险", "upload_employment_proof": (io.BytesIO(jpeg()), "contract.jpg")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    found = db.session.scalar(db.select(ServiceRequest))
    [document] = db.session.scalars(db.select(Document)).all()
    assert (document.kind, found.documents) == ("employment_proof", [document.id])
    # The person's own page of the request says what they sent.
    mine = client.get(f"/me/requests/{found.reference}").get_data(as_text=True)
    assert "Documents you sent" in mine and "Proof of your work" in mine
    # Asked again later, the proof given is offered for reuse, by its name.
    again = client.get("/me/services/labour_mediation/ask").get_data(as_text=True)
    assert "Proof of your work" in again
    sign_in(hrss_officer)
    shown = client.get(f"/officer/requests/{found.reference}/documents/{document.token}")
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"


def test_without_a_residence_report_the_person_chooses_the_county(
    client, db, migrant, create_place, sign_in, post_form
):
    county = create_place("370303", "张店区")
    sign_in(migrant)
    page = client.get("/me/services/cultural_venues/ask")
    assert page.status_code == 200 and 'name="county"' in page.get_data(as_text=True)
    unchosen = post_form("/me/services/cultural_venues/ask", {"details": "借书证", "county": "0"})
    assert 'id="county-error"' in unchosen.get_data(as_text=True)
    assert db.session.scalar(db.select(ServiceRequest)) is None
    chosen = post_form("/me/services/cultural_venues/ask", {"details": "借书证", "county": str(county.id)})
    assert chosen.status_code == 302
    assert db.session.scalar(db.select(ServiceRequest)).county == county


def test_a_request_with_every_document_fits_under_the_upload_limit(app):
    from webapp.documents.processing import MAX_UPLOAD_BYTES
    from webapp.services.catalogue import load_catalogue

    most = max(len([code for code in entry.documents if code != "permit"]) for entry in load_catalogue())
    assert app.config["MAX_CONTENT_LENGTH"] >= most * MAX_UPLOAD_BYTES + 1024 * 1024


def test_a_message_keeps_its_lines(client, db, service_request, post_form):
    """What a person types on several lines is shown on several lines (class typed: white-space pre-line)."""
    post_form(f"/me/requests/{service_request.reference}", {"body": "第一行\n第二行"})
    page = client.get(f"/me/requests/{service_request.reference}").get_data(as_text=True)
    assert '<p class="typed">第一行\n第二行</p>' in page.replace("\r\n", "\n")
    css = Path(client.application.static_folder, "css", "app.css").read_text(encoding="utf-8")
    assert ".typed { white-space: pre-line" in css
