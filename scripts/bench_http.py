"""Benchmark: signed-in pages served by gunicorn against a bare Flask page served the same way, in one run.

    .venv/bin/python scripts/bench_http.py [--database-url URL] [--migrants 20000] [--workers 2] [--seconds 10]
                                           [--connections 8] [--port 5600] [--keep]

Builds a database (an SQLite file, or the PostgreSQL URL given, whose schema is dropped and rebuilt) with the demo
accounts and their records (`flask demo load`) and --migrants synthetic migrants around them, and makes sessions on
the server for the demo migrant, coordinator, public-security officer and Zibo administrator. Then starts two
gunicorns with the same settings (--workers sync workers): a bare Flask app answering "hello", and Xinju in its
production configuration (rate limits in memory rather than Redis), and drives each page with wrk (GET, with the
session cookie as a browser holds it after a first visit of the page, a browser's User-Agent and Accept-Encoding).
For each page: requests per second, the servers' CPU time per request (the sum over the gunicorn processes, less
sensitive to what else runs on the machine), and both as a ratio to the bare page (measured before and after the
pages; the ratio is to their mean). A third gunicorn serves the floor (floor_app): the least a page that reads the
database costs on this stack, as a yardstick of what a page can reach. Not a test: `make bench-http`.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from scripts.loadtest import Server  # noqa: E402
from scripts.signed_in import session_cookie  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

SECRET_KEY = "bench-http-only-not-secret-0123456789abcdef"
COOKIE_NAME = "__Host-xinju_session"  # the production configuration's
ACCEPT_ENCODING = "br, gzip, deflate"  # what Chromium and Safari send
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) xinju-bench-http"

#: (label, demo account reference or None for nobody signed in, path)
PAGES = (
    ("start page (anonymous)", None, "/"),
    ("migrant home", "XJDMMGRT", "/"),
    ("migrant services", "XJDMMGRT", "/me/services"),
    ("coordinator caseload", "XJDMCRDZ", "/coordinator"),
    ("officer queue (permits)", "XJDMSVCE", "/officer/permits"),
    ("city dashboard (Zibo)", "XJDMADMZ", "/admin/places/3703"),
)


def bare_app():
    """The yardstick: Flask with one route and nothing else."""
    from flask import Flask

    app = Flask("bare")

    @app.get("/")
    def hello():
        return "hello"

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app


#: The floor's page: about the size of the services page (8-9 KB), 42 strings looked up in the catalogue (the
#: services page looks up about as many).
FLOOR_TEMPLATE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{{ _("Services") }}</title>
</head><body><header><nav>{% for label in links %}<a href="/{{ loop.index }}">{{ _(label) }}</a> {% endfor %}</nav>
</header><main><h1>{{ name }}</h1>{% for i in range(12) %}<section><h2>{{ _("Schooling") }} {{ i }}</h2>
<p>{{ _("You can ask for this service.") }} {{ _("Bring your residence permit and your ID card.") }}</p>
<p>{{ lorem }}</p></section>{% endfor %}</main></body></html>"""
LOREM = "居住证持有人可以申请子女入学、就业培训、社会保险、法律援助、医疗卫生和住房保障等服务。" * 4


FLOOR_LABEL = "floor (see floor_app)"


def floor_app(url: str = ""):
    """The least a signed-in page costs on this stack: Flask, one account read by its key (Flask-SQLAlchemy, one
    SELECT), a Jinja template of a page's size with its strings in Chinese (Flask-Babel, with the app's own _()), the
    response compressed as the app does (Flask-Compress, Brotli 5) - and nothing else: no session or sign-in, no
    CSRF token, no role or area check, no audit, no security headers. What it reaches is the most any page that
    reads the database could reach."""
    from flask import Flask, render_template
    from flask_babel import Babel
    from flask_compress import Compress
    from flask_sqlalchemy import SQLAlchemy
    from jinja2 import DictLoader

    from webapp.i18n import template_gettext

    app = Flask("floor", root_path=str(ROOT))  # the app's own translations/
    app.config.update(
        SQLALCHEMY_DATABASE_URI=url or os.environ["DATABASE_URL"],
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_BR_LEVEL=5,
    )
    app.jinja_loader = DictLoader({"floor.html": FLOOR_TEMPLATE})  # compiled once, as the app's templates are
    floor_db = SQLAlchemy(app)
    Babel(app, locale_selector=lambda: "zh")
    app.jinja_env.globals.update(template_gettext())  # the app's own _(): the catalogue looked up once a request
    Compress(app)
    links = ("Home", "Services", "Messages", "Your account", "Sign out")

    @app.get("/")
    def page():
        name = floor_db.session.execute(text("SELECT display_name FROM account WHERE id = 1")).scalar()
        return render_template("floor.html", name=name, links=links, lorem=LOREM)

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app


