"""Profile: the pages of `make bench-http`, in this process (no HTTP server), in the production configuration.

    .venv/bin/python scripts/profile_pages.py [--requests 300] [--only LABEL ...] [--profile] [--top 40]
        [--sort cumulative,tottime] [--dump PREFIX] [--set KEY=VALUE ...] [--encoding br] [--gc default|freeze|off]

Uses the database `scripts/bench_http.py` built and kept (its SQLite file under $TMPDIR, or --database-url) and its
key file; makes a session for each demo account as bench_http does, then calls the app's WSGI callable with the
same headers wrk sends (the cookie as a browser holds it after a first visit of the page) and reads the body. Prints
the process CPU time per request for the bare Flask page and each page (the least of five rounds: the machine is
shared) and the Python calls per request (steady whatever the load); --profile adds cProfile's top functions
(cumulative and own time) for each page, --dump writes them to files. --set changes the app's config (a Python
literal), --encoding the Accept-Encoding sent, --gc the garbage collector's setting. Not a test.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.test import EnvironBuilder  # noqa: E402

from scripts.bench_http import (  # noqa: E402
    ACCEPT_ENCODING,
    COOKIE_NAME,
    PAGES,
    SECRET_KEY,
    USER_AGENT,
    account_ids,
    bare_app,
    setup_app,
)
from scripts.signed_in import session_cookie  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

ENCODING = [ACCEPT_ENCODING]


def call(app, path: str, cookie: str | None, encoding: str | None = None) -> tuple[str, list, bytes]:
    headers = {"Accept-Encoding": encoding or ENCODING[0], "User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    environ = EnvironBuilder(path=path, headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_environ()
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, response_headers

    body = app(environ, start_response)
    try:
        data = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer["status"], answer["headers"], data


def browser_cookie(app, path: str, cookie: str | None) -> str | None:
    status, headers, _ = call(app, path, cookie)
    if not status.startswith("200"):
        raise SystemExit(f"{path}: {status}")
    for name, value in headers:
        if cookie and name.lower() == "set-cookie" and value.startswith(COOKIE_NAME + "="):
            cookie = value.split(";", 1)[0]
    return cookie


def cpu_per_request(app, path: str, cookie: str | None, requests: int, rounds: int = 5) -> float:
    """The least CPU time per request over `rounds` rounds (the machine is shared: the least is the steadiest)."""
    for _ in range(20):
        call(app, path, cookie)
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(max(1, requests // rounds)):
            call(app, path, cookie)
        best = min(best, 1000 * (time.process_time() - start) / max(1, requests // rounds))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative,tottime")
    parser.add_argument("--dump", help="write each page's profile to DUMP-<n>.prof")
    parser.add_argument("--set", nargs="*", default=[], help="KEY=VALUE (a Python literal) set in the app's config")
    parser.add_argument("--gc", choices=["default", "freeze", "off"], default="default")
    parser.add_argument("--encoding", default=ACCEPT_ENCODING, help="Accept-Encoding sent")
    args = parser.parse_args()
    ENCODING[0] = args.encoding
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / 'xinju-bench-http.sqlite3'}"
    keys_file = Path(tempfile.gettempdir()) / "xinju-bench-http-keys.json"
    permit_keys = Path(tempfile.mkdtemp(prefix="xinju-profile-"))
    setup = setup_app(url, keys_file, permit_keys)
    ids = account_ids(setup)
    cookies = {reference: session_cookie(setup, account_id, USER_AGENT) for reference, account_id in ids.items()}
    with setup.app_context():
        db.engine.dispose()
    os.environ.update(
        {
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": url,
            "WEBAUTHN_RP_ID": "localhost",
            "WEBAUTHN_ORIGINS": "http://localhost:5601",
            "XINJU_DATA_KEYS_FILE": str(keys_file),
            "PERMIT_KEYS_DIR": str(permit_keys),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    app = create_app("production")
    import ast

    for item in args.set:
        key, _, value = item.partition("=")
        app.config[key] = ast.literal_eval(value)
    bare = bare_app()
    import gc

    if args.gc == "freeze":
        gc.collect()
        gc.freeze()
    elif args.gc == "off":
        gc.disable()
    base = cpu_per_request(bare, "/", None, args.requests * 3)
    print(f"{'bare Flask':26} {base:7.3f} ms CPU/request")
    for label, reference, path in PAGES:
        if args.only and label not in args.only:
            continue
        cookie = browser_cookie(app, path, cookies.get(reference))
        ms = cpu_per_request(app, path, cookie, args.requests)
        counter = cProfile.Profile()
        counter.enable()
        for _ in range(20):
            call(app, path, cookie)
        counter.disable()
        calls = pstats.Stats(counter).total_calls / 20
        print(f"{label:26} {ms:7.3f} ms CPU/request  ratio {base / ms:.3f}  {calls:8,.0f} Python calls", flush=True)
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                call(app, path, cookie)
            profile.disable()
            if args.dump:
                profile.dump_stats(f"{args.dump}-{PAGES.index((label, reference, path))}.prof")
            for key in args.sort.split(","):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats(key).print_stats(args.top)
                print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
