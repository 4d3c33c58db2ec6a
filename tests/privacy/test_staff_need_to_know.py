"""Staff see only what their task needs: a coordinator sees the ID number masked unless they unmask it for a stated
reason, which the audit log keeps and the person reads under "who looked"."""

import html as html_lib
import re

import pytest

from webapp.audit.models import AuditEvent
from webapp.registrations.models import ResidenceReport


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community, display_name="赵磊")


@pytest.fixture
def report(migrant, sign_in, report_data, submit_report, db):
    sign_in(migrant)
    submit_report(report_data(room="101"))
    return db.session.scalar(db.select(ResidenceReport))


def who_looked(client, sign_in, account) -> list[str]:
    sign_in(account)
    page = client.get("/account").get_data(as_text=True)
    section = page.split('id="who-looked"', 1)[1].split("</table>", 1)[0]
    return [html_lib.unescape(c).strip() for c in re.findall(r"<tr><td>[^<]*</td><td>(.*?)</td></tr>", section, re.S)]


def test_a_coordinator_sees_the_id_number_masked_until_they_unmask_it_for_a_reason(
    client, db, report, coordinator, migrant, sign_in, post_form
):
    number, masked = report.person.id_number, report.person.masked_id
    page_url = f"/coordinator/visits/{report.receipt}"
    sign_in(coordinator)
    page = client.get(page_url).get_data(as_text=True)
    assert masked in page and number not in page
    assert f'action="/coordinator/visits/{report.receipt}/id-number"' in page

    # No reason: refused with the message next to the field, nothing shown, nothing logged as an ID-number look.
    refused = post_form(f"{page_url}/id-number", {}, page=page_url)
    assert refused.status_code == 400
    assert 'id="unmask-reason-error"' in refused.get_data(as_text=True)
    assert number not in refused.get_data(as_text=True)
    invented = post_form(f"{page_url}/id-number", {"unmask-reason": "curious"}, page=page_url)
    assert invented.status_code == 400 and number not in invented.get_data(as_text=True)

    shown = post_form(f"{page_url}/id-number", {"unmask-reason": "id: card check"}, page=page_url)
    assert shown.status_code == 200 and number in shown.get_data(as_text=True)
    assert "no-store" in shown.headers["Cache-Control"]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.details["what"].as_string() == "id_number"))
    assert (event.actor_id, event.reason) == (coordinator.id, "id: card check")
    assert event.subject_person_id == report.person_id
    assert number not in str(event.details)
    # Opening the page again shows it masked: unmasking is for one look.
    assert number not in client.get(page_url).get_data(as_text=True)

    lines = who_looked(client, sign_in, migrant)
    assert any(
        "Coordinator 赵磊 looked at your full ID number" in line and "identity card at a visit" in line
        for line in lines
    ), lines


def test_unmasking_is_refused_outside_the_coordinators_area_and_to_other_roles(
    client, db, report, create_account, create_place, sign_in, post_form, migrant
):
    url = f"/coordinator/visits/{report.receipt}/id-number"
    elsewhere = create_account("coordinator", place=create_place("330302001001"))
    sign_in(elsewhere)
    assert post_form(url, {"unmask-reason": "id: card check"}, page="/coordinator").status_code == 404
    sign_in(migrant)
    assert post_form(url, {"unmask-reason": "id: card check"}, page="/me").status_code == 403
    assert not db.session.scalar(db.select(AuditEvent).where(AuditEvent.details["what"].as_string() == "id_number"))


def test_an_administrator_opens_a_persons_record_only_for_a_reason_within_their_area(
    client, db, report, migrant, create_account, create_place, sign_in, post_form
):
    admin = create_account("admin", place=create_place("3703"), display_name="钱明")
    sign_in(admin)
    assert "王芳" not in client.get("/admin").get_data(as_text=True)  # counts, not people
    form = client.get("/admin/record")
    assert form.status_code == 200 and "王芳" not in form.get_data(as_text=True)
    no_reason = post_form("/admin/record", {"receipt": report.receipt})
    assert no_reason.status_code == 400 and 'id="reason-error"' in no_reason.get_data(as_text=True)
    opened = post_form("/admin/record", {"receipt": report.receipt_display, "reason": "admin: complaint"})
    page = opened.get_data(as_text=True)
    assert opened.status_code == 200 and "王芳" in page and report.person.masked_id in page
    assert report.person.id_number not in page
    assert "no-store" in opened.headers["Cache-Control"]
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.reason == "admin: complaint"))
    assert event.actor_id == admin.id and event.subject_person_id == report.person_id

    other = create_account("admin", place=create_place("3303"))
    sign_in(other)
    refused = post_form("/admin/record", {"receipt": report.receipt, "reason": "admin: complaint"})
    assert refused.status_code == 400 and "王芳" not in refused.get_data(as_text=True)
    sign_in(migrant)
    assert client.get("/admin/record").status_code == 403
    assert any("complaint" in line for line in who_looked(client, sign_in, migrant))
