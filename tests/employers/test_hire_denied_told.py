"""A worker who says an employer's reported hire is not right: the organisation's members are told (not left
waiting with the hire gone from their list), without the worker's reason; a reason of invisible characters says
nothing and is refused."""

from tests.employers.test_hire_claims import employer_account, hire  # noqa: F401 (a fixture)
from webapp.employers.models import Employment
from webapp.notifications.models import Notification
from webapp.people.models import Person


def test_the_employer_is_told_when_the_worker_says_no(client, db, migrant, employer_account, sign_in, post_form):  # noqa: F811
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number, name="张三")
    employment = db.session.scalar(db.select(Employment))

    sign_in(migrant)
    page = client.get(f"/me/jobs/{employment.id}").get_data(as_text=True)
    assert "The employer is told only that you said no" in page
    answer = post_form(f"/me/jobs/{employment.id}", {"answer": "deny", "reason": "我不认识这家公司"})
    assert answer.status_code == 302

    [told] = db.session.scalars(db.select(Notification).where(Notification.account_id == employer_account.id)).all()
    assert told.kind == "employment.hire_denied" and told.link == f"/employer/employments/{employment.id}"
    sign_in(employer_account)
    inbox = client.get("/me/inbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "张三, whom you reported as a new worker, says this is not right" in inbox
    assert "我不认识这家公司" not in inbox  # the reason is for the coordinator
    assert client.get(told.link).status_code == 200


def test_a_reason_of_invisible_characters_is_refused(client, db, migrant, employer_account, sign_in, post_form):  # noqa: F811
    her = db.session.scalar(db.select(Person).where(Person.account_id == migrant.id))
    sign_in(employer_account)
    hire(post_form, her.id_number)
    employment = db.session.scalar(db.select(Employment))
    sign_in(migrant)
    refused = post_form(f"/me/jobs/{employment.id}", {"answer": "deny", "reason": "\u200b\u3000"})
    assert refused.status_code == 200 and "Say what is wrong" in refused.get_data(as_text=True)
    db.session.refresh(employment)
    assert employment.status == "pending"
