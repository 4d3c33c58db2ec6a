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
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

from webapp import create_app
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport


def sign_in(app, client, account_id: int) -> None:
    """The test client signed in as that account, with a session kept on the server (as after a passkey sign-in)."""
    from webapp.accounts import sessions
    from webapp.accounts.models import Account

    with app.app_context():
        token = sessions.start(db.session.get(Account, account_id), verified=True)
    with client.session_transaction() as session:
        session["_user_id"], session[sessions.TOKEN], session["_fresh"] = str(account_id), token, True


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
    sign_in(app, client, coordinator_id)
    for label, path in (
        ("coordinator caseload (page 1)", "/coordinator"),
        ("coordinator caseload (JSON)", "/coordinator/caseload.json"),
    ):
        show(label, timed(client, path))
    jobs_board(app, client)


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
