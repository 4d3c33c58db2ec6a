"""A referral asked from the jobs board is a service request whose "What you asked" the person reads back: the
posting's title and employer and their own note, never the posting's internal number."""

import pytest

from webapp.services.models import ServiceRequest


@pytest.fixture
def registered(migrant, sign_in, report_data, submit_report):
    sign_in(migrant)
    submit_report(report_data())
    return migrant


def test_the_person_reads_no_posting_number(client, db, vacancy, registered, sign_in, post_form):
    sign_in(registered)
    response = post_form(
        f"/me/jobs/ask?vacancy={vacancy.id}", {"kind": "referral", "share": "no", "note": "下周可以上班"}
    )
    assert response.status_code == 302
    request = db.session.scalar(db.select(ServiceRequest))
    assert f"#{vacancy.id}" not in request.details
    assert request.details == f"{vacancy.title} · {vacancy.employer.name}\n下周可以上班"
    html = client.get(f"/me/requests/{request.reference}").get_data(as_text=True)
    assert vacancy.title in html and "下周可以上班" in html
    assert f"(#{vacancy.id})" not in html
