"""Benchmark: the dashboards (city, county, community) and the busiest community's caseload (its coordinator's first
two pages) over an existing synthetic city, with where the time goes.

    .venv/bin/python scripts/bench_dashboard.py --database-url URL [--runs 9] [--profile]
    .venv/bin/python scripts/bench_dashboard.py --database-url URL --grow 100000,300000,1000000,3000000

Times each dashboard through the WSGI app in-process (one warm-up, then the median of --runs): wall and CPU time of
this process (time.process_time: Python, templates, the driver, and SQLite's own work), on PostgreSQL the mean CPU
time of its server processes for this database (from /proc, 10 ms ticks), the number of SQL statements and the
wall time spent in them. --profile prints the slowest statements (with PostgreSQL's or
SQLite's plan) and the top of a cProfile of one request. --grow adds synthetic migrants (webapp.synthetic, seeds
100, 101, ...) up to each total in turn and times the dashboards at each: the curve of what grows with the data.
The load average is printed with the figures: the machine is shared. Not a test: `make bench-dashboard`.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select, text  # noqa: E402

from scripts.signed_in import sign_in  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.accounts.models import Account, RoleGrant  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.places.models import Place  # noqa: E402
from webapp.registrations.models import ResidenceReport  # noqa: E402


class Statements:
    """Every SQL statement the engine runs, with its wall time."""

    def __init__(self, engine) -> None:
        self.seen: list[tuple[float, str, object]] = []
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn, _cursor, statement, parameters, _context, _many):
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(self, conn, _cursor, statement, parameters, _context, _many):
        self.seen.append((time.perf_counter() - conn.info["started"].pop(), statement, parameters))

    def take(self) -> list[tuple[float, str, object]]:
        seen, self.seen = self.seen, []
        return seen


def server_cpu(app) -> float:
    """PostgreSQL: the CPU seconds its backends serving this database have used so far (from /proc: the server runs
    on this machine), 0 on SQLite, whose work is this process's own."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            return 0.0
        pids = db.session.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).all()
        db.session.remove()
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def timed(app, client, path: str, statements: Statements, runs: int) -> dict:
    assert client.get(path).status_code == 200, path
    walls, cpus, sqls, counts = [], [], [], []
    server = server_cpu(app)
    server_total = 0.0
    for _ in range(runs):
        statements.take()
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        after = server_cpu(app)
        server_total, server = server_total + after - server, after
        assert response.status_code == 200, (path, response.status_code)
        seen = statements.take()
        sqls.append(sum(t for t, _s, _p in seen) * 1000)
        counts.append(len(seen))
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "sql": statistics.median(sqls),
        "server": server_total * 1000 / runs,
        "statements": max(counts),
        "bytes": len(response.get_data()),
    }


def explain(statement: str, parameters) -> str:
    dialect = db.engine.dialect.name
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
    return "\n".join("    " + " | ".join(str(v) for v in row) for row in rows)


def profile(app, client, path: str, statements: Statements) -> None:
    statements.take()
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    seen = sorted(statements.take(), key=lambda s: -s[0])
    print(f"\n== {path}: {len(seen)} statements, {sum(t for t, _s, _p in seen) * 1000:.1f} ms in SQL; the slowest:")
    with app.app_context():
        for seconds, statement, parameters in seen[:4]:
            print(f"  {seconds * 1000:.1f} ms: {' '.join(statement.split())[:300]}")
            print(explain(statement, parameters))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def accounts(app) -> tuple[int, list[tuple[str, str]]]:
    """An admin of both cities (made once), and the dashboards to time: both cities, the busiest county of Wenzhou
    and its busiest community."""
    with app.app_context():
        admin_id = db.session.scalar(select(Account.id).where(Account.display_name == "bench dashboard admin"))
        if admin_id is None:
            admin = Account(display_name="bench dashboard admin")
            admin.grants = [
                RoleGrant(role="admin", place=db.session.scalar(select(Place).where(Place.code == code)))
                for code in ("3703", "3303")
            ]
            db.session.add(admin)
            db.session.commit()
            admin_id = admin.id
        busiest = db.session.scalar(
            select(Place.code)
            .join(ResidenceReport, ResidenceReport.place_id == Place.id)
            .where(ResidenceReport.ended_on.is_(None), Place.code.like("3303%"))
            .group_by(Place.code)
            .order_by(func.count().desc())
            .limit(1)
        )
    return admin_id, [
        ("city (Zibo)", "3703"),
        ("city (Wenzhou)", "3303"),
        ("county", busiest[:6]),
        ("community", busiest),
    ]


