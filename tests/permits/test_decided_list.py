"""The officer finds a decided application again (the queue holds only those waiting): /officer/permits/decided lists
the county's decided and withdrawn applications, the latest first, linked to their review pages; other counties'
officers and other roles are refused; each name shown is written to the audit log as a look at the list."""

import pytest

from webapp.audit.models import AuditEvent


@pytest.fixture
def approved(db, application, officer, sign_in, post_form):
    sign_in(officer)
    assert post_form(f"/officer/permits/{application.id}", {"decision": "approve"}).status_code == 302
    return application


def test_a_decided_application_is_found_again_from_the_queue(client, db, approved, officer, sign_in):
    sign_in(officer)
    queue = client.get("/officer/permits").get_data(as_text=True)
    assert "No applications waiting." in queue and 'href="/officer/permits/decided"' in queue
    html = client.get("/officer/permits/decided").get_data(as_text=True)
    assert f'href="/officer/permits/{approved.id}"' in html and "王芳" in html and "Approved" in html
    looked = db.session.scalars(db.select(AuditEvent).where(AuditEvent.actor_id == officer.id)).all()
    assert any(event.subject_person_id == approved.person_id for event in looked)
    chinese = client.get("/officer/permits/decided", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "已办结的申请" in chinese


def test_a_waiting_application_is_not_in_it(client, application, officer, sign_in):
    sign_in(officer)
    html = client.get("/officer/permits/decided").get_data(as_text=True)
    assert "No application has been decided yet." in html and "王芳" not in html


def test_other_counties_and_other_roles_see_none_of_it(client, approved, create_account, create_place, sign_in):
    elsewhere = create_account("officer", place=create_place("330302"), department="public_security")
    sign_in(elsewhere)
    assert "王芳" not in client.get("/officer/permits/decided").get_data(as_text=True)
    for role in ("migrant", "coordinator", "admin"):
        sign_in(create_account(role, place=create_place("370303001001") if role != "migrant" else None))
        assert client.get("/officer/permits/decided").status_code == 403
