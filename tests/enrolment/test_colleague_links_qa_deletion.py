# ruff: noqa: F811 - the fixtures imported from the feature's own tests
"""QA (account deletion): the colleague links a member made stop working when the member deletes their account; an
account answers for one organisation, and two links of different organisations accepted at the same moment cannot
join it to both (the database refuses the second; the person reads the same plain refusal, never an error)."""

from tests.conftest import token_from
from tests.employers.test_colleagues import hr, make_link, members_of  # noqa: F401 (fixture)
from webapp.employers.models import EmployerMember
from webapp.enrolment import links
from webapp.enrolment.models import OneTimeLink

GONE = "This link no longer works"


def test_the_links_a_member_made_stop_working_when_they_delete_their_account(
    client, db, hr, create_account, sign_in, post_form
):
    account, employer = hr
    staying = create_account("employer", display_name="刘洋")
    employer.members.append(EmployerMember(account=staying))
    db.session.commit()
    sign_in(account)
    theirs = make_link(client, post_form, name="王芳")
    sign_in(staying)
    mine = make_link(client, post_form, name="张伟")

    sign_in(account)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "links you made for colleagues to join it stop working" in page
    assert post_form("/account/delete", {"understood": "y"}).status_code == 302

    sign_in(create_account("migrant", display_name="王芳"))
    gone = client.get(theirs)
    assert gone.status_code == 410
    text = gone.get_data(as_text=True)
    assert GONE in text and "no longer answers for the organisation" in text
    zh = client.get(theirs, headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "此链接已失效" in zh
    assert post_form(f"{theirs}/accept", page="/").status_code == 410
    assert members_of(db, employer) == {"刘洋"}

    sign_in(create_account("migrant", display_name="张伟"))
    assert post_form(f"{mine}/accept", page=mine).status_code == 302  # a colleague's own link still works
    assert members_of(db, employer) == {"刘洋", "张伟"}


def test_two_organisations_links_accepted_at_the_same_moment_join_one_account_to_one(
    client, db, hr, create_account, create_employer, sign_in, post_form, monkeypatch
):
    first, employer = hr
    sign_in(first)
    ours = make_link(client, post_form, name="王芳")
    other_hr = create_account("employer", display_name="赵敏")
    other = create_employer(other_hr, name="淄博鞋业有限公司", uscc="91370303MA3C5QW1PF")
    sign_in(other_hr)
    theirs = make_link(client, post_form, name="王芳")

    joining = sign_in(create_account("migrant", display_name="王芳"))
    assert post_form(f"{ours}/accept", page=ours).status_code == 302
    # The other accept checked before the first was saved: it found no organisation of the account's yet.
    token = token_from(client.get("/").get_data(as_text=True))
    real, checked = links.colleague_problem, []

    def check_before_the_first_was_saved(link, account):
        checked.append(link.id)
        return None if len(checked) == 1 else real(link, account)

    monkeypatch.setattr(links, "colleague_problem", check_before_the_first_was_saved)
    refused = client.post(f"{theirs}/accept", data={"csrf_token": token})
    assert len(checked) == 1  # the accept passed the check: the database refused the second organisation
    assert refused.status_code == 302 and refused.location.endswith(theirs)
    text = client.get(theirs).get_data(as_text=True)
    assert "You already answer for another organisation on Xinju" in text
    assert members_of(db, employer) == {"陈静", "王芳"} and members_of(db, other) == {"赵敏"}
    link = db.session.scalar(db.select(OneTimeLink).filter_by(employer_id=other.id))
    assert link.used_at is None and link.account_id is None  # not used up by a refused account
    memberships = db.session.scalars(db.select(EmployerMember.employer_id).filter_by(account_id=joining.id)).all()
    assert memberships == [employer.id]