def setup_app(url: str, keys_file: Path, permit_keys: Path):
    """The app that builds the database and signs the benchmark's accounts in (the served one reads the same keys)."""
    return create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": None,
            "SECRET_KEY": SECRET_KEY,
            "SESSION_COOKIE_NAME": COOKIE_NAME,
            "DATA_KEYS_FILE": str(keys_file),
            "PERMIT_KEYS_DIR": str(permit_keys),
        },
    )


def build(app, migrants: int, keep: bool) -> None:
    from flask_migrate import upgrade

    from webapp.accounts.models import Account
    from webapp.demo.data import load_demo
    from webapp.summaries.counting import refresh_all
    from webapp.synthetic.generator import generate

    with app.app_context():
        if keep:
            try:
                if db.session.scalar(select(func.count(Account.id))):
                    print("database kept as it was")
                    return
            except Exception:  # noqa: BLE001 - no tables yet
                db.session.rollback()
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
        start = time.perf_counter()
        load_demo()
        if migrants:
            generate(migrants, 1, echo=lambda *_: None)
            refresh_all()
        db.session.remove()
        print(f"demo data and {migrants:,} synthetic migrants in {time.perf_counter() - start:.0f} s")


def account_ids(app) -> dict[str, int]:
    from webapp.accounts.models import Account

    with app.app_context():
        references = {reference for _, reference, _ in PAGES if reference}
        rows = db.session.execute(select(Account.reference, Account.id).where(Account.reference.in_(references)))
        return dict(rows.all())


