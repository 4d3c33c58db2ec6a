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
    # Each role named once, as words of a sentence: a coordinator of two communities is one coordinator.
    assert "Sign in as 赵磊 (demo: Coordinator)" in html and "Coordinator + Coordinator" not in html
    assert "Sign in as 李强 (demo: Landlord + New resident)" in html
    zh = client.get("/signin", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "以赵磊的身份登录（演示：协管员）" in zh
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


def test_every_demo_account_has_something_to_do(demo_app, db):
    """Each demo account opens on work to do: a report of one's own, a tenant or worker to answer, a caseload in a
    community that exists, a queue with something in it, an area with migrants."""
    from webapp import clock
    from webapp.employers.models import EmployerMember, Employment
    from webapp.people.models import Person
    from webapp.permits.models import PermitApplication
    from webapp.places.models import Place
    from webapp.registrations.models import ResidenceReport
    from webapp.rentals.models import RentalProperty, Tenancy
    from webapp.services.models import ServiceRequest
    from webapp.visits.caseload import caseload_for

    def count(query) -> int:
        return db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))

    with demo_app.app_context():
        today = clock.today()
        for demo in DEMO_ACCOUNTS:
            account = db.session.scalar(db.select(Account).where(Account.reference == demo.reference))
            for grant in account.grants:
                todo = 0
                if grant.role == Role.MIGRANT:
                    todo = count(db.select(ResidenceReport).join(Person).where(Person.account_id == account.id))
                elif grant.role == Role.LANDLORD:
                    todo = count(
                        db.select(Tenancy)
                        .join(RentalProperty, RentalProperty.id == Tenancy.property_id)
                        .where(RentalProperty.landlord_id == account.id, Tenancy.status == "pending")
                    )
                elif grant.role == Role.EMPLOYER:
                    todo = count(
                        db.select(Employment)
                        .join(EmployerMember, EmployerMember.employer_id == Employment.employer_id)
                        .where(EmployerMember.account_id == account.id, Employment.status == "pending")
                    )
                elif grant.role == Role.COORDINATOR:
                    assert grant.place is not None and grant.place.level == "community", demo.reference
                    todo = len(caseload_for(account, today).items())
                elif grant.role == Role.OFFICER and grant.department == "public_security":
                    todo = count(db.select(PermitApplication).where(PermitApplication.county_id == grant.place_id))
                elif grant.role == Role.OFFICER:
                    todo = count(
                        db.select(ServiceRequest).where(
                            ServiceRequest.department == grant.department, ServiceRequest.county_id == grant.place_id
                        )
                    )
                elif grant.role == Role.ADMIN:
                    todo = count(
                        db.select(ResidenceReport)
                        .join(Place, Place.id == ResidenceReport.place_id)
                        .where(Place.code.startswith(grant.place.code))
                    )
                assert todo > 0, f"{demo.reference} ({grant.role}) has nothing to do"


def test_demo_officers_follow_every_service_request_of_the_demo(demo_app, db):
    """Each department a demo request goes to has a demo officer in that county."""
    from webapp.services.models import ServiceRequest

    with demo_app.app_context():
        officers = {
            (g.department, g.place_id)
            for a in db.session.scalars(db.select(Account))
            for g in a.grants_for(Role.OFFICER)
        }
        requests = db.session.scalars(db.select(ServiceRequest)).all()
        assert {r.department for r in requests} >= {"hrss", "education"}
        assert all((r.department, r.county_id) in officers for r in requests)


def test_demo_accounts_have_no_passkey_and_still_reach_sensitive_pages(demo_app):
    """The demo's sign-in buttons stand in for the passkey check (fresh_passkey); never outside the demo."""
    client = demo_app.test_client()
    html = client.get("/signin").get_data(as_text=True)
    client.post("/demo/sign-in", data={"csrf_token": token_from(html), "reference": "XJDMADMZ"})
    assert client.get("/staff/invite").status_code == 200
    assert client.get("/admin/staff.csv").status_code == 200


def test_the_demo_jobs_board(demo_app, db):
    """Two postings on the board, one waiting for the job-services officer 吴刚, and 王芳's shared referral for 陈静."""
    from webapp.vacancies.models import Referral, Vacancy

    client = demo_app.test_client()
    board = client.get("/jobs").get_data(as_text=True)
    assert "缝纫工（白班）" in board and "仓库打包员" in board and "质检员" not in board
    with demo_app.app_context():
        assert db.session.scalar(db.select(Vacancy.status).where(Vacancy.title == "质检员")) == "pending"
        assert db.session.scalar(db.select(Referral.shared)) is True
