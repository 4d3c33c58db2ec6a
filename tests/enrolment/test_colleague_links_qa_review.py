# ruff: noqa: F811 - the fixtures imported from the feature's own tests
"""QA review: a colleague's link handed out by someone who no longer answers for the organisation (taken off by the
county's office, or removed by a colleague) stops working; one who leaves of their own accord keeps their
successor's."""

from tests.employers.test_colleagues import make_link, members_of
from tests.enrolment.test_handover import USCC, hrss, taken, zhangdian  # noqa: F401 (fixtures)
from webapp.accounts.models import Account
from webapp.employers.models import EmployerMember


def test_the_impostors_links_stop_working_when_the_organisation_is_handed_over(
    client, db, taken, hrss, create_account, sign_in, post_form
):
    employer, impostor = taken
    sign_in(impostor)
    spare = make_link(client, post_form, name="冒名者二号")  # made before the office's check
    sign_in(hrss)
    member = employer.members[0].id
    made = post_form(
        f"/officer/organisations/{employer.id}/handover",
        {"display_name": "陈静", "remove": str(member), "checked": "y"},
        page=f"/officer/organisations?code={USCC}",
    )
    assert made.status_code == 200
    accomplice = sign_in(create_account("employer", display_name="冒名者二号"))
    assert client.get(spare).status_code == 410
    assert post_form(f"{spare}/accept", page="/").status_code == 410
    assert members_of(db, employer) == set()
    assert db.session.get(Account, accomplice.id) is not None
    # The link the office made still works for the person it checked.
    path = "/colleague/" + made.get_data(as_text=True).split("/colleague/", 1)[1].split('"', 1)[0]
    sign_in(create_account("employer", display_name="陈静"))
    assert post_form(f"{path}/accept", page=path).status_code == 302
    assert members_of(db, employer) == {"陈静"}


def test_a_removed_colleagues_links_stop_working(client, db, create_account, create_employer, sign_in, post_form):
    first = create_account("employer", display_name="陈静")
    employer = create_employer(first, name="淄博纺织有限公司")
    distrusted = create_account("employer", display_name="刘洋")
    employer.members.append(EmployerMember(account=distrusted))
    db.session.commit()
    sign_in(distrusted)
    theirs = make_link(client, post_form, name="刘洋的朋友")
    sign_in(first)
    mine = make_link(client, post_form, name="王芳")
    member = next(m.id for m in employer.members if m.account_id == distrusted.id)
    assert post_form(f"/employer/colleagues/{member}/remove", page="/employer/colleagues").status_code == 302
    sign_in(create_account("migrant", display_name="刘洋的朋友"))
    assert client.get(theirs).status_code == 410
    assert post_form(f"{theirs}/accept", page="/").status_code == 410
    assert members_of(db, employer) == {"陈静"}
    sign_in(create_account("migrant", display_name="王芳"))
    assert post_form(f"{mine}/accept", page=mine).status_code == 302  # the remaining member's link still works
    assert members_of(db, employer) == {"陈静", "王芳"}


def test_one_who_leaves_keeps_the_link_of_the_successor_they_invited(
    client, db, create_account, create_employer, sign_in, post_form
):
    leaving = create_account("employer", display_name="陈静")
    employer = create_employer(leaving, name="淄博纺织有限公司")
    staying = create_account("employer", display_name="刘洋")
    employer.members.append(EmployerMember(account=staying))
    db.session.commit()
    sign_in(leaving)
    successor = make_link(client, post_form, name="王芳")
    mine = next(m.id for m in employer.members if m.account_id == leaving.id)
    assert post_form(f"/employer/colleagues/{mine}/remove", page="/employer/colleagues").status_code == 302
    sign_in(create_account("migrant", display_name="王芳"))
    assert post_form(f"{successor}/accept", page=successor).status_code == 302
    assert members_of(db, employer) == {"刘洋", "王芳"}


def test_the_officer_who_hands_an_organisation_over_cannot_take_it_with_their_own_link(
    client, db, taken, hrss, sign_in, post_form
):
    employer, _impostor = taken
    sign_in(hrss)
    made = post_form(
        f"/officer/organisations/{employer.id}/handover",
        {"display_name": "陈静", "remove": str(employer.members[0].id), "checked": "y"},
        page=f"/officer/organisations?code={USCC}",
    )
    path = "/colleague/" + made.get_data(as_text=True).split("/colleague/", 1)[1].split('"', 1)[0]
    page = client.get(path).get_data(as_text=True)
    assert "You made this link" in page and f"{path}/accept" not in page
    assert post_form(f"{path}/accept", page=path).status_code == 302
    assert members_of(db, employer) == set()
    assert not db.session.get(Account, hrss.id).has_role("employer")
