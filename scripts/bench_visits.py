"""Benchmark: a coordinator's caseload with 2,000 open reports, and syncing 200 queued visits.

    .venv/bin/python scripts/bench_visits.py [--database-url URL] [--reports 2000] [--visits 200]

Builds a fresh database (SQLite file by default, or the PostgreSQL URL given, whose schema is dropped and rebuilt),
one community with N open residence reports, and a coordinator; then times, through the WSGI app in-process:
the caseload page (HTML), the caseload download (JSON), and one sync of M visits (then the same sync again, which
must store nothing new). Reports server time (median of 5) and bytes, raw and gzipped.
"""

import argparse
import gzip
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from scripts.signed_in import sign_in  # noqa: E402
from webapp import clock, create_app  # noqa: E402
from webapp.accounts.models import Account, RoleGrant  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.people.models import Person  # noqa: E402
from webapp.places.loader import load_places, read_divisions  # noqa: E402
from webapp.places.models import Place  # noqa: E402
from webapp.registrations import lifecycle  # noqa: E402
from webapp.registrations.models import ResidenceReport  # noqa: E402
from webapp.visits.models import Visit  # noqa: E402


def id_number(n: int) -> str:
    from stdnum.cn import ric

    birth = date(1970, 1, 1) + timedelta(days=n % 15000)
    body = f"411525{birth:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def build(app, reports: int):
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        load_places(read_divisions(prefixes=("3703",)))
        community = db.session.scalar(db.select(Place).where(Place.code == "370303001001"))
        coordinator = Account(display_name="bench coordinator")
        coordinator.grants = [RoleGrant(role="coordinator", place=community)]
        db.session.add(coordinator)
        now = clock.utcnow()
        for n in range(reports):
            person = Person(
                name=f"居民{n}",
                sex="female",
                ethnicity="01",
                birth_date=date(1990, 1, 1),
                id_number=f"{n:018d}",
                hukou_county_code="411525",
            )
            report = ResidenceReport(
                person=person,
                place=community,
                road=f"{['人民路', '新华街', '和平巷'][n % 3]}",
                number=f"{n % 60}号",
                building=f"{n % 8}栋",
                unit="1单元",
                room=f"{100 + n % 40}",
                housing_type="rental",
                arrival_date=clock.today() - timedelta(days=n % 300),
                stay_count=None,
                reason="work",
                profile_id="shandong-2018",
                decisions=[],
                created_at=now - timedelta(hours=n),
            )
            lifecycle.submitted(report, actor=None)  # the status, and the event behind it
            db.session.add(report)
            if n % 500 == 499:
                db.session.flush()
        db.session.commit()
        coordinator_id = coordinator.id
        if db.engine.dialect.name == "postgresql":
            # Statistics as autovacuum would leave them: without, the planner guessed one report where there are
            # 2,000 and chose nested loops over all of them.
            db.session.remove()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        return coordinator_id


#: The CPU time of this process (median of the runs behind the last timed()): on a shared machine it says more than
#: the wall time. On PostgreSQL the server's own CPU time is not in it.
CPU = {"ms": 0.0}


def timed(fn, runs=5):
    times, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        cpus.append((time.process_time() - cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
    CPU["ms"] = statistics.median(cpus)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--visits", type=int, default=200)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    coordinator_id = build(app, args.reports)
    client = app.test_client()
    sign_in(app, client, coordinator_id)
    print(f"database: {db.engine.dialect.name if False else url.split(':')[0]}; open reports: {args.reports}")
    for path in ("/coordinator", "/coordinator/caseload.json"):
        ms, response = timed(lambda path=path: client.get(path, headers={"Accept-Language": "zh"}))
        body = response.get_data()
        assert response.status_code == 200, response.status_code
        print(
            f"GET {path:28} {ms:8.1f} ms wall {CPU['ms']:7.1f} ms CPU  {len(body):>9,} bytes  "
            f"gzip {len(gzip.compress(body)):>8,} bytes"
        )
    cursor = client.get("/coordinator/caseload.json").get_json()["cursor"]
    ms, response = timed(lambda: client.get(f"/coordinator/caseload.json?since={cursor}"))
    size = len(response.get_data())
    print(f"GET caseload.json?since= (no change) {ms:8.1f} ms wall {CPU['ms']:7.1f} ms CPU  {size} bytes")
    feed = client.get("/coordinator/caseload.json").get_json()["items"][: args.visits]
    visits = [
        {
            "client_id": uuid.uuid4().hex,
            "receipt": item["r"],
            "seen_version": item["v"],
            "outcome": "confirmed",
            "recorded_at": clock.utcnow().isoformat() + "Z",
            "corrections": {},
            "notes": "",
        }
        for item in feed
    ]
    headers = {"X-Xinju-Sync": "1", "Origin": "http://localhost"}
    for label in ("first sync", "replay"):
        start = time.perf_counter()
        statuses = []
        for at in range(0, len(visits), 100):  # the server takes 100 visits a request (visits/schemas.MAX_VISITS)
            response = client.post("/coordinator/sync", json={"visits": visits[at : at + 100]}, headers=headers)
            assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[:300])
            statuses += [r["status"] for r in response.get_json()["results"]]
        ms = (time.perf_counter() - start) * 1000
        print(
            f"POST /coordinator/sync ({label}, {len(visits)} visits) {ms:8.1f} ms  "
            f"stored {statuses.count('stored')}, duplicate {statuses.count('duplicate')}"
        )
    with app.app_context():
        print("visits stored:", db.session.scalar(db.select(db.func.count(Visit.id))))


if __name__ == "__main__":
    main()
