"""QA of the staff side of the jobs board: what the office and the employer read about a posting, in Chinese."""

import pytest


@pytest.fixture
def pending(db, employer_account, community):
    from tests.support import factories
    from webapp.employers.rules import employer_of

    return factories.create_vacancy(employer_of(employer_account), community, status="pending", housing=True)


def test_the_housing_of_a_posting_is_not_called_the_housing_department(
    client, db, job_officer, employer_account, pending, sign_in
):
    """'Housing' is both a department (住房和城乡建设) and a posting's fact (住宿): the posting says 住宿."""
    sign_in(job_officer)
    html = client.get(f"/officer/vacancies/{pending.id}?lang=zh").get_data(as_text=True)
    assert "<dt>住宿</dt>" in html and "提供住宿" in html
    assert "住房和城乡建设" not in html
    sign_in(employer_account)
    html = client.get(f"/employer/vacancies/{pending.id}?lang=zh").get_data(as_text=True)
    assert "<dt>住宿</dt>" in html and "住房和城乡建设" not in html
    english = client.get(f"/employer/vacancies/{pending.id}?lang=en").get_data(as_text=True)
    assert "<dt>Housing</dt>" in english
