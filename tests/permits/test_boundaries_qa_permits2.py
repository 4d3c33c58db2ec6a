"""QA of the permit application at its edges, through the HTTP client: under the national rules (Zibo today) the
six months of residence (居住半年以上) are calendar months counted from the day after arrival, so the application
opens on the day six months after arrival and not the day before; a file too big or empty is refused next to its
field and nothing is applied for."""

import io
from datetime import date

import pytest

from tests.support.factories import apply_for_permit, jpeg
from webapp.documents import processing
from webapp.permits.models import PermitApplication

#: Counted from the suite's day, 14 July 2026.
pytestmark = pytest.mark.usefixtures("test_day")


@pytest.mark.parametrize(
    ("arrived", "opens"),
    [(date(2026, 1, 14), True), (date(2026, 1, 15), False)],
    ids=["six months ago to the day", "a day short"],
)
def test_the_application_opens_after_six_calendar_months(
    client, db, migrant, sign_in, report_data, submit_report, arrived, opens
):
    sign_in(migrant)
    submit_report(report_data(arrival_date=arrived.isoformat()), facts={"resided_since": arrived.isoformat()})
    page = client.get("/me/permit")
    assert ("Apply for a residence permit" in page.get_data(as_text=True)) is opens
    response = client.get("/me/permit/apply")
    assert (response.status_code == 200) is opens
    if not opens:
        assert "You cannot apply for a residence permit yet" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\xff\xd8\xff" + b"0" * 2000, "bigger than 10 MB"),  # over the limit, made small below
    ],
    ids=["empty", "over 10 MB"],
)
def test_a_file_refused_is_said_next_to_its_field(monkeypatch, client, db, applicant, post_form, content, message):
    # A limit of 2,000 bytes stands for the 10 MB one: the refusal is the same, without a 10 MB body in the test.
    monkeypatch.setattr(processing, "MAX_UPLOAD_BYTES", 2000)
    data = {"photo": (io.BytesIO(content), "photo.jpg"), "residence_proof": (io.BytesIO(jpeg()), "home.jpg")}
    data["employment_proof"] = (io.BytesIO(jpeg()), "job.jpg")
    response = post_form("/me/permit/apply", data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="photo-error"' in html and message in html
    assert db.session.scalar(db.select(PermitApplication)) is None
    # The photo chosen again: sent, with the proofs kept from the first try.
    assert apply_for_permit(post_form, photo=jpeg()).status_code == 302
    assert db.session.scalar(db.select(PermitApplication)).status == "submitted"
