"""QA of who may see and act on a service request, by URL: an officer of another county or another department sees
nothing and changes nothing (404, as if there were no such request); another resident neither; a resident is no
officer (403)."""

import pytest

from tests.conftest import token_from
from webapp.audit.models import AuditEvent
from webapp.services.models import RequestMessage, ServiceRequest


@pytest.fixture(params=[("370303", "education"), ("330302", "hrss")], ids=["other department", "other county"])
def outsider(request, create_account, create_place):
    county, department = request.param
    return create_account("officer", place=create_place(county), department=department)


def test_an_officer_elsewhere_can_neither_read_nor_act_on_a_request(client, db, service_request, outsider, sign_in):
    sign_in(outsider)
    token = token_from(client.get("/officer/requests").get_data(as_text=True))
    page = f"/officer/requests/{service_request.reference}"
    assert client.get(page).status_code == 404
    assert (
        client.post(
            page, data={"handle-csrf_token": token, "handle-status": "refused", "handle-reason": "x"}
        ).status_code
        == 404
    )
    assert client.post(page, data={"message-csrf_token": token, "message-body": "x"}).status_code == 404
    assert client.post(page + "/phone", data={"phone-csrf_token": token}).status_code == 404
    assert client.get(page + "/documents/" + "a" * 32).status_code == 404
    assert service_request.reference not in client.get("/officer/requests").get_data(as_text=True)
    db.session.expire_all()
    found = db.session.get(ServiceRequest, service_request.id)
    assert found.status == "submitted" and db.session.scalar(db.select(RequestMessage)) is None
    # Nothing was shown, so nothing is in the person's "who looked" log.
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.actor_id == outsider.id)) is None


def test_another_resident_can_neither_read_nor_write_on_a_request(
    client, db, service_request, create_account, create_person, sign_in
):
    stranger = create_account("migrant")
    create_person(stranger, name="张三")
    sign_in(stranger)
    token = token_from(client.get("/me/services").get_data(as_text=True))
    page = f"/me/requests/{service_request.reference}"
    assert client.get(page).status_code == 404
    assert client.post(page, data={"csrf_token": token, "body": "x"}).status_code == 404
    assert client.post(page + "/sharing", data={"sharing-csrf_token": token, "sharing-share": "yes"}).status_code == 404
    assert db.session.scalar(db.select(RequestMessage)) is None


def test_a_resident_is_not_an_officer(client, db, service_request):
    page = f"/officer/requests/{service_request.reference}"
    assert client.get("/officer/requests").status_code == 403
    assert client.get(page).status_code == 403
    assert client.post(page, data={"handle-status": "completed"}).status_code in (400, 403)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, service_request.id).status == "submitted"
