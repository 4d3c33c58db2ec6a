"""An organisation set up by someone who should not answer for it (its code is public) is handed over by the county's
human resources and social security office, after checking the business licence in person."""

import pytest

from tests.employers.test_qa_staff import add_workers
from webapp.accounts.models import Account
from webapp.audit.models import AuditEvent
from webapp.employers.models import EmployerMember
from webapp.enrolment.models import OneTimeLink
from webapp.notifications.models import Notification

USCC = "91110000600037341L"  # the factory's (a valid code)


@pytest.fixture
def zhangdian(create_place):
    return create_place("370303001001")  # 张店区, with its county and city


@pytest.fixture
def taken(db, create_account, create_employer, create_person, zhangdian):
    """A real company's code, set up first by an impostor, with a worker who named the company."""
    impostor = create_account("employer", display_name="冒名者")
    employer = create_employer(impostor, name="淄博纺织有限公司")
    employer.place = zhangdian
    db.session.commit()
    add_workers(db, employer, create_person, 1)
    return employer, impostor


@pytest.fixture
def hrss(create_account, zhangdian):
    county = zhangdian.parent.parent
    return create_account("officer", place=county, department="hrss", display_name="人社孙")


def members_of(db, employer) -> set[str]:
    db.session.expire_all()
    return {m.account.display_name for m in db.session.scalars(db.select(EmployerMember).filter_by(employer=employer))}


def test_the_countys_office_hands_an_organisation_over(client, db, taken, hrss, create_account, sign_in, post_form):
    employer, impostor = taken
    sign_in(hrss)
    page = client.get(f"/officer/organisations?code={USCC.lower()}").get_data(as_text=True)
    assert "淄博纺织有限公司" in page and "冒名者" in page and "Hand it over" in page
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="organisation.viewed")).actor_id == hrss.id
    member = employer.members[0].id
    made = post_form(
        f"/officer/organisations/{employer.id}/handover",
        {"display_name": "陈静", "remove": str(member), "checked": "y"},
        page=f"/officer/organisations?code={USCC}",
    )
    assert made.status_code == 200 and "/colleague/" in made.get_data(as_text=True)
    assert members_of(db, employer) == set()
    told = db.session.scalar(db.select(Notification).filter_by(account_id=impostor.id))
    assert told.kind == "organisation.handed_over"
    link = db.session.scalar(db.select(OneTimeLink).filter_by(purpose="colleague"))
    assert (link.employer_id, link.display_name, link.created_by_id) == (employer.id, "陈静", hrss.id)
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"organisation.handed_over", "organisation.member_removed"} <= actions

    # The company's person joins with the link; the impostor's pages are gone.
    path = "/colleague/" + made.get_data(as_text=True).split("/colleague/", 1)[1].split('"', 1)[0]
    real = sign_in(create_account("employer", display_name="陈静"))
    assert post_form(f"{path}/accept", page=path).status_code == 302
    assert members_of(db, employer) == {"陈静"}
    assert "工人000" in client.get("/employer").get_data(as_text=True)
    sign_in(db.session.get(Account, impostor.id))
    assert client.get("/employer").location == "/employer/setup"
    assert real.id != impostor.id


def test_nothing_changes_without_the_in_person_check(client, db, taken, hrss, sign_in, post_form):
    employer, _impostor = taken
    sign_in(hrss)
    refused = post_form(
        f"/officer/organisations/{employer.id}/handover",
        {"display_name": "陈静", "remove": str(employer.members[0].id)},
        page=f"/officer/organisations?code={USCC}",
    )
    assert refused.status_code == 400
    assert "Check the business licence and the person" in refused.get_data(as_text=True)
    assert members_of(db, employer) == {"冒名者"}
    assert db.session.scalar(db.select(OneTimeLink)) is None


def test_the_search_says_what_it_found_in_words(client, db, taken, hrss, create_place, sign_in):
    sign_in(hrss)
    bad = client.get("/officer/organisations?code=123")
    assert bad.status_code == 400 and "not a valid unified social credit code" in bad.get_data(as_text=True)
    unknown = client.get("/officer/organisations?code=91350100M000100Y43")
    assert "No organisation with this code is on Xinju" in unknown.get_data(as_text=True)
    assert client.get("/officer/organisations").status_code == 200  # the empty search form


def test_another_countys_office_and_other_officers_cannot(
    client, db, taken, create_account, create_place, sign_in, post_form
):
    employer, _impostor = taken
    elsewhere = create_account("officer", place=create_place("330302"), department="hrss")
    sign_in(elsewhere)
    page = client.get(f"/officer/organisations?code={USCC}").get_data(as_text=True)
    assert "in another county" in page and "冒名者" not in page
    data = {"display_name": "X", "remove": str(employer.members[0].id), "checked": "y"}
    assert post_form(f"/officer/organisations/{employer.id}/handover", data, page="/").status_code == 404
    police = create_account("officer", place=employer.place.parent.parent, department="public_security")
    sign_in(police)
    assert client.get(f"/officer/organisations?code={USCC}").status_code == 403
    assert post_form(f"/officer/organisations/{employer.id}/handover", data, page="/").status_code == 404
    sign_in(create_account("employer"))
    assert client.get(f"/officer/organisations?code={USCC}").status_code == 403
    assert members_of(db, employer) == {"冒名者"}
