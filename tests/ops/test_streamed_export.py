"""/admin/audit.csv over a real HTTP server (not the test client, which keeps the app context open while it reads):
the whole body arrives, thousands of rows read a thousand at a time."""

import http.client
import threading

import pytest
from werkzeug.serving import make_server

from webapp.audit import log as audit


@pytest.fixture
def served(app, db):
    """The test app behind werkzeug's threaded server; yields a function that GETs a path with a session cookie."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def get(path: str, cookie: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=30)
        connection.request("GET", path, headers={"Host": "localhost", "Cookie": cookie, "Accept-Language": "en"})
        response = connection.getresponse()
        try:
            return response.status, response.read()
        finally:
            connection.close()

    yield get
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def session_cookie(client, sign_in, account) -> str:
    sign_in(account)  # a session kept on the server, with a fresh passkey check (exports ask for one)
    cookie = client.get_cookie("xinju_session") or client.get_cookie("__Host-xinju_session")
    return f"{cookie.key}={cookie.value}"


def test_the_audit_export_streams_its_whole_body(served, client, db, create_account, create_place, sign_in):
    county = create_place("370303", "张店区")
    admin = create_account("admin", place=county, display_name="管理员")
    for i in range(2500):  # more than two of the thousand-row reads
        audit.record("caseload.viewed", actor=admin, reason=f"r{i}")
    db.session.commit()

    status, body = served("/admin/audit.csv", session_cookie(client, sign_in, admin))

    lines = body.decode("utf-8").lstrip("\ufeff").splitlines()
    assert status == 200
    assert lines[0] == "at_utc,who,what,what_in_words,whom,why,why_in_words"
    assert len(lines) == 1 + 2500 + 1  # the events and this export itself
    assert sum(line.endswith(",管理员,caseload.viewed,Opened a caseload,,r0,r0") for line in lines) == 1
