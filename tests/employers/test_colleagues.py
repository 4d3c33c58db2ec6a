"""Colleagues: someone who answers for an organisation invites a colleague with a one-time link; they join with a
new passkey or with the account they have; anyone of them can remove another, never the last one."""

import pytest

from tests.conftest import token_from
from tests.employers.test_qa_staff import add_workers
from webapp.accounts.models import Account
from webapp.audit.models import AuditEvent
from webapp.employers.models import EmployerMember
from webapp.enrolment.models import OneTimeLink
from webapp.notifications.models import Notification


@pytest.fixture
def hr(create_account, create_employer):
    account = create_account("employer", display_name="陈静")
    employer = create_employer(account, name="淄博纺织有限公司")  # a valid code
    return account, employer


def make_link(client, post_form, name="刘洋") -> str:
    page = post_form("/employer/colleagues", {"display_name": name})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html  # the code to scan
    return "/colleague/" + html.split("/colleague/", 1)[1].split('"', 1)[0]


def members_of(db, employer) -> set[str]:
    db.session.expire_all()
    return {m.account.display_name for m in db.session.scalars(db.select(EmployerMember).filter_by(employer=employer))}


def sign_out(client):
    client.post("/signout", data={"csrf_token": token_from(client.get("/").get_data(as_text=True))})


def test_a_colleague_joins_with_a_new_passkey(client, db, hr, sign_in, post_form, ceremony, authenticator):
    account, employer = hr
    sign_in(account)
    assert "Colleagues" in client.get("/employer").get_data(as_text=True)
    path = make_link(client, post_form)
    link = db.session.scalar(db.select(OneTimeLink).filter_by(purpose="colleague"))
    assert (link.employer_id, link.display_name, link.created_by_id) == (employer.id, "刘洋", account.id)
    sign_out(client)

    page = client.get(path).get_data(as_text=True)
    assert "淄博纺织有限公司" in page and "陈静" in page and "刘洋" in page  # who asks, for what, and the new name
    result = ceremony(path, f"{path}/options", f"{path}/verify", authenticator)
    assert result.status_code == 200 and result.get_json()["redirect"] == "/employer"
    assert members_of(db, employer) == {"陈静", "刘洋"}
    colleague = db.session.scalar(db.select(Account).filter_by(display_name="刘洋"))
    assert {r.value for r in colleague.roles()} == {"employer"} and len(colleague.passkeys) == 1
    assert "淄博纺织有限公司" in client.get("/employer").get_data(as_text=True)  # signed in, their organisation
    assert client.get(path).status_code == 410  # once
    joined = db.session.scalar(db.select(AuditEvent).filter_by(action="colleague.joined"))
    assert (joined.actor_id, joined.subject_account_id) == (colleague.id, colleague.id)


def test_a_signed_in_account_joins_and_gains_the_employer_role(client, db, hr, create_account, sign_in, post_form):
    account, employer = hr
    sign_in(account)
    path = make_link(client, post_form)
    resident = sign_in(create_account("migrant", display_name="刘洋"))
    page = client.get(path).get_data(as_text=True)
    assert "You are signed in as 刘洋" in page and "/colleague/" in page
    response = post_form(f"{path}/accept", page=path)
    assert response.status_code == 302 and response.location == "/employer"
    db.session.expire_all()
    assert {r.value for r in db.session.get(Account, resident.id).roles()} == {"migrant", "employer"}
    assert members_of(db, employer) == {"陈静", "刘洋"}
    assert post_form(f"{path}/accept", page="/").status_code == 410


def test_someone_of_another_organisation_is_told_and_cannot_join(
    client, db, hr, create_account, create_employer, sign_in, post_form
):
    account, employer = hr
    sign_in(account)
    path = make_link(client, post_form)
    other = create_account("employer", display_name="王总")
    create_employer(other, name="别的公司", uscc="91330300MA2AGH3X1J")
    sign_in(other)
    page = client.get(path).get_data(as_text=True)
    assert "You already answer for another organisation" in page and f"{path}/accept" not in page
    assert post_form(f"{path}/accept", page="/").status_code == 302
    assert members_of(db, employer) == {"陈静"}
    assert db.session.scalar(db.select(OneTimeLink).filter_by(purpose="colleague")).used_at is None  # still usable
    sign_in(account)  # a member opening their own link
    assert "You already answer for this organisation" in client.get(path).get_data(as_text=True)


