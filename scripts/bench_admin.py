"""Benchmark: dashboards and a caseload over a city-sized synthetic data set.

    .venv/bin/python scripts/bench_admin.py --migrants 1000000 [--database-url URL] [--keep]

Builds (or, with --keep and an existing database, reuses) a database filled by `webapp.synthetic.generator.generate`,
then times through the WSGI app in-process: the city dashboard (Zibo and Wenzhou), a county dashboard, a
community dashboard (the busiest community) and that community's coordinator caseload (its first page, and
the whole of it as field mode downloads it). Median of 5 runs after one
warm-up, server time only. Not a test: run it with `make bench-admin`.
"""

import argparse
import statistics
import sys
import tempfile
import time
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
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times), len(response.get_data())


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
        ms, size = timed(client, path)
        print(f"{label:28} {ms:9.1f} ms  {size:>9,} bytes")
    sign_in(app, client, coordinator_id)
    for label, path in (
        ("coordinator caseload (page 1)", "/coordinator"),
        ("coordinator caseload (JSON)", "/coordinator/caseload.json"),
    ):
        ms, size = timed(client, path)
        print(f"{label:28} {ms:9.1f} ms  {size:>9,} bytes")


if __name__ == "__main__":
    main()
