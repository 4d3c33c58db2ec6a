"""kill -9 of the server mid-burst (issue 13, point 10): coordinators' devices sync to gunicorn, every process of it
is killed while requests are in flight; every visit the server acknowledged is stored exactly once, and when the
devices send their whole outboxes again to a new server, every visit is stored once and none twice."""

import threading
import time

import pytest

from scripts.loadtest import Server, SyncClient, stored_counts
from scripts.signed_in import session_cookie

pytestmark = pytest.mark.server_process  # its waits fail under faketime: not in make test-dates


@pytest.fixture
def caseload(db, create_account, create_place):
    from tests.support.factories import create_reports

    community = create_place("370303001001")
    coordinators = [create_account("coordinator", place=community) for _ in range(4)]
    receipts = [r.receipt for r in create_reports(community, 40, status="submitted")]
    return coordinators, receipts


@pytest.fixture
def server(app, db):
    servers = []

    def _start():
        servers.append(Server(app.config["SQLALCHEMY_DATABASE_URI"], workers=2).start())
        return servers[-1]

    yield _start
    for running in servers:
        running.close()


def test_a_server_killed_mid_burst_loses_nothing_acknowledged_and_stores_nothing_twice(app, db, caseload, server):
    coordinators, receipts = caseload
    first = server()
    devices = [
        SyncClient(first.port, session_cookie(app, c.id), f"crash{n}", receipts, batch=5)
        for n, c in enumerate(coordinators)
    ]
    killed = threading.Event()
    threads = [threading.Thread(target=d.run_until, args=(time.monotonic() + 120, killed)) for d in devices]
    for thread in threads:
        thread.start()
    give_up = time.monotonic() + 90
    while sum(len(d.acknowledged) for d in devices) < 60:  # well into the burst
        assert time.monotonic() < give_up, [d.failures[:3] for d in devices]  # never hang: say why nothing is stored
        time.sleep(0.05)
    first.kill()
    killed.set()
    for thread in threads:
        thread.join()

    acknowledged = set().union(*(d.acknowledged for d in devices))
    sent = set().union(*(d.sent for d in devices))
    stored = stored_counts(app)
    assert acknowledged and len(sent) > len(acknowledged)  # some were in flight or unsent when it died
    assert all(stored.get(client_id) == 1 for client_id in acknowledged)
    assert set(stored) <= sent and all(n == 1 for n in stored.values())

    second = server()
    for device in devices:
        device.port, device.failures = second.port, []
        device.resend_all()
        assert not device.failures
    stored = stored_counts(app)
    assert set(stored) == sent
    assert all(n == 1 for n in stored.values())