def test_removing_a_colleague_and_never_the_last_one(client, db, hr, create_account, sign_in, post_form):
    account, employer = hr
    colleague = create_account("employer", display_name="刘洋")
    employer.members.append(EmployerMember(account=colleague))
    db.session.commit()
    sign_in(account)
    page = client.get("/employer/colleagues").get_data(as_text=True)
    theirs = next(m.id for m in employer.members if m.account_id == colleague.id)
    mine = next(m.id for m in employer.members if m.account_id == account.id)
    assert f"/employer/colleagues/{theirs}/remove" in page
    response = post_form(f"/employer/colleagues/{theirs}/remove", page="/employer/colleagues")
    assert response.status_code == 302
    assert members_of(db, employer) == {"陈静"}
    told = db.session.scalar(db.select(Notification).filter_by(account_id=colleague.id))
    assert told is not None and told.kind == "colleague.removed"
    assert post_form(f"/employer/colleagues/{theirs}/remove", page="/employer/colleagues").status_code == 404

    assert "/remove" not in client.get("/employer/colleagues").get_data(as_text=True)  # the only one: no button
    refused = post_form(f"/employer/colleagues/{mine}/remove", page="/employer/colleagues", follow_redirects=True)
    assert "You are the only one who answers for your organisation" in refused.get_data(as_text=True)
    assert members_of(db, employer) == {"陈静"}
    sign_in(colleague)
    assert client.get("/employer").location == "/employer/setup"  # removed: their organisation's pages are gone


def test_leaving_oneself(client, db, hr, create_account, sign_in, post_form):
    account, employer = hr
    colleague = create_account("employer", display_name="刘洋")
    employer.members.append(EmployerMember(account=colleague))
    db.session.commit()
    sign_in(account)
    mine = next(m.id for m in employer.members if m.account_id == account.id)
    page = client.get("/employer/colleagues").get_data(as_text=True)
    assert "Stop answering for this organisation" in page
    assert post_form(f"/employer/colleagues/{mine}/remove", page="/employer/colleagues").status_code == 302
    assert members_of(db, employer) == {"刘洋"}
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="colleague.left")).subject_account_id == account.id
    assert db.session.scalar(db.select(Notification)) is None  # nobody to tell


def test_another_organisations_member_cannot_remove_or_see_ours(
    client, db, hr, create_account, create_employer, sign_in, post_form
):
    account, employer = hr
    mine = employer.members[0]
    outsider = create_account("employer", display_name="王总")
    create_employer(outsider, name="别的公司", uscc="91330300MA2AGH3X1J")
    sign_in(outsider)
    assert "陈静" not in client.get("/employer/colleagues").get_data(as_text=True)
    assert post_form(f"/employer/colleagues/{mine.id}/remove", page="/employer/colleagues").status_code == 404
    assert members_of(db, employer) == {"陈静"}


@pytest.mark.parametrize("role", [None, "migrant", "landlord", "coordinator"])
def test_only_employers_manage_colleagues(client, db, hr, create_account, community, sign_in, role):
    _account, employer = hr
    if role:
        sign_in(create_account(role, place=community if role == "coordinator" else None))
    mine = employer.members[0]
    for path, method in (("/employer/colleagues", "get"), (f"/employer/colleagues/{mine.id}/remove", "post")):
        status = getattr(client, method)(path).status_code
        assert status in ((302, 400) if role is None else (403, 400)), (path, status)
    assert members_of(db, employer) == {"陈静"}


def test_the_colleague_needs_a_name_and_the_form_says_so_in_their_language(
    client, db, hr, create_account, sign_in, post_form
):
    account, _employer = hr
    account.locale = "zh"
    db.session.commit()
    sign_in(account)
    page = post_form("/employer/colleagues", {"display_name": "   "}).get_data(as_text=True)
    assert 'id="display_name-error"' in page and "请输入同事的姓名" in page
    assert db.session.scalar(db.select(OneTimeLink)) is None


def test_an_organisation_already_on_xinju_says_how_to_join(client, db, hr, create_account, sign_in, post_form):
    sign_in(create_account("employer", display_name="刘洋"))
    page = post_form(
        "/employer/setup",
        {"name": "淄博纺织", "uscc": hr[1].uscc, "city": "3703", "county": "370303"},
    ).get_data(as_text=True)
    assert "already on Xinju. Ask the colleague who uses Xinju for it" in page and "human resources" in page


def test_the_only_one_answering_for_workers_cannot_delete_the_account_until_a_colleague_joins(
    client, db, hr, create_account, create_person, sign_in, post_form
):
    account, employer = hr
    add_workers(db, employer, create_person, 1, pending=1)
    sign_in(account)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "You are the only one who answers for your organisation, and it has workers" in page
    refused = post_form("/account/delete", {"understood": "y"})
    assert refused.status_code == 200 and db.session.get(Account, account.id).deactivated_at is None

    colleague = create_account("employer", display_name="刘洋")
    employer.members.append(EmployerMember(account=colleague))
    db.session.commit()
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302
    assert members_of(db, employer) == {"刘洋"}  # the colleague answers on, without a nameless member beside them
