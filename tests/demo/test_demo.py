"""Demo data: every role, in real communities; demo sign-in only in the demo configuration."""

import pytest

from tests.conftest import token_from
from webapp.accounts.models import Account
from webapp.accounts.roles import Role
from webapp.demo.data import DEMO_ACCOUNTS, load_demo
from webapp.places.loader import load_places, read_divisions


@pytest.fixture
def demo_app(db, make_app):
    demo = make_app("development", RATELIMIT_STORAGE_URI="memory://", SERVER_NAME="localhost")
    with demo.app_context():
        load_places(read_divisions(prefixes=("370303", "330302", "3703", "3303")))
        load_demo()
    return demo


def test_demo_has_every_role_in_real_places(demo_app, db):
    accounts = db.session.scalars(db.select(Account)).all()
    assert {role for a in accounts for role in a.roles()} == set(Role)
    assert any(len(a.roles()) > 1 for a in accounts)  # one account, several roles
    places = {g.place.code for a in accounts for g in a.grants if g.place}
    assert any(code.startswith("3703") for code in places) and any(code.startswith("3303") for code in places)
    assert load_demo() == 0  # safe to load again


def test_demo_sign_in_buttons_under_a_banner(demo_app):
    client = demo_app.test_client()
    html = client.get("/signin").get_data(as_text=True)
    assert 'class="demo-banner"' in html
    assert html.count('action="/demo/sign-in"') == len(DEMO_ACCOUNTS)
    response = client.post("/demo/sign-in", data={"csrf_token": token_from(html), "reference": "XJDMCRDZ"})
    assert response.status_code == 302
    assert "赵磊" in client.get("/").get_data(as_text=True)


def test_demo_sign_in_refuses_other_accounts(demo_app, create_account):
    real = create_account("admin")
    client = demo_app.test_client()
    html = client.get("/signin").get_data(as_text=True)
    response = client.post("/demo/sign-in", data={"csrf_token": token_from(html), "reference": real.reference})
    assert response.status_code == 404


def test_no_demo_in_the_test_configuration(client):
    assert client.post("/demo/sign-in").status_code in (400, 404)
    assert "demo-banner" not in client.get("/signin").get_data(as_text=True)
