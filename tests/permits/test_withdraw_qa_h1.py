"""A migrant withdraws their own waiting permit application, through the HTTP client: the permit page's button asks
first, the yes withdraws it (once: a double send changes nothing more); the officer's queue no longer lists it, its
review page says so and takes no decision; the person may apply again; only the owner may withdraw, and only while
it waits. The audit log, the copy of one's data and the officer's access (reports, documents) follow."""

import io
import json
import re
import zipfile

import pytest

from tests.conftest import token_from
from tests.permits.test_holder_qa_permits2 import applications, holding, send
from tests.support.factories import apply_for_permit, create_person
from webapp.audit.models import AuditEvent
from webapp.permits.access import officer_case
from webapp.permits.models import Permit, PermitApplication
from webapp.permits.service import open_application

#: "You withdrew … on 14 July 2026": the suite's day, pinned even under `make test-dates`.
pytestmark = pytest.mark.usefixtures("test_day")

TODAY_EN, TODAY_ZH = "July 14, 2026", "2026年7月14日"


def sent(db, post_form) -> PermitApplication:
    """The signed-in applicant's application, sent with every document."""
    apply_for_permit(post_form)
    return db.session.scalar(db.select(PermitApplication).order_by(PermitApplication.id.desc()))


def withdraw_url(application) -> str:
    return f"/me/permit/{application.id}/withdraw"


def confirm(client, application, page=None):
    """Say yes on the confirmation page (its form and token)."""
    html = client.get(page or withdraw_url(application)).get_data(as_text=True)
    return client.post(withdraw_url(application), data={"csrf_token": token_from(html), "confirm": "yes"})


def reread(db, application) -> PermitApplication:
    db.session.expire_all()
    return db.session.get(PermitApplication, application.id)


def events(db) -> list[AuditEvent]:
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "permit.withdrawn")).all()


