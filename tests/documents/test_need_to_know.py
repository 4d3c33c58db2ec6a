"""Need-to-know for documents: an officer opens a document only through a case of their department that holds it,
by an unguessable address; the owner still sees their own."""

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import permit_and_request_cases
from webapp import clock
from webapp.audit.models import AuditEvent
from webapp.documents.models import Document


@pytest.fixture
def applicant(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    return migrant


@pytest.fixture
def police(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security")


@pytest.fixture
def cases(db, applicant, post_form):
    """A permit application (photo, residence and job proofs) and, later, a service request to another department
    with a photo of a medical record that only that department was given."""
    return permit_and_request_cases(post_form)


def test_documents_have_unguessable_addresses_and_old_number_addresses_are_gone(client, db, applicant, cases):
    application, _request, _other = cases
    photo = db.session.get(Document, application.documents["photo"])
    assert len(photo.token) >= 32 and photo.token != str(photo.id)
    tokens = set(db.session.scalars(db.select(Document.token)))
    assert len(tokens) == db.session.scalar(db.select(db.func.count(Document.id)))
    # The owner sees her own document by its token, never by its number.
    assert client.get(f"/documents/{photo.token}").status_code == 200
    assert client.get(f"/documents/{photo.id}").status_code == 404


def test_a_public_security_officer_cannot_walk_ids_to_documents_given_to_other_departments(
    client, db, cases, police, sign_in
):
    application, _request, given_elsewhere = cases
    sign_in(police)
    for document_id in range(1, given_elsewhere.id + 2):
        assert client.get(f"/documents/{document_id}").status_code == 404
    # Even with the token, not outside a case of her department that holds it.
    assert client.get(f"/documents/{given_elsewhere.token}").status_code == 404
    assert client.get(f"/officer/permits/{application.id}/documents/{given_elsewhere.token}").status_code == 404


def test_an_officer_opens_a_document_through_the_permit_case_that_holds_it(client, db, cases, police, sign_in):
    application, _request, _other = cases
    photo = db.session.get(Document, application.documents["photo"])
    sign_in(police)
    page = client.get(f"/officer/permits/{application.id}").get_data(as_text=True)
    address = f"/officer/permits/{application.id}/documents/{photo.token}"
    assert address in page and f'/documents/{photo.id}"' not in page
    shown = client.get(address)
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert "no-store" in shown.headers["Cache-Control"]
    logged = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "record.viewed")).all()
    assert any(e.details.get("document") == photo.id for e in logged if e.details)
    # The case's page is the only way: the owner's address refuses the officer.
    assert client.get(f"/documents/{photo.token}").status_code == 404


def test_an_officer_of_another_county_or_department_cannot_open_the_case_documents(
    client, db, cases, create_account, create_place, sign_in
):
    application, request, given_elsewhere = cases
    photo = db.session.get(Document, application.documents["photo"])
    address = f"/officer/permits/{application.id}/documents/{photo.token}"
    sign_in(create_account("officer", place=create_place("330302"), department="public_security"))
    assert client.get(address).status_code == 404
    hrss = create_account("officer", place=create_place("370303"), department="hrss")
    sign_in(hrss)
    assert client.get(address).status_code == 404
    # The service request's department opens its document through its request, not the permit's photo.
    assert client.get(f"/officer/requests/{request.reference}/documents/{given_elsewhere.token}").status_code == 200
    assert client.get(f"/officer/requests/{request.reference}/documents/{photo.token}").status_code == 404
    assert client.get(f"/officer/requests/{request.reference}/documents/{given_elsewhere.id}").status_code == 404


def test_a_migrant_cannot_open_anothers_document_even_with_its_token(
    client, db, cases, create_account, create_person, sign_in
):
    application, _request, _other = cases
    photo = db.session.get(Document, application.documents["photo"])
    stranger = create_account("migrant")
    create_person(stranger, name="张三")
    sign_in(stranger)
    assert client.get(f"/documents/{photo.token}").status_code == 404
    assert client.get(f"/officer/permits/{application.id}/documents/{photo.token}").status_code == 403
