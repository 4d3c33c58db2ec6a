"""QA of the officer's page of a service request: a closed request says so when a new status comes from a page
left open, and changes nothing."""

from tests.conftest import token_from
from webapp.services.models import ServiceRequest


def test_a_status_sent_again_from_an_old_page_changes_nothing(
    client, db, service_request, hrss_officer, sign_in, post_form
):
    sign_in(hrss_officer)
    page = f"/officer/requests/{service_request.reference}"
    stale = token_from(client.get(page).get_data(as_text=True))
    post_form(page, {"handle-status": "refused", "handle-reason": "不在本县"})
    db.session.refresh(service_request)
    assert service_request.status == "refused"
    again = client.post(page + "?lang=zh", data={"handle-csrf_token": stale, "handle-status": "accepted"})
    assert again.status_code == 302 and again.location.endswith(page)
    assert "这项申请已经办结或不予办理" in client.get(page).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, service_request.id).status == "refused"
    # A message can still be written on a closed request.
    assert post_form(page, {"message-body": "可以去户籍地办理"}).status_code == 302
