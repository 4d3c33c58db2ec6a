"""QA of who may act on a posting and see who asked about it, by URL: the job-services office of another county, or
another department, neither reviews nor sees it; a resident never sees an employer's list of applicants; another
employer neither changes a posting nor reads its list."""

import pytest

from tests.conftest import token_from
from webapp.vacancies.models import Vacancy


@pytest.mark.parametrize(("county", "department"), [("370303", "education"), ("330302", "hrss")])
def test_an_office_elsewhere_cannot_review_by_url(
    client, db, vacancy, create_account, create_place, sign_in, county, department
):
    sign_in(create_account("officer", place=create_place(county), department=department))
    token = token_from(client.get("/officer/vacancies").get_data(as_text=True))
    page = f"/officer/vacancies/{vacancy.id}"
    response = client.post(page, data={"csrf_token": token, "decision": "take_down", "reason": "x"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Vacancy, vacancy.id).status == "approved"


def test_a_resident_never_sees_an_employers_applicants(client, db, vacancy, migrant, sign_in):
    sign_in(migrant)
    assert client.get(f"/employer/vacancies/{vacancy.id}").status_code == 403
    assert client.get("/employer/vacancies").status_code == 403


def test_another_employer_cannot_change_a_posting_or_read_its_list(
    client, db, vacancy, create_account, create_employer, posting_data, sign_in
):
    other = create_account("employer")
    create_employer(other, name="别家", uscc="91350100M000100Y43")
    sign_in(other)
    token = token_from(client.get("/employer/vacancies").get_data(as_text=True))
    edit = client.post(f"/employer/vacancies/{vacancy.id}/edit", data={"csrf_token": token, **posting_data()})
    assert edit.status_code == 404
    assert client.get(f"/employer/vacancies/new?from={vacancy.id}").status_code == 404  # nor copy it
    db.session.expire_all()
    assert db.session.get(Vacancy, vacancy.id).title == "包装工"
