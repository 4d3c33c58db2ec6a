"""Outages end cleanly (issue 13, point 7): with the database down a signed-in page is a 503 page in the person's
language, not a bare "Internal Server Error"; a database host that stops answering fails in seconds; /healthz says
503 without the database and reports a Redis outage, while sign-in keeps working on in-memory rate limits."""

import logging
import socket
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.home.test_config import PRODUCTION_ENV, production_env  # noqa: F401 - the fixture
from webapp.accounts.sessions import TOKEN
from webapp.config import ProductionConfig


@pytest.fixture
def database_down(tmp_path, make_app):
    """The test app's configuration on a database that cannot be opened (its directory does not exist)."""
    app = make_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    client = app.test_client()
    with client.session_transaction() as session:  # signed in before the outage
        session["_user_id"] = "1"
        session[TOKEN] = "a-session-the-server-cannot-look-up-now"
        session["_fresh"] = True
    return client


@pytest.mark.parametrize(
    ("language", "title", "body"),
    [("zh", "服务暂时无法使用", "请稍后再试。"), ("en", "The service is not available right now", "Try again later.")],
)
def test_a_signed_in_page_without_the_database_is_a_503_in_the_persons_language(database_down, language, title, body):
    database_down.set_cookie("lang", language, domain="localhost")
    response = database_down.get("/me")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert f"<h1>{title}</h1>" in html and body in html
    assert "Internal Server Error" not in html


def test_a_json_request_without_the_database_is_a_503_in_json(database_down):
    response = database_down.get("/coordinator/caseload.json", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json() == {"error": "Try again later."}


def test_production_database_connections_have_timeouts(monkeypatch):
    environ = {**PRODUCTION_ENV, "DATABASE_URL": "postgresql+psycopg://xinju@db.internal/xinju"}
    options = ProductionConfig.from_environment(environ)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["connect_timeout"] == 5
    assert "-c statement_timeout=15000" in options["connect_args"]["options"]
    assert options["pool_timeout"] <= 10
    tuned = ProductionConfig.from_environment(
        {**environ, "DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_STATEMENT_TIMEOUT": "4"}
    )["SQLALCHEMY_ENGINE_OPTIONS"]
    assert tuned["connect_args"]["connect_timeout"] == 2
    assert "-c statement_timeout=4000" in tuned["connect_args"]["options"]


@pytest.fixture
def silent_host():
    """A TCP port that accepts connections and never says a word (a database host that stopped answering)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield listener.getsockname()[1]
    listener.close()


def test_a_database_host_that_stops_answering_fails_in_seconds(production_env, make_app, silent_host):  # noqa: F811
    production_env(
        **{
            **PRODUCTION_ENV,
            "DATABASE_URL": f"postgresql+psycopg://xinju@127.0.0.1:{silent_host}/xinju",
            "DATABASE_CONNECT_TIMEOUT": "2",
        }
    )
    url = f"postgresql+psycopg://xinju@127.0.0.1:{silent_host}/xinju"
    app = make_app("production", RATELIMIT_STORAGE_URI="memory://", SQLALCHEMY_DATABASE_URI=url)
    answer = {}

    def probe():
        started = time.monotonic()
        answer["status"] = app.test_client().get("/healthz", base_url="https://xinju.example.gov.cn").status_code
        answer["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout=20)
    assert answer.get("status") == 503, "the health check did not answer within 20 s"
    assert answer["seconds"] < 8


def test_production_with_redis_down_still_signs_in_and_says_so(db, production_env, make_app, caplog):  # noqa: F811
    production_env(**PRODUCTION_ENV)
    app = make_app("production", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    client = app.test_client()
    base = {"base_url": "https://xinju.example.gov.cn"}
    from tests.conftest import token_from

    caplog.set_level(logging.WARNING)
    page = client.get("/signin", **base)
    assert page.status_code == 200
    headers = {"X-CSRFToken": token_from(page.get_data(as_text=True)), "Accept": "application/json"}
    headers["Referer"] = "https://xinju.example.gov.cn/signin"
    assert client.post("/signin/options", headers=headers, json={}, **base).status_code == 200
    assert any("falling back to in-memory" in r.getMessage() for r in caplog.records)
    health = client.get("/healthz", **base)
    assert health.status_code == 200
    assert health.get_json() == {"status": "degraded", "database": "up", "rate_limits": "memory (storage down)"}


@pytest.mark.postgresql_only
def test_a_slow_query_on_postgresql_is_cut_by_the_statement_timeout(app, db, production_env, make_app):  # noqa: F811
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    production_env(**{**PRODUCTION_ENV, "DATABASE_URL": url, "DATABASE_STATEMENT_TIMEOUT": "1"})
    production = make_app("production", RATELIMIT_STORAGE_URI="memory://")
    with production.app_context():
        assert db.session.scalar(text("SHOW statement_timeout")) == "1s"
        started = time.monotonic()
        with pytest.raises(OperationalError, match="statement timeout"):
            db.session.execute(text("SELECT pg_sleep(5)"))
        assert time.monotonic() - started < 3
        db.session.rollback()


def test_other_error_pages_render_without_the_database(database_down):
    """A 404 while the database is down is drawn as for a visitor (the header would load an account). A signed-in
    person's session is checked on the server first, so they get the 503 above: here nobody is signed in."""
    with database_down.session_transaction() as session:
        session.clear()
    response = database_down.get("/no-such-page")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.get_data(as_text=True)


def test_the_log_says_where_and_what_the_driver_said_never_the_statement(database_down, caplog):
    with caplog.at_level(logging.ERROR):
        database_down.get("/me")
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("database unavailable")]
    assert lines, caplog.text
    assert lines[0].startswith("database unavailable at ")
    assert "OperationalError: unable to open database file" in lines[0]
    assert "SELECT" not in caplog.text and "a-session-the-server-cannot-look-up-now" not in caplog.text