def test_the_button_asks_first_then_the_yes_withdraws_it(client, db, applicant, post_form):
    application = sent(db, post_form)
    page = client.get("/me/permit").get_data(as_text=True)
    assert f'action="{withdraw_url(application)}"' in page and "Withdraw this application" in page

    # The permit page's button (a POST with its token) changes nothing: it leads to the question.
    asked = client.post(withdraw_url(application), data={"csrf_token": token_from(page)})
    assert asked.status_code == 303 and asked.location.endswith(withdraw_url(application))
    assert reread(db, application).status == "submitted"
    question = client.get(asked.location).get_data(as_text=True)
    assert "Are you sure you want to withdraw your application?" in question
    assert "the public security officer will not decide on it" in question
    assert "You can apply again later" in question and "No, keep my application" in question
    zh = client.get(asked.location, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "确定要撤回您的申请吗？" in zh and "公安民警将不再审核这份申请" in zh and "Are you sure" not in zh

    done = confirm(client, application)
    assert done.status_code == 302 and done.location.endswith("/me/permit")
    application = reread(db, application)
    assert application.status == "withdrawn" and application.decided_at is not None
    assert application.decided_by_id is None  # no officer decided it
    assert open_application(application.person) is None

    page = client.get("/me/permit").get_data(as_text=True)
    assert "You withdrew your application. The officer will not decide it." in page  # the message, once
    assert f"You withdrew your application on {TODAY_EN}. You can apply again whenever you wish." in page
    assert "Apply for a residence permit" in page and "Withdraw this application" not in page
    zh = client.get("/me/permit", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert f"您已于{TODAY_ZH}撤回申请。您可以随时重新申请。" in zh

    # In the person's audit list, in words.
    [event] = events(db)
    assert event.actor_id == event.subject_account_id == applicant.id
    assert event.details == {"application": application.id}
    assert "You withdrew your residence permit application." in client.get("/account").get_data(as_text=True)
    assert "您撤回了居住证申请。" in client.get("/account", headers={"Accept-Language": "zh"}).get_data(as_text=True)


def test_a_double_send_is_harmless(client, db, applicant, post_form):
    application = sent(db, post_form)
    page = client.get(withdraw_url(application)).get_data(as_text=True)
    token = token_from(page)
    first = client.post(withdraw_url(application), data={"csrf_token": token, "confirm": "yes"})
    when = reread(db, application).decided_at
    second = client.post(withdraw_url(application), data={"csrf_token": token, "confirm": "yes"})
    assert first.status_code == second.status_code == 302
    assert (reread(db, application).status, reread(db, application).decided_at) == ("withdrawn", when)
    assert len(events(db)) == 1
    assert "You withdrew this application already." in client.get("/me/permit").get_data(as_text=True)
    # The question itself, opened again from a page left open: said so, not asked again.
    again = client.get(withdraw_url(application))
    assert again.status_code == 302 and again.location.endswith("/me/permit")


def test_withdrawn_while_documents_are_asked_for_and_then_applied_for_again(
    client, db, applicant, officer, sign_in, post_form
):
    application = sent(db, post_form)
    sign_in(officer)
    post_form(
        f"/officer/permits/{application.id}",
        {"decision": "missing", "missing": ["employment_proof"], "reason": "请补交劳动合同"},
    )
    sign_in(applicant)
    assert "Withdraw this application" in client.get("/me/permit").get_data(as_text=True)
    confirm(client, application)
    assert reread(db, application).status == "withdrawn"

    again = sent(db, post_form)
    assert again.id != application.id and again.status == "submitted"
    assert open_application(again.person).id == again.id
    page = client.get("/me/permit").get_data(as_text=True)
    assert "Your application was sent on" in page and "You withdrew your application on" not in page


@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_a_decided_application_cannot_be_withdrawn(client, db, applicant, officer, sign_in, post_form, decision):
    application = sent(db, post_form)
    page = client.get(withdraw_url(application)).get_data(as_text=True)  # the question, left open
    sign_in(officer)
    post_form(f"/officer/permits/{application.id}", {"decision": decision, "reason": "不符合条件"})
    decided = reread(db, application).status
    assert decided in ("approved", "refused")

    sign_in(applicant)
    token = token_from(client.get("/me/permit").get_data(as_text=True))
    for data in ({"csrf_token": token, "confirm": "yes"}, {"csrf_token": token}):
        response = client.post(withdraw_url(application), data=data)
        assert response.status_code == 302 and response.location.endswith("/me/permit")
    assert client.get(withdraw_url(application)).status_code == 302
    assert reread(db, application).status == decided and events(db) == []
    shown = client.get("/me/permit").get_data(as_text=True)
    assert "This application has been decided already: it can no longer be withdrawn." in shown
    assert "Withdraw this application" not in shown
    assert page  # the question page had been open before the decision


def test_only_the_owner_may_withdraw(client, db, applicant, officer, create_account, create_place, sign_in, post_form):
    application = sent(db, post_form)
    other = create_account("migrant")
    create_person(other, name="别人")
    strangers = [
        (other, 404),  # another migrant: the same answer as for no application at all
        (create_account("migrant"), 404),  # a migrant without a person yet
        (officer, 403),  # staff, of the application's county too
        (create_account("coordinator", place=create_place("370303001001")), 403),
        (create_account("admin", place=create_place("3703")), 403),
    ]
    for account, status in strangers:
        sign_in(account)
        token = token_from(client.get("/account").get_data(as_text=True))
        assert client.get(withdraw_url(application)).status_code == status, account.roles
        for data in ({"csrf_token": token}, {"csrf_token": token, "confirm": "yes"}):
            assert client.post(withdraw_url(application), data=data).status_code == status
    sign_in(other)
    token = token_from(client.get("/account").get_data(as_text=True))
    assert client.post("/me/permit/999999/withdraw", data={"csrf_token": token, "confirm": "yes"}).status_code == 404

    # Without the form's token, even the owner's yes is refused.
    sign_in(applicant)
    assert client.post(withdraw_url(application), data={"confirm": "yes"}).status_code == 400
    # Signed out: to the sign-in page, or refused.
    with client.session_transaction() as session:
        session.clear()
    assert client.get(withdraw_url(application)).status_code == 302
    assert client.post(withdraw_url(application), data={"confirm": "yes"}).status_code in (400, 401)
    assert reread(db, application).status == "submitted" and events(db) == []


def test_the_officer_sees_it_withdrawn_and_cannot_decide_it(client, db, applicant, officer, sign_in, post_form):
    application = sent(db, post_form)
    sign_in(officer)
    review = client.get(f"/officer/permits/{application.id}").get_data(as_text=True)  # a page left open
    token = token_from(review)
    documents = re.findall(r'src="(/officer/permits/\d+/documents/[^"]+)"', review)
    assert documents and client.get(documents[0]).status_code == 200
    assert "王芳" in client.get("/officer/permits").get_data(as_text=True)

    sign_in(applicant)
    confirm(client, application)

    sign_in(officer)
    queue = client.get("/officer/permits").get_data(as_text=True)
    assert "王芳" not in queue and "No applications waiting." in queue
    page = client.get(f"/officer/permits/{application.id}").get_data(as_text=True)
    assert f"The applicant withdrew this application on {TODAY_EN}. There is nothing to decide." in page
    assert "Withdrawn by the applicant before a decision" in page
    assert 'name="decision"' not in page and "Send the decision" not in page
    zh = client.get(f"/officer/permits/{application.id}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert f"申请人已于{TODAY_ZH}撤回这份申请，无需审核。" in zh

    # The decision sent from the page left open: refused politely, nothing issued.
    for decision in ("approve", "refuse", "missing"):
        response = client.post(
            f"/officer/permits/{application.id}",
            data={"csrf_token": token, "decision": decision, "reason": "x", "missing": ["photo"]},
        )
        assert response.status_code == 302 and response.location.endswith(f"/officer/permits/{application.id}")
    assert "The applicant withdrew this application: there is nothing to decide." in client.get(
        f"/officer/permits/{application.id}"
    ).get_data(as_text=True)
    assert reread(db, application).status == "withdrawn" and db.session.scalar(db.select(Permit)) is None

    # No decision to challenge: the officer's need to see the person's documents and reports ends with it.
    assert client.get(documents[0]).status_code == 404
    assert not officer_case(application.person_id, officer.grants[0])


def test_a_holders_withdrawn_replacement_is_said_on_the_card(client, db, applicant, post_form):
    holding(db)
    assert send(client, "replacement").status_code == 302
    [replacement] = applications(db)
    card = client.get("/me/permit").get_data(as_text=True)
    assert f'action="{withdraw_url(replacement)}"' in card
    confirm(client, replacement)
    card = client.get("/me/permit").get_data(as_text=True)
    assert re.search(rf"Replacement of a lost card</strong>: ?You withdrew your application on {TODAY_EN}\.", card)
    assert "I lost my card: replace it" in card  # may ask again
    assert send(client, "replacement").status_code == 302
    assert [a.status for a in applications(db)] == ["withdrawn", "submitted"]


def test_the_copy_of_ones_data_says_withdrawn_in_words(client, db, applicant, post_form):
    application = sent(db, post_form)
    confirm(client, application)
    for lang, status, when in (
        ("en", "Withdrawn by the applicant before a decision", "Withdrawn on"),
        ("zh", "申请人在审核前已撤回", "撤回时间"),
    ):
        response = post_form("/account/my-data", headers={"Accept-Language": lang}, page="/account")
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        assert json.loads(archive.read("my-data.json"))["permit_applications"][0]["status"] == "withdrawn"
        html = archive.read("my-data.html").decode()
        assert status in html and when in html
