"""Applying for a permit, the officer's review, the digital card and its public check, through the HTTP client."""

import io
import re

import pytest
from dateutil.relativedelta import relativedelta
from PIL import Image

from tests.support.factories import apply_for_permit
from webapp import clock
from webapp.documents.models import Document
from webapp.permits.models import Permit, PermitApplication


def photo_with_location() -> bytes:
    """A JPEG carrying EXIF, including a GPS position, as a phone camera writes it."""
    image = Image.new("RGB", (2400, 1800), (200, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (36.0, 48.0, 0.0), 3: "E", 4: (118.0, 3.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def apply_with_every_document(db, post_form) -> PermitApplication:
    """The photo and the proofs of home and work, each a phone photo: the application sent."""
    apply_for_permit(
        post_form,
        photo=photo_with_location(),
        residence_proof=photo_with_location(),
        employment_proof=photo_with_location(),
    )
    return db.session.scalar(db.select(PermitApplication))


def test_missing_documents_are_listed_in_one_notice_and_what_was_given_is_kept(client, db, applicant, post_form):
    html = client.get("/me/permit").get_data(as_text=True)
    assert "Apply for a residence permit" in html
    response = apply_for_permit(post_form, photo=photo_with_location())
    html = response.get_data(as_text=True)
    assert "Still needed:" in html and "Proof of where you live" in html
    assert "Proof of your work or your studies" in html
    assert db.session.scalar(db.select(PermitApplication)) is None
    document = db.session.scalar(db.select(Document))
    assert document.kind == "photo"
    with Image.open(io.BytesIO(document.content())) as stored:
        assert stored.format == "JPEG" and max(stored.size) <= 1600
        assert not stored.getexif()  # no camera data, no location
        assert "exif" not in stored.info


def test_not_a_photo_is_refused_next_to_the_field(client, db, applicant, post_form):
    html = apply_for_permit(post_form, photo=b"%PDF-1.4 not an image").get_data(as_text=True)
    assert 'id="photo-error"' in html and "must be a photo" in html
    assert db.session.scalar(db.select(Document)) is None


def test_apply_review_issue_and_check(
    test_day, client, db, applicant, officer, create_account, create_place, sign_in, post_form
):
    application = apply_with_every_document(db, post_form)
    assert (application.status, application.missing, application.permit_type) == ("submitted", [], "standard")
    assert (application.target_date - clock.today()).days == 15

    # Officers of another county, or another department, do not see it.
    sign_in(create_account("officer", place=create_place("330302"), department="public_security"))
    assert client.get(f"/officer/permits/{application.id}").status_code == 404
    sign_in(create_account("officer", place=create_place("370303"), department="education"))
    assert client.get(f"/officer/permits/{application.id}").status_code == 404
    assert "王芳" not in client.get("/officer/permits").get_data(as_text=True)

    sign_in(officer)
    assert "王芳" in client.get("/officer/permits").get_data(as_text=True)
    refuse_without_reason = post_form(f"/officer/permits/{application.id}", {"decision": "refuse"})
    assert 'id="reason-error"' in refuse_without_reason.get_data(as_text=True)
    post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    permit = db.session.scalar(db.select(Permit))
    # Under the national rules (Zibo since 2018) a permit has no end date: it is endorsed every year.
    assert permit.number.startswith("3703") and permit.valid_until is None and permit.profile_id == "national-2016"

    sign_in(applicant)
    card = client.get("/me/permit").get_data(as_text=True)
    assert permit.number in card and "<svg" in card and permit.person.masked_id in card
    check_url = re.search(r'href="(http://localhost/verify/[^"]+)"', card).group(1)
    client.post("/signout", data={"csrf_token": _token(client, "/")})
    check = client.get(check_url).get_data(as_text=True)
    assert "Valid" in check and "王*" in check and "王芳" not in check  # a masked name: the photo is the check
    assert permit.person.id_number not in check and permit.person.masked_id not in check
    tampered = check_url[:-3] + ("AAA" if not check_url.endswith("AAA") else "BBB")
    assert "not a valid residence permit" in client.get(tampered).get_data(as_text=True)
    with client.get(check_url + "/photo") as photo:
        assert photo.mimetype == "image/jpeg"


def _token(client, url):
    from tests.conftest import token_from

    return token_from(client.get(url).get_data(as_text=True))


def test_officer_asks_for_documents_then_the_person_adds_them(client, db, applicant, officer, sign_in, post_form):
    apply_for_permit(
        post_form,
        photo=photo_with_location(),
        residence_proof=photo_with_location(),
        study_proof=photo_with_location(),
    )
    application = db.session.scalar(db.select(PermitApplication))
    sign_in(officer)
    post_form(
        f"/officer/permits/{application.id}",
        {"decision": "missing", "missing": ["employment_proof"], "reason": "请补交劳动合同"},
    )
    db.session.refresh(application)
    assert (application.status, application.missing) == ("missing", ["employment_proof"])
    sign_in(applicant)
    assert "请补交劳动合同" in client.get("/me/permit").get_data(as_text=True)
    apply_for_permit(post_form, employment_proof=photo_with_location())
    db.session.refresh(application)
    assert (application.status, application.missing) == ("submitted", [])


def test_leaving_the_county_revokes_the_permit(client, db, applicant, officer, sign_in, post_form):
    application = apply_with_every_document(db, post_form)
    sign_in(officer)
    post_form(f"/officer/permits/{application.id}", {"decision": "approve"})
    sign_in(applicant)
    receipt = application.report.receipt
    post_form(f"/reports/{receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    permit = db.session.scalar(db.select(Permit))
    db.session.refresh(permit)
    assert (permit.revoked_on, permit.revoked_reason) == (clock.today(), "deregistered")


def test_a_migrant_cannot_see_anothers_documents(
    client, db, applicant, create_account, create_person, sign_in, post_form
):
    apply_for_permit(post_form, photo=photo_with_location())
    document = db.session.scalar(db.select(Document))
    stranger = create_account("migrant")
    create_person(stranger, name="张三")
    sign_in(stranger)
    assert client.get(f"/documents/{document.token}").status_code == 404


def test_the_application_names_the_documents_of_her_case(client, db, applicant):
    html = client.get("/me/permit/apply").get_data(as_text=True)
    assert "For you: your property certificate." in html  # she reported her own home
    assert 'aria-describedby="residence_proof-hint residence_proof-for-you"' in html


def test_sending_the_application_with_nothing_chosen_says_what_each_field_needs(client, db, applicant, post_form):
    html = post_form("/me/permit/apply", {}, content_type="multipart/form-data").get_data(as_text=True)
    for field in ("photo", "residence_proof", "employment_proof"):  # one of work or study: said once (qa_h9)
        assert f'id="{field}-error"' in html, field
    assert "the application is sent once every document is here" in html
    assert "one of the two is needed" in html
    assert 'class="error-summary' in html
    assert db.session.scalar(db.select(PermitApplication)) is None


def test_a_good_photo_is_kept_when_another_file_is_refused(client, db, applicant, post_form):
    html = apply_for_permit(post_form, photo=b"%PDF-1.4 not an image", residence_proof=photo_with_location()).get_data(
        as_text=True
    )
    assert 'id="photo-error"' in html and "must be a photo" in html
    assert db.session.scalars(db.select(Document.kind)).all() == ["residence_proof"]  # not chosen twice
    assert db.session.scalar(db.select(PermitApplication)) is None
    sent = apply_for_permit(post_form, photo=photo_with_location(), employment_proof=photo_with_location())
    assert sent.status_code == 302
    application = db.session.scalar(db.select(PermitApplication))
    assert set(application.documents) == {"photo", "residence_proof", "employment_proof"}


def test_an_application_with_the_officer_is_not_sent_again(client, db, applicant, post_form):
    assert apply_for_permit(post_form).status_code == 302
    again = client.get("/me/permit/apply")
    assert again.status_code == 302 and again.location.endswith("/me/permit")
    page = client.get(again.location).get_data(as_text=True)
    assert "Your application is with a public security officer" in page
    assert len(db.session.scalars(db.select(PermitApplication)).all()) == 1


def test_a_decision_sent_back_with_errors_logs_the_look(client, db, applicant, officer, sign_in, post_form):
    """Without a GET first: a refusal without its reason shows the applicant again, so the look is in their "who has
    looked" as a GET's is; nothing is decided."""
    from webapp.audit.models import AuditEvent

    application = apply_with_every_document(db, post_form)
    sign_in(officer)
    response = post_form(f"/officer/permits/{application.id}", {"decision": "refuse"}, page="/account")
    assert response.status_code == 200
    [event] = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    assert (event.actor_id, event.subject_person_id, event.details["what"]) == (
        officer.id,
        application.person_id,
        "permit_application",
    )
    db.session.expire_all()
    assert db.session.get(PermitApplication, application.id).status == "submitted"


@pytest.mark.parametrize(
    ("reason", "needs_job_or_studies"), [("family", False), ("other", False), ("work", True), ("study", True)]
)
def test_a_job_or_studies_are_proved_only_where_the_report_rests_on_them(
    client, db, migrant, sign_in, report_data, submit_report, post_form, reason, needs_job_or_studies
):
    """Living with family in her own home, with no job: her identity and her home are what she proves (the national
    rules grant a permit on a stable home too); who came to work or study proves it."""
    sign_in(migrant)
    arrived = (clock.today() - relativedelta(months=7)).isoformat()
    submit_report(report_data(arrival_date=arrived, reason=reason))
    response = apply_for_permit(post_form, photo=photo_with_location(), residence_proof=photo_with_location())
    application = db.session.scalar(db.select(PermitApplication))
    if needs_job_or_studies:
        assert application is None and "Proof of your work or your studies" in response.get_data(as_text=True)
    else:
        assert response.status_code == 302
        assert (application.status, application.missing) == ("submitted", [])
