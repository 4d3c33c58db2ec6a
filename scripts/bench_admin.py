"""Benchmark: dashboards and a caseload over a city-sized synthetic data set.

    .venv/bin/python scripts/bench_admin.py --migrants 1000000 [--database-url URL] [--keep]

Builds (or, with --keep and an existing database, reuses) a database filled by `webapp.synthetic.generator.generate`,
then times through the WSGI app in-process: the city dashboard (Zibo and Wenzhou), a county dashboard, a
community dashboard (the busiest community) and that community's coordinator caseload (its first page, and
the whole of it as field mode downloads it); the jobs board (issue 16: the public list, filtered, signed out), the
job-services office's postings and requests of the county with the most postings, and the employer's page of the
posting with the most referrals. Median of 5 runs after one warm-up, server time only: wall-clock and CPU time
(time.process_time, which a loaded machine does not inflate). Not a test: run it with `make bench-admin`.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from scripts.signed_in import sign_in  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.accounts.models import Account, RoleGrant  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.places.models import Place  # noqa: E402
from webapp.registrations.models import ResidenceReport  # noqa: E402


def timed(client, path, runs=5):
    client.get(path)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times), statistics.median(cpu), len(response.get_data())


def vacuum_analyze():
    """PostgreSQL: fresh statistics and visibility maps, as autovacuum leaves a production database (right after
    a bulk load the planner guesses, and no scan is index-only: the busiest caseload took 31 ms instead of 26)."""
    if db.engine.dialect.name != "postgresql":
        return  # the SQLite generator runs ANALYZE itself (webapp/synthetic/writer.py)
    db.session.remove()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def show(label, timing):
    ms, cpu_ms, size = timing
    print(f"{label:32} {ms:9.1f} ms  {cpu_ms:9.1f} ms CPU  {size:>9,} bytes")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--migrants", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url")
    parser.add_argument("--keep", action="store_true", help="reuse the database if it already has data")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / f'xinju-bench-{args.migrants}.sqlite3'}"
    app = create_app(
        "test", {"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "PERMIT_KEYS_DIR": tempfile.mkdtemp()}
    )
    with app.app_context():
        from flask_migrate import upgrade

        existing = 0
        try:
            existing = db.session.scalar(select(func.count(ResidenceReport.id))) or 0
        except Exception:  # noqa: BLE001 - no tables yet
            db.session.rollback()
        if not (args.keep and existing):
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
            elif url.startswith("sqlite:///"):
                db.engine.dispose()
                for suffix in ("", "-wal", "-shm"):
                    Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
            upgrade()
            from webapp.synthetic.generator import generate

            start = time.perf_counter()
            generate(args.migrants, args.seed, echo=lambda *_: None)
            print(f"generated {args.migrants:,} migrants in {time.perf_counter() - start:.0f} s")
            from webapp.summaries.counting import refresh_all

            start = time.perf_counter()
            refresh_all()
            print(f"summaries counted in {time.perf_counter() - start:.0f} s")
            vacuum_analyze()
        busiest_id, _n = db.session.execute(
            select(ResidenceReport.place_id, func.count())
            .where(ResidenceReport.ended_on.is_(None))
            .group_by(ResidenceReport.place_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        community = db.session.get(Place, busiest_id)
        admin = Account(display_name="bench admin")
        admin.grants = [
            RoleGrant(role="admin", place=db.session.scalar(select(Place).where(Place.code == code)))
            for code in ("3703", "3303")
        ]
        coordinator = Account(display_name="bench coordinator")
        coordinator.grants = [RoleGrant(role="coordinator", place=community)]
        db.session.add_all([admin, coordinator])
        db.session.commit()
        admin_id, coordinator_id, codes = admin.id, coordinator.id, (community.code[:6], community.code)
        total = db.session.scalar(select(func.count(ResidenceReport.id)))
    print(f"database: {url.split(':')[0]}; residence reports: {total:,}; busiest community: {codes[1]}")
    client = app.test_client()
    sign_in(app, client, admin_id)
    for label, path in (
        ("city dashboard (Zibo)", "/admin/places/3703"),
        ("city dashboard (Wenzhou)", "/admin/places/3303"),
        ("county dashboard", f"/admin/places/{codes[0]}"),
        ("community dashboard", f"/admin/places/{codes[1]}"),
        ("staff list (both cities)", "/admin/staff"),
        ("audit log (both cities)", "/admin/audit"),
    ):
        show(label, timed(client, path))
    # ---- begin: assessment and work record (issue 16 points 3 and 4) -------------------------------------------
    assessment_bench(app, client, admin_id, coordinator_id, codes)
    # ---- end: assessment and work record -----------------------------------------------------------------------
    sign_in(app, client, coordinator_id)
    caseload(app, client, busiest_id)
    jobs_board(app, client)


def timed_cpu(client, path, runs=7, **options):
    """(median wall ms, median CPU ms of this process, the last response): the machine may be shared, so the CPU
    time says more than the wall time."""
    client.get(path, **options)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, **options)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(walls), statistics.median(cpus), response


def caseload(app, client, community_id: int) -> None:
    """The coordinator's caseload page, the field-mode download (whole, compressed) and a morning's update by
    cursor after 20 reports of the community changed."""
    import gzip
    import json

    gz = {"headers": {"Accept-Encoding": "gzip"}}
    for label, path in (
        ("coordinator caseload (page 1)", "/coordinator"),
        ("coordinator caseload (page 2)", "/coordinator?page=2"),
    ):
        wall, cpu, response = timed_cpu(client, path)
        print(f"{label:32} {wall:7.1f} ms wall {cpu:7.1f} ms CPU  {len(response.get_data()):>9,} bytes")
    wall, cpu, response = timed_cpu(client, "/coordinator/caseload.json", **gz)
    body = gzip.decompress(response.get_data())
    first = json.loads(body)
    print(
        f"{'field download (whole)':32} {wall:7.1f} ms wall {cpu:7.1f} ms CPU  {len(body):>9,} bytes, "
        f"{len(response.get_data()):,} gzipped, {len(first['items']):,} reports"
    )
    with app.app_context():
        changed = db.session.scalars(
            select(ResidenceReport).where(
                ResidenceReport.place_id == community_id,
                ResidenceReport.receipt.in_([i["r"] for i in first["items"][:20]]),
            )
        ).all()
        for report in changed:
            report.room, report.version = (report.room or "") + "A", report.version + 1
        db.session.commit()
    wall, cpu, response = timed_cpu(client, f"/coordinator/caseload.json?since={first['cursor']}", **gz)
    delta = json.loads(gzip.decompress(response.get_data()))
    print(
        f"{'field update (20 changed)':32} {wall:7.1f} ms wall {cpu:7.1f} ms CPU  {len(response.get_data()):>9,} bytes "
        f"gzipped, {len(delta['items'])} items, {len(delta['removed'])} removed"
    )


# ---- begin: assessment and work record (issue 16 points 3 and 4) ---------------------------------------------------
def cpu_timed(client, path, runs=5):
    """Median CPU time (time.process_time, this process: app and SQLite alike) and wall time, in ms."""
    client.get(path)
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        response = client.get(path)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(cpu), statistics.median(wall), len(response.get_data())


def assessment_bench(app, client, admin_id, coordinator_id, codes):
    """The nightly count (`flask jobs run`'s part: this month's snapshot and the work record of four periods), then
    the pages. A snapshot of last month is written as the job would have written it then, so that the month's
    ranking compares with something."""
    import os

    from flask_migrate import upgrade

    from webapp import clock
    from webapp.assessment import counting

    with app.app_context():
        upgrade()  # a database kept from before the assessment's migration
        today = clock.today()
        start_cpu, start = time.process_time(), time.perf_counter()
        counting.snapshot(today.replace(day=1) - timedelta(days=1))
        counts = counting.recount(today)
        print(
            f"assessment nightly count: {time.perf_counter() - start:.1f} s wall, "
            f"{time.process_time() - start_cpu:.1f} s CPU ({counts})"
        )
    month = f"{today.year:04d}-{today.month:02d}"
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'':40} {'CPU ms':>8} {'wall ms':>8}")
    sign_in(app, client, admin_id)
    for label, path in (
        ("assessment: Zibo's counties (year)", f"/admin/assessment/3703?period={today.year}"),
        ("assessment: Zibo's counties (month)", f"/admin/assessment/3703?period={month}"),
        ("assessment: a county's townships", f"/admin/assessment/{codes[0]}?period={today.year}"),
        ("work record: Zibo (month)", f"/admin/work-record/3703?period={month}"),
        ("work record: Zibo (year)", f"/admin/work-record/3703?period={today.year}"),
        ("work record: a county (year)", f"/admin/work-record/{codes[0]}?period={today.year}"),
        ("work record CSV: Zibo (year)", f"/admin/work-record/3703/work-record.csv?period={today.year}"),
    ):
        cpu, wall, size = cpu_timed(client, path)
        print(f"{label:40} {cpu:8.1f} {wall:8.1f}  {size:>9,} bytes")
    sign_in(app, client, coordinator_id)
    cpu, wall, size = cpu_timed(client, f"/coordinator/work-record?period={today.year}")
    print(f"{'work record: the coordinator (year)':40} {cpu:8.1f} {wall:8.1f}  {size:>9,} bytes")


# ---- end: assessment and work record -------------------------------------------------------------------------------


def jobs_board(app, client):
    """The jobs board at the city's scale: signed out, then the job-services officer and an employer."""
    from webapp.employers.models import EmployerMember
    from webapp.vacancies.models import Referral, Vacancy

    with app.app_context():
        county_id, postings = db.session.execute(
            select(Vacancy.county_id, func.count()).group_by(Vacancy.county_id).order_by(func.count().desc()).limit(1)
        ).one()
        county = db.session.get(Place, county_id)
        vacancy_id, referrals = db.session.execute(
            select(Referral.vacancy_id, func.count())
            .group_by(Referral.vacancy_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        employer_id = db.session.get(Vacancy, vacancy_id).employer_id
        hr = db.session.scalar(select(EmployerMember.account_id).where(EmployerMember.employer_id == employer_id))
        officer = Account(display_name="bench job services")
        officer.grants = [RoleGrant(role="officer", place=county, department="hrss")]
        db.session.add(officer)
        db.session.commit()
        officer_id, code = officer.id, county.code
        totals = (db.session.scalar(select(func.count(Vacancy.id))), db.session.scalar(select(func.count(Referral.id))))
    print(f"job postings: {totals[0]:,}; referrals: {totals[1]:,}; busiest county {code}: {postings:,} postings")
    with client.session_transaction() as session:
        session.clear()
    for label, path in (
        ("jobs board (signed out)", "/jobs"),
        ("jobs board, filtered", f"/jobs?county={code}&kind=manufacturing&wage=4000"),
        ("jobs board, page 5", "/jobs?page=5"),
    ):
        show(label, timed(client, path))
    sign_in(app, client, officer_id)
    for label, path in (
        ("job postings to review", "/officer/vacancies"),
        ("job-services requests", "/officer/requests"),
    ):
        show(label, timed(client, path))
    sign_in(app, client, hr)
    show(f"employer's posting ({referrals} asked)", timed(client, f"/employer/vacancies/{vacancy_id}"))


if __name__ == "__main__":
    main()