def cpu_seconds(server: Server) -> float:
    """User and system CPU time of every process of the server's group (the master and its workers), so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # After the name: state ppid pgrp … utime (14th field of the line) stime (15th).
        if int(fields[2]) == server.process.pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def check(port: int, path: str, cookie: str | None) -> tuple[str, str | None]:
    """The page answers 200 (not a redirect to sign-in), signed in when a cookie is given. Returns its size, raw and
    as sent ("bytes (compressed)"), and the cookie as a browser would hold it after this page (the session as the
    server last wrote it, with its CSRF token)."""
    sizes = []
    for encoding in ("identity", ACCEPT_ENCODING):
        body, cookie = fetch(port, path, cookie, encoding)
        if encoding == "identity" and bool(cookie) != (b'action="/signout"' in body):
            raise SystemExit(f"{path}: {'not ' if cookie else ''}signed in")
        sizes.append(len(body))
    return f"{sizes[0]:,} ({sizes[1]:,})", cookie


def fetch(port: int, path: str, cookie: str | None, encoding: str) -> tuple[bytes, str | None]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": encoding, "User-Agent": USER_AGENT}
    )
    if cookie:
        request.add_header("Cookie", cookie)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{path}: {error.code} (expected 200)") from error
    body = response.read()
    for header in response.headers.get_all("Set-Cookie") or []:
        if cookie and header.startswith(COOKIE_NAME + "="):
            cookie = header.split(";", 1)[0]
    return body, cookie


def wrk(server: Server, path: str, cookie: str | None, seconds: float, connections: int, threads: int) -> dict:
    command = [shutil.which("wrk") or "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s"]
    command += ["-H", f"Accept-Encoding: {ACCEPT_ENCODING}", "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{server.port}{path}")
    before = cpu_seconds(server)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(server) - before
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "req_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": requests,
        "cpu_ms": 1000 * cpu / requests if requests else float("nan"),
        "failed": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (its schema is dropped); an SQLite file otherwise")
    parser.add_argument("--migrants", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1, help="wrk runs per page (the median is reported)")
    parser.add_argument("--port", type=int, default=5600, help="the bare app's (Xinju: +1, the floor: +2)")
    parser.add_argument("--keep", action="store_true", help="reuse the database when it already has accounts")
    parser.add_argument("--only", nargs="*", help="labels of the pages to run (default: all)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench-http needs wrk (apt-get install -y wrk)")
    work = Path(tempfile.mkdtemp(prefix="xinju-bench-http-"))
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / 'xinju-bench-http.sqlite3'}"
    if url.startswith("sqlite:///") and not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    keys_file = Path(tempfile.gettempdir()) / "xinju-bench-http-keys.json"  # kept with the database it encrypted
    permit_keys = work / "permit-keys"
    app = setup_app(url, keys_file, permit_keys)
    build(app, args.migrants, args.keep)
    ids = account_ids(app)
    cookies = {reference: session_cookie(app, account_id, USER_AGENT) for reference, account_id in ids.items()}
    with app.app_context():
        db.engine.dispose()

    xinju_port = args.port + 1
    production = {
        "XINJU_CONFIG": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": url,
        "WEBAUTHN_RP_ID": "localhost",
        "WEBAUTHN_ORIGINS": f"http://localhost:{xinju_port}",
        "XINJU_DATA_KEYS_FILE": str(keys_file),
        "PERMIT_KEYS_DIR": str(permit_keys),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    bare = Server(url, args.workers, args.port, factory="scripts.bench_http:bare_app()").start()
    floor_factory = "scripts.bench_http:floor_app()"
    floor = Server(url, args.workers, args.port + 2, factory=floor_factory, env={"DATABASE_URL": url})
    xinju = Server(url, args.workers, xinju_port, factory="webapp:create_app('production')", env=production)
    pages = [p for p in PAGES if not args.only or p[0] in args.only]
    try:
        xinju.start()
        sizes, page_cookies = {}, {}
        for label, reference, path in pages:
            sizes[label], page_cookies[label] = check(xinju.port, path, cookies.get(reference))

        def measure(server, path, cookie):
            wrk(server, path, cookie, 2, args.connections, args.threads)  # warm-up: every worker has the page
            runs = [wrk(server, path, cookie, args.seconds, args.connections, args.threads) for _ in range(args.runs)]
            middle = sorted(runs, key=lambda r: r["req_s"])[len(runs) // 2]
            return {**middle, "failed": sum(r["failed"] for r in runs)}

        results = {"bare Flask (before)": measure(bare, "/", None)}
        floor.start()
        results[FLOOR_LABEL] = measure(floor, "/", None)
        floor.close()
        for label, _reference, path in pages:
            results[label] = measure(xinju, path, page_cookies[label])
        results["bare Flask (after)"] = measure(bare, "/", None)
    finally:
        errors = xinju.errors()
        bare.close()
        floor.close()
        xinju.close()
        shutil.rmtree(work, ignore_errors=True)
    base = [results["bare Flask (before)"], results["bare Flask (after)"]]
    base_req_s = statistics.mean(r["req_s"] for r in base)
    base_cpu = statistics.mean(r["cpu_ms"] for r in base)
    print(
        f"database {url.split(':')[0].split('+')[0]}; gunicorn {args.workers} sync workers; wrk -t{args.threads} "
        f"-c{args.connections} -d{args.seconds:g}s; {os.cpu_count()} CPUs; load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    print(f"{'page':26} {'req/s':>8} {'ratio':>6} {'CPU ms/req':>10} {'CPU ratio':>9} {'bytes (sent)':>16}  failed")
    ok = True
    for label, figures in results.items():
        size = sizes.get(label, "")
        print(
            f"{label:26} {figures['req_s']:8.0f} {figures['req_s'] / base_req_s:6.3f} {figures['cpu_ms']:10.2f} "
            f"{base_cpu / figures['cpu_ms']:9.3f} {size:>16}  {figures['failed']}"
        )
        ok = ok and figures["failed"] == 0
    if errors:
        print("server errors:", json.dumps(errors, ensure_ascii=False))
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
