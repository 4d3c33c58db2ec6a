"""A page number from the address is bounded before any statement sees it: `?page=99999999999999999999999` on a
list is its last page, never a 500 (SQLite overflows at 2^63, PostgreSQL's parameters and OFFSET at 2^63 too)."""

import pytest

from tests.conftest import token_from
from tests.support.factories import create_employer, create_vacancy
from webapp.security.roles import Role

HUGE = ["99999999999999999999999", str(2**63), str(2**63 - 1), str(2**31), "-99999999999999999999999"]

#: Every list a page number is read for (webapp/paging.py, and the lists that bound it themselves).
LISTS = [
    "/jobs",
    "/account",
    "/coordinator",
    "/coordinator/conflicts",
    "/coordinator/permits",
    "/officer/vacancies",
    "/officer/requests",
    "/officer/permits",
    "/admin/audit",
    "/admin/staff",
]


@pytest.fixture
def everyone(client, create_account, community, sign_in):
    """Signed in with every role in the community's county, so every list answers."""
    account = create_account(*[r.value for r in Role], place=community, department="public_security")
    sign_in(account)
    client.environ_base["HTTP_X_CSRFTOKEN"] = token_from(client.get("/account").get_data(as_text=True))
    return account


@pytest.mark.parametrize("number", HUGE)
def test_a_page_number_too_big_for_the_database_is_no_error(client, everyone, number):
    for url in LISTS:
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200, (url, number, response.status_code)


@pytest.mark.parametrize("number", HUGE[:2])
def test_an_anonymous_visitor_gets_the_last_page_of_the_jobs_board(client, db, community, number):
    create_vacancy(create_employer(), community, title="包装工")
    page = client.get(f"/jobs?page={number}")
    assert page.status_code == 200 and "包装工" in page.get_data(as_text=True)


def test_the_admins_lists_past_the_end_show_their_last_page(client, everyone, community, create_account):
    create_account("coordinator", place=community, display_name="赵磊")
    for url in ("/admin/staff", "/admin/audit", "/account"):
        last = client.get(f"{url}?page=1").get_data(as_text=True)
        huge = client.get(f"{url}?page={HUGE[0]}").get_data(as_text=True)
        assert huge.count("<tr") == last.count("<tr"), url
    assert "赵磊" in client.get(f"/admin/staff?page={HUGE[0]}").get_data(as_text=True)


@pytest.mark.parametrize("number", HUGE)
def test_a_posting_number_too_big_for_the_database_is_no_posting(client, everyone, number):
    """?vacancy= on the referral form is any integer the address holds: beyond an id, no posting (404), no 500."""
    assert client.get(f"/me/jobs/ask?vacancy={number}").status_code == 404
