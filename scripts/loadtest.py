"""Load test (not a test of the suite): coordinators' devices syncing visits to gunicorn at once, on SQLite or
PostgreSQL, counting the visits the server acknowledged against those stored. `make loadtest` runs it.

    .venv/bin/python scripts/loadtest.py [--database-url URL] [--clients 16 64] [--seconds 60] [--workers 4]

For each number of clients: a fresh database (an SQLite file, or the PostgreSQL URL given, whose schema is dropped
and rebuilt) with one community of --reports open reports and one coordinator per client, all in that community
(the summaries of one community are the contended rows); gunicorn with --workers sync workers; then each client, a
thread with its own session, sends batches of --batch visits until --seconds have passed, each visit with its own
client id, and counts what the server answered. Afterwards the database is read: every acknowledged visit must be
stored exactly once. Prints one line of figures per run; exits 1 when a visit was lost or stored twice, or a
request failed.

The pieces (world, server, session cookies, a syncing client) are used by tests/visits/test_sync_crash.py too.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from scripts.signed_in import session_cookie  # noqa: E402
from webapp import clock, create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

ORIGIN = "http://localhost"
ACKNOWLEDGED = ("stored", "conflict", "duplicate")


def overrides(url: str) -> dict:
    """The test configuration against this database, without what a load test must not trip over: rate limits,
    and a server name that the address it is served on would not match."""
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "PERMIT_KEYS_DIR": tempfile.mkdtemp(prefix="xinju-loadtest-keys-"),
    }


def make_app(url: str):
    return create_app("test", overrides(url))


def build(app, coordinators: int, reports: int) -> tuple[list[int], list[str]]:
    """A fresh schema, one Zibo community, its open reports and its coordinators: (coordinator ids, receipts)."""
    from flask_migrate import upgrade

    from webapp.accounts.models import Account, RoleGrant
    from webapp.people.models import Person
    from webapp.places.models import Place
    from webapp.registrations.models import ResidenceReport

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
        upgrade()
        return populate(coordinators, reports, Account, RoleGrant, Person, Place, ResidenceReport)


def populate(coordinators, reports, Account, RoleGrant, Person, Place, ResidenceReport):  # noqa: N803 - the models
    parent = None
    levels = (("3703", "city"), ("370303", "county"), ("370303001", "township"), ("370303001001", "community"))
    for code, level in levels:
        place = db.session.scalar(db.select(Place).where(Place.code == code))
        if place is None:
            place = Place(code=code, name=f"place {code}", level=level, parent=parent)
            db.session.add(place)
        parent = place
    community = parent
    accounts = []
    for n in range(coordinators):
        account = Account(display_name=f"load coordinator {n}")
        account.grants = [RoleGrant(role="coordinator", place=community)]
        accounts.append(account)
    db.session.add_all(accounts)
    from webapp.registrations import lifecycle

    rows = []
    for n in range(reports):
        person = Person(
            name=f"居民{n}",
            sex="female",
            ethnicity="01",
            birth_date=date(1990, 1, 1),
            id_number=f"L{n:017d}",
            hukou_county_code="411525",
        )
        report = ResidenceReport(
            person=person,
            place=community,
            road="人民路",
            number=f"{n % 60}号",
            housing_type="rental",
            arrival_date=clock.today() - timedelta(days=n % 300),
            stay_count=None,
            reason="work",
            profile_id="shandong-2018",
            decisions=[],
        )
        lifecycle.submitted(report, actor=None)  # its status, and the event behind it, as a report sent has
        rows.append(report)
    db.session.add_all(rows)
    db.session.commit()
    return [a.id for a in accounts], [r.receipt for r in rows]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the test configuration on `url` (or another app: `factory`, with `env` added to the
    environment), in its own process group (so kill() takes every worker)."""

    def __init__(
        self,
        url: str,
        workers: int = 4,
        port: int | None = None,
        factory: str | None = None,
        env: dict[str, str] | None = None,
    ):
        self.url, self.workers, self.port = url, workers, port or free_port()
        self.factory = factory or f"webapp:create_app('test', {overrides(url)!r})"
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()

    def start(self, timeout: float = 60) -> "Server":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "120"]
            + ["--log-level", "warning", self.factory],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                connection.request("GET", "/healthz")
                if connection.getresponse().status in (200, 503):
                    return self
            except OSError:
                time.sleep(0.2)
            finally:
                connection.close()
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"gunicorn stopped: {self.log.read().decode()[-2000:]}")
        raise RuntimeError("gunicorn did not answer in time")

    def errors(self) -> list[str]:
        """The last line of each traceback gunicorn logged (the error's type and message), at most 5."""
        if self.log.closed:
            return []
        self.log.seek(0)
        lines = self.log.read().decode(errors="replace").splitlines()
        found = [line[:200] for line in lines if line and not line.startswith((" ", "Traceback", "[")) and ":" in line]
        return sorted(set(found))[:5]

    def kill(self) -> None:
        """kill -9 of the master and every worker, mid-request."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def close(self) -> None:
        self.stop()
        self.log.close()


def visit(client_id: str, receipt: str) -> dict:
    # The server's own clock (not the app's, which a test may have pinned): a visit is refused if recorded more
    # than 30 days before the server's now.
    recorded = datetime.fromtimestamp(time.time(), UTC) - timedelta(minutes=1)
    return {
        "client_id": client_id,
        "receipt": receipt,
        "seen_version": 1,
        "outcome": "confirmed",
        "recorded_at": recorded.isoformat().replace("+00:00", "Z"),
        "corrections": {},
        "notes": "",
    }


@dataclass
class SyncClient:
    """One coordinator's device: sends its outbox in batches and remembers what the server acknowledged."""

    port: int
    cookie: str
    name: str
    receipts: list[str]
    batch: int = 10
    sent: dict = field(default_factory=dict)  # client_id -> visit, everything ever sent
    acknowledged: set = field(default_factory=set)
    latencies: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # (status or exception name)
    seq: int = 0

    def next_batch(self) -> list[dict]:
        batch = []
        for _ in range(self.batch):
            self.seq += 1
            item = visit(f"{self.name}-{self.seq:06d}", random.choice(self.receipts))
            self.sent[item["client_id"]] = item
            batch.append(item)
        return batch

    def send(self, visits: list[dict]) -> bool:
        body = json.dumps({"visits": visits})
        headers = {
            "Content-Type": "application/json",
            "X-Xinju-Sync": "1",
            "Origin": ORIGIN,
            "Cookie": self.cookie,
            "Accept": "application/json",
        }
        start = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("POST", "/coordinator/sync", body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.failures.append(type(error).__name__)
            return False
        finally:
            connection.close()
        self.latencies.append(time.perf_counter() - start)
        if response.status != 200:
            self.failures.append(response.status)
            return False
        for result in json.loads(payload)["results"]:
            if result.get("status") in ACKNOWLEDGED:
                self.acknowledged.add(result["client_id"])
            else:
                self.failures.append(result.get("status"))
        return True

    def run_until(self, deadline: float, stop: threading.Event | None = None) -> None:
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            self.send(self.next_batch())

    def resend_all(self, size: int = 50) -> None:
        """What a device does when the server is back: send its whole outbox again."""
        items = list(self.sent.values())
        for start in range(0, len(items), size):
            self.send(items[start : start + size])


def warm_up(devices, seconds: float = 10) -> None:
    """Empty syncs from every device for a few seconds, so every worker has booted before the clock starts."""
    deadline = time.monotonic() + seconds

    def ping(device):
        while time.monotonic() < deadline:
            device.send([])
        device.latencies.clear()
        device.failures.clear()

    threads = [threading.Thread(target=ping, args=(d,)) for d in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def stored_counts(app) -> dict[str, int]:
    """client_id -> rows stored with it."""
    from webapp.visits.models import Visit

    with app.app_context():
        rows = db.session.execute(db.select(Visit.client_id, db.func.count()).group_by(Visit.client_id)).all()
        db.session.remove()
    return dict(rows)


def run(url: str, clients: int, seconds: float, workers: int, reports: int, batch: int) -> dict:
    app = make_app(url)
    coordinator_ids, receipts = build(app, clients, reports)
    server = Server(url, workers).start()
    try:
        devices = [
            SyncClient(server.port, session_cookie(app, cid), f"lt{n:03d}", receipts, batch)
            for n, cid in enumerate(coordinator_ids)
        ]
        warm_up(devices)
        deadline = time.monotonic() + seconds
        threads = [threading.Thread(target=d.run_until, args=(deadline,)) for d in devices]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    errors = server.errors()
    server.close()
    stored = stored_counts(app)
    acknowledged = set().union(*(d.acknowledged for d in devices))
    sent = set().union(*(d.sent for d in devices))
    latencies = sorted(x for d in devices for x in d.latencies)
    with app.app_context():
        db.engine.dispose()
    return {
        "database": url.split(":")[0].split("+")[0],
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "visits_sent": len(sent),
        "acknowledged": len(acknowledged),
        "stored": sum(stored.values()),
        "lost": len(acknowledged - set(stored)),
        "stored_twice": sum(1 for n in stored.values() if n > 1),
        "failures": sum(len(d.failures) for d in devices),
        "failure_kinds": dict(Counter(str(f) for d in devices for f in d.failures)),
        "server_errors": errors,
        "visits_per_s": round(len(acknowledged) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000) if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (its schema is dropped); an SQLite file otherwise")
    parser.add_argument("--clients", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    ok = True
    for clients in args.clients:
        url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='xinju-loadtest-')}/load.sqlite3"
        figures = run(url, clients, args.seconds, args.workers, args.reports, args.batch)
        print(json.dumps(figures), flush=True)
        ok = ok and figures["lost"] == 0 and figures["stored_twice"] == 0 and figures["failures"] == 0
        ok = ok and figures["stored"] == figures["acknowledged"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