def caseload_coordinator(app, code: str) -> int:
    """A coordinator of the community `code` (made once)."""
    with app.app_context():
        name = f"bench coordinator {code}"
        found = db.session.scalar(select(Account.id).where(Account.display_name == name))
        if found is None:
            coordinator = Account(display_name=name)
            place = db.session.scalar(select(Place).where(Place.code == code))
            coordinator.grants = [RoleGrant(role="coordinator", place=place)]
            db.session.add(coordinator)
            db.session.commit()
            found = coordinator.id
    return found


def run(app, statements: Statements, runs: int, show_profile: bool, caseload: bool = True) -> None:
    admin_id, boards = accounts(app)
    with app.app_context():
        migrants = db.session.scalar(select(func.count(ResidenceReport.id)).where(ResidenceReport.ended_on.is_(None)))
        dialect = db.engine.dialect.name
    client = app.test_client()
    sign_in(app, client, admin_id)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{dialect}: {migrants:,} current residence reports; load average {load}")
    print(f"  {'dashboard':18} {'wall ms':>8} {'CPU ms':>8} {'DB CPU':>8} {'SQL ms':>8} {'SQL #':>6} {'bytes':>8}")
    for label, code in boards:
        r = timed(app, client, f"/admin/places/{code}", statements, runs)
        print(
            f"  {label:18} {r['wall']:8.1f} {r['cpu']:8.1f} {r['server']:8.1f} {r['sql']:8.1f} {r['statements']:6}"
            f" {r['bytes']:8,}",
            flush=True,
        )
    if caseload:  # the busiest community's coordinator: the caseload's first two pages
        coordinator = app.test_client()
        sign_in(app, coordinator, caseload_coordinator(app, boards[3][1]))
        for label, path in (("caseload page 1", "/coordinator"), ("caseload page 2", "/coordinator?page=2")):
            r = timed(app, coordinator, path, statements, runs)
            print(
                f"  {label:18} {r['wall']:8.1f} {r['cpu']:8.1f} {r['server']:8.1f} {r['sql']:8.1f} {r['statements']:6}"
                f" {r['bytes']:8,}",
                flush=True,
            )
        if show_profile:
            profile(app, coordinator, "/coordinator", statements)
    if show_profile:
        for _label, code in boards[1:3]:
            profile(app, client, f"/admin/places/{code}", statements)


def grow(app, totals: list[int], statements: Statements, runs: int) -> None:
    from webapp.people.models import Person
    from webapp.summaries.counting import refresh_all
    from webapp.synthetic.generator import generate

    for stage, total in enumerate(totals):
        with app.app_context():
            have = db.session.scalar(select(func.count(Person.id))) or 0
            if total > have:
                start = time.perf_counter()
                generate(total - have, 100 + stage, echo=lambda *_: None)
                print(f"generated {total - have:,} migrants in {time.perf_counter() - start:.0f} s", flush=True)
                start = time.perf_counter()
                refresh_all()
                print(f"summaries counted in {time.perf_counter() - start:.0f} s", flush=True)
                if db.engine.dialect.name == "postgresql":  # fresh statistics, as a production database would have
                    db.session.remove()
                    start = time.perf_counter()
                    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                        connection.exec_driver_sql("VACUUM ANALYZE")
                    print(f"vacuumed and analysed in {time.perf_counter() - start:.0f} s", flush=True)
        run(app, statements, runs, False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--grow", help="totals of migrants to grow to in turn, e.g. 100000,300000,1000000")
    args = parser.parse_args()
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": args.database_url,
            "RATELIMIT_ENABLED": False,
            "PERMIT_KEYS_DIR": tempfile.mkdtemp(),
        },
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        statements = Statements(db.engine)
        if not args.grow and not db.session.scalar(text("SELECT count(*) FROM place")):
            raise SystemExit("no synthetic city here: make one with `make bench-admin` or --grow")
    if args.grow:
        grow(app, [int(n) for n in args.grow.split(",")], statements, args.runs)
    else:
        run(app, statements, args.runs, args.profile)


if __name__ == "__main__":
    main()
