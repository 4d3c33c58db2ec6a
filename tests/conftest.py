"""Fixtures: app (per database), db (clean tables after each test), client (checks every HTML page), factories; the
app's clock pinned for every test (pinned_clock).

Databases: SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (make test does, .ci/run requires it).
"""

import json
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from tests.support import factories
from tests.support.authenticator import SoftAuthenticator
from tests.support.html_check import check_page
from tests.support.limits import reset_rate_limits
from tests.support.summaries import assert_summaries_match_a_recount
from webapp import clock, create_app
from webapp.extensions import db as _db
from webapp.extensions import limiter

pytest_plugins = ["tests.support.world"]

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
#: The instant the app's clock reads during a test (see pinned_clock): an ordinary Tuesday, mid-morning in China, with
#: no public holiday and no worked weekend in the six weeks after it (working days count plainly).
TEST_INSTANT = datetime(2026, 7, 14, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def pytest_collection_modifyitems(config, items):
    """A test marked postgresql_only keeps only its PostgreSQL variant (see DATABASES)."""
    kept = [i for i in items if not (i.get_closest_marker("postgresql_only") and "[sqlite" in i.nodeid)]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


#: make test-dates turns the page checks off (XINJU_TEST_PAGE_CHECKS=0): they look at a page's HTML, the same on any
#: day, and make test has made them already.
CHECK_PAGES = os.environ.get("XINJU_TEST_PAGE_CHECKS", "1") != "0"


class CheckingClient(FlaskClient):
    """A test client that checks every HTML page it receives (see tests/support/html_check.py)."""

    #: Never a 500: a test that means to provoke one sets this.
    allow_server_errors = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # English unless a test asks for Chinese (Accept-Language header or the lang cookie).
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        # A fresh application context per request, as in production: otherwise the test's own context (pushed
        # by the db fixture) would be reused, sharing `g` (CSRF token, signed-in user) and the SQLAlchemy session.
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if response.status_code == 500 and not self.allow_server_errors:
            raise AssertionError(f"500 from {response.request.method} {response.request.path}")
        if response.mimetype == "text/html" and response.status_code < 300 and CHECK_PAGES:
            check_page(response.get_data(as_text=True), where=f"{response.request.method} {response.request.path}")
        return response


@pytest.fixture(autouse=True)
def pinned_clock(request):
    """Every test runs at TEST_INSTANT on the app's clock (webapp.clock), unless it pins its own day.

    Not the browser tests: Chromium's JavaScript runs on the real clock, so they use clock.today() and pass on any
    day. Nor under XINJU_TEST_REAL_CLOCK=1 (`make test-dates` runs the suite under faketime with it): there every
    test that depends on the day must pin it itself.
    """
    if "browser" in request.keywords or os.environ.get("XINJU_TEST_REAL_CLOCK") == "1":
        yield
        return
    clock.pin(TEST_INSTANT)
    try:
        yield
    finally:
        clock.unpin()


@pytest.fixture
def test_day():
    """The suite's day (TEST_INSTANT) even under `make test-dates`, where the suite's own pin is off: for a test
    whose known answer is counted from that day (a date printed, a target rolled past a weekend, "this month")."""
    with clock.pinned_at(TEST_INSTANT):
        yield


def database_url(kind: str, tmp_path_factory) -> str:
    if kind == "postgresql":
        return worker_database(os.environ["TEST_DATABASE_URL"])
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def worker_database(url: str) -> str:
    """TEST_DATABASE_URL itself, or under pytest-xdist (make test runs two workers) a database of the worker's own
    beside it (xinju_test_gw0, …), created on first use: each worker drops and rebuilds its schema.

    Its commits do not wait for the disk (synchronous_commit=off, set on the database, so every connection to it
    has it, a server_process test's too): a test database need not survive a crash of the server, and what each
    transaction sees is unchanged. On a virtual disk a commit took 6.7 ms instead of 1.1."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    base = make_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    name = f"{base.database}_{worker}" if worker else base.database
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
            except DBAPIError:
                pass  # not the database's owner: its commits wait for the disk, as before
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_schema(app) -> None:
    """Start PostgreSQL from an empty schema, so the migrations are what builds it."""
    with app.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as connection:
                # A test run that was killed can leave connections holding locks on this database (it is only
                # for tests): end them, or the DROP below would wait for ever.
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session", params=DATABASES)
def app(request, tmp_path_factory):
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": database_url(request.param, tmp_path_factory),
            "PERMIT_KEYS_DIR": str(tmp_path_factory.mktemp("permit-keys")),
        },
    )
    app.test_client_class = CheckingClient
    reset_schema(app)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def db(app, request):
    with app.app_context():
        yield _db
        _db.session.rollback()
        try:
            if "summaries_out_of_date" not in request.keywords:
                assert_summaries_match_a_recount(_db)
        finally:
            _db.session.rollback()
            with _db.engine.begin() as connection:
                empty_every_table(connection)
            _db.session.remove()
            reset_rate_limits()


#: Rows of place or person from which PostgreSQL empties the tables with one TRUNCATE: deleting the places of two
#: cities (6,917) row by row fires every foreign key's check on each (9-27 s after a demo or synthetic city test),
#: while a TRUNCATE costs about 0.3 s whatever the tables hold (too much for the thousands of small tests).
TRUNCATE_FROM_ROWS = 1000


def empty_every_table(connection) -> None:
    tables = _db.metadata.sorted_tables
    if connection.dialect.name == "postgresql":
        many = connection.execute(
            text(
                "SELECT (SELECT count(*) FROM (SELECT 1 FROM place LIMIT :n) p)"
                " + (SELECT count(*) FROM (SELECT 1 FROM person LIMIT :n) q)"
            ),
            {"n": TRUNCATE_FROM_ROWS},
        ).scalar()
        if many >= TRUNCATE_FROM_ROWS:
            connection.execute(text("TRUNCATE " + ", ".join(f'"{table.name}"' for table in tables)))
            return
        # The DELETEs in one round trip (no parameters: psycopg sends them as one query): 41 statements one by one
        # took 16 ms at the end of each test, mostly waiting for the server's answers.
        connection.exec_driver_sql("; ".join(f'DELETE FROM "{table.name}"' for table in reversed(tables)))
        return
    for table in reversed(tables):
        connection.execute(table.delete())


@pytest.fixture
def make_app(app):
    """make_app(config_name, **overrides): another app on the test database (demo, production, probes).

    Extensions such as the rate limiter keep one state for the process, so the test app's is restored after.
    """
    made = []

    def _make(config_name="test", **overrides):
        other = create_app(config_name, {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **overrides})
        other.test_client_class = CheckingClient
        made.append(other)
        return other

    yield _make
    for other in made:
        with other.app_context():
            _db.session.remove()
            _db.engine.dispose()
    # Flask-Limiter keeps a production app's fallback switch, storage options and "storage is down" state on the
    # one shared object, and init_app does not reset them.
    limiter._storage_dead = False
    limiter._in_memory_fallback_enabled = False
    limiter._fallback_limiter = None
    limiter._storage_options = {}
    limiter.init_app(app)


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


@pytest.fixture
def create_account(db):
    return factories.create_account


@pytest.fixture
def create_place(db):
    return factories.create_place


@pytest.fixture
def create_person(db):
    return factories.create_person


@pytest.fixture
def create_rental(db):
    return factories.create_rental


@pytest.fixture
def create_employer(db):
    return factories.create_employer


@pytest.fixture
def sign_in(client):
    """sign_in(account, verified=True): the client is signed in as that account (as after a passkey sign-in), with a
    session on the server."""

    def _sign_in(account, verified=True):
        """`verified`: as just after a passkey sign-in (a fresh user verification, for sensitive actions)."""
        from flask_login.utils import _create_identifier

        from webapp.accounts.sessions import TOKEN, start

        token = start(account, verified=verified)
        with client.application.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()  # what login_user() keeps, so that Flask-Login leaves the cookie be
        with client.session_transaction() as session:
            session["_user_id"] = str(account.id)
            session[TOKEN] = token
            session["_fresh"] = True
            session["_id"] = identifier
        return account

    return _sign_in


@pytest.fixture
def authenticator():
    return SoftAuthenticator(origin="http://localhost")


def token_from(html: str) -> str:
    match = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def post_form(client):
    """post_form(url, data, page=url): open the page like a person would, then submit its form with its token."""

    def _post(url, data=None, page=None, **kwargs):
        token = token_from(client.get(page or url).get_data(as_text=True))
        return client.post(url, data={"csrf_token": token, **(data or {})}, **kwargs)

    return _post


@pytest.fixture
def ceremony(client):
    """ceremony(page, options_url, verify_url, authenticator, mode): a passkey ceremony as passkeys.js does it."""

    def _ceremony(page, options_url, verify_url, authenticator, mode="register", tamper=None):
        headers = {"X-CSRFToken": token_from(client.get(page).get_data(as_text=True)), "Accept": "application/json"}
        options = client.post(options_url, headers=headers, json={})
        assert options.status_code == 200, options.get_data(as_text=True)
        credential = (authenticator.get if mode == "signin" else authenticator.create)(options.get_json())
        if tamper:
            credential = tamper(credential)
        return client.post(verify_url, headers=headers, data=json.dumps(credential), content_type="application/json")

    return _ceremony
