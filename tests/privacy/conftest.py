"""A migrant with a permit application and a service request, each with its document images."""

import io

import pytest
from dateutil.relativedelta import relativedelta
from PIL import Image

from webapp import clock
from webapp.documents.models import Document
from webapp.permits.models import PermitApplication
from webapp.services.models import ServiceRequest


def jpeg(colour=(200, 120, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def applicant(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data(arrival_date=(clock.today() - relativedelta(months=7)).isoformat()))
    return migrant


@pytest.fixture
def police(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="public_security")


@pytest.fixture
def hrss(create_account, create_place, community):
    return create_account("officer", place=create_place("370303"), department="hrss")


@pytest.fixture
def cases(db, applicant, post_form):
    """(permit application, service request, the request's own document)."""
    files = {k: (io.BytesIO(jpeg()), f"{k}.jpg") for k in ("photo", "residence_proof", "employment_proof")}
    post_form("/me/permit/apply", files, content_type="multipart/form-data")
    application = db.session.scalar(db.select(PermitApplication))
    post_form(
        "/me/services/insurance_enrolment/ask",
        {"details": "参加工伤保险", "upload_employment_proof": (io.BytesIO(jpeg((1, 2, 3))), "other.jpg")},
        content_type="multipart/form-data",
    )
    request = db.session.scalar(db.select(ServiceRequest))
    [own] = [db.session.get(Document, i) for i in request.documents]
    return application, request, own
