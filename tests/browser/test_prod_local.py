"""The production set-up on one machine (`make prod-local`, scripts/prod_local.py): nginx with TLS in front of two
gunicorn instances of XINJU_CONFIG=production, PostgreSQL, Redis, and documents in an S3 bucket (moto's S3 server
stands in for MinIO, Ceph or Aliyun OSS). A resident signs in with a passkey, reports where she lives and uploads
photos; a coordinator syncs visits recorded offline; the requests are spread over both instances.

PostgreSQL: $XINJU_PROD_LOCAL_TEST_DATABASE_URL, else a database xinju_prodlocal_test (made if missing; its schema
is dropped). Redis: $XINJU_PROD_LOCAL_TEST_REDIS_URL, else db 7 of the local server (emptied: the rate limits)."""

import os
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select, text

from tests.browser import test_field as field
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, TIMEOUT_MS, VirtualAuthenticator
from tests.browser.test_passkeys import sign_out
from tests.browser.test_permit import give_details_and_report, heading, make_jpeg, status
from tests.browser.test_pwa import wait_for_service_worker
from tests.support.required import tool, unavailable
from webapp import create_app
from webapp.documents.models import Document
from webapp.extensions import db
from webapp.places.loader import load_places, read_divisions

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import prod_local  # noqa: E402

# One stack on one database (xinju_prodlocal_test) and Redis db 7: under pytest-xdist (make test) the whole journey
# runs on one worker, while the other worker goes on with the other browser tests.
pytestmark = [pytest.mark.browser, pytest.mark.server_process, pytest.mark.xdist_group("prod_local")]

DATABASE_URL = os.environ.get(
    "XINJU_PROD_LOCAL_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/xinju_prodlocal_test"
)
REDIS_URL = os.environ.get("XINJU_PROD_LOCAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
BUCKET = "xinju-prod-local"
#: The coordinator's other cases in 新华社区居委会, beside the resident's own report.
OTHERS = ("李娜", "张伟")


def nginx_missing() -> str | None:
    return next((name for name in ("nginx", "openssl", "pg_isready", "redis-cli") if tool(name) is None), None)


@pytest.fixture(scope="module")
def s3_endpoint():
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture(scope="module")
def stack(s3_endpoint):
    missing = nginx_missing()
    if missing:
        unavailable(f"{missing} is missing (apt-get install -y nginx openssl; .ci/run installs them)")
    prod_local.ensure_postgresql_and_redis()
    prod_local.ensure_database(DATABASE_URL)
    fresh = create_app("test", {"SQLALCHEMY_DATABASE_URI": DATABASE_URL})
    with fresh.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    with fresh.app_context():
        db.engine.dispose()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    started = prod_local.Stack(
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
        extra_environment={
            "XINJU_WORKERS": "1",  # two instances of one worker each: enough to spread requests, quick to boot
            "XINJU_STORAGE": "s3",
            "XINJU_S3_BUCKET": BUCKET,
            "XINJU_S3_ENDPOINT_URL": s3_endpoint,
            "XINJU_S3_REGION": "us-east-1",
            "XINJU_S3_ADDRESSING_STYLE": "path",
            "XINJU_S3_ACCESS_KEY_ID": "k",
            "XINJU_S3_SECRET_ACCESS_KEY": "s",
        },
    )
    try:
        started.start()
        yield started
    finally:
        started.stop()
        started.remove()


@pytest.fixture(scope="module")
def seeding_app(stack):
    """The stack's database and keys, from this process: places, reports for the coordinator, what was stored."""
    app = create_app(
        "test",
        {
            "SQLALCHEMY_DATABASE_URI": stack.database_url,
            "DATA_KEYS_FILE": str(stack.folder / "data-keys.json"),
            "DATA_KEYS_AUTOCREATE": False,
            "SERVER_NAME": None,
        },
    )
    with app.app_context():
        load_places(read_divisions(prefixes=("3703",)))  # 淄博市, down to its communities
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def trusting_browser(browser: Browser, stack):
    """Chromium trusting the stack's self-signed certificate (by its key's hash), so the origin is a secure one
    without errors: passkeys and the service worker work as on a real certificate."""
    spki = prod_local.certificate_spki_hash(stack.cert)
    launched = browser.browser_type.launch(
        executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={spki}"],
        headless=True,
    )
    yield launched
    launched.close()


def test_the_journey_through_nginx_and_two_instances(stack, seeding_app, trusting_browser, tmp_path):
    instances: set[str] = set()

    def new_page() -> Page:
        context = trusting_browser.new_context(viewport=PHONE, locale="en-US", base_url=stack.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("response", lambda r: instances.add(r.headers.get("x-instance", "")))
        return context.new_page()

    started = time.monotonic()
    # A resident signs up with a passkey, signs out and signs in again with it.
    resident = new_page()
    VirtualAuthenticator(resident)
    resident.goto("/")
    resident.get_by_role("link", name="Create an account").click()
    resident.get_by_label("Your name").fill("王芳")
    resident.get_by_role("button", name="Continue").click()
    resident.get_by_role("button", name="Create passkey").click()
    expect(heading(resident)).to_have_text("Hello, 王芳")
    assert any(c["name"] == "__Host-xinju_session" and c["secure"] for c in resident.context.cookies())
    sign_out(resident)
    resident.get_by_role("banner").get_by_role("link", name="Sign in").click()
    resident.get_by_role("button", name="Sign in with a passkey").click()
    expect(heading(resident)).to_have_text("Hello, 王芳")

    # She reports where she lives, then applies for a permit with photos: the images go to the shared bucket.
    give_details_and_report(resident)
    resident.goto("/")
    resident.get_by_role("link", name="Residence permit", exact=True).click()
    resident.get_by_role("link", name="Apply for a residence permit").click()
    resident.get_by_label("Your photo").set_input_files(make_jpeg(tmp_path / "photo.jpg", (200, 160, 140)))
    resident.get_by_label("Proof of where you live").set_input_files(make_jpeg(tmp_path / "lease.jpg", (240, 240, 230)))
    resident.get_by_label("Proof of your work").set_input_files(make_jpeg(tmp_path / "contract.jpg", (230, 235, 250)))
    resident.get_by_role("button", name="Send the application").click()
    expect(status(resident, "Your application has been sent.")).to_be_visible()
    with seeding_app.app_context():
        from webapp.documents import storage

        seeding_app.config.update(
            DOCUMENT_STORAGE="s3",
            S3_BUCKET=BUCKET,
            S3_ENDPOINT_URL=stack.extra_environment["XINJU_S3_ENDPOINT_URL"],
            S3_REGION="us-east-1",
            S3_ADDRESSING_STYLE="path",
            S3_ACCESS_KEY_ID="k",
            S3_SECRET_ACCESS_KEY="s",
        )
        hashes = db.session.scalars(select(Document.sha256)).all()
        assert len(hashes) == 3 and all(storage.backend().exists(digest) for digest in hashes)
        assert db.session.scalar(select(func.count()).select_from(Document).where(Document.data.is_not(None))) == 0
        db.session.remove()

    # A coordinator downloads the caseload, records visits offline, and they are sent when the network returns.
    receipts = field.create_reports(seeding_app, OTHERS)
    coordinator = new_page()
    VirtualAuthenticator(coordinator)
    coordinator.goto("/")
    coordinator.get_by_role("link", name="Create an account").click()
    coordinator.get_by_label("Your name").fill(field.COORDINATOR)
    coordinator.get_by_role("button", name="Continue").click()
    coordinator.get_by_role("button", name="Create passkey").click()
    expect(heading(coordinator)).to_have_text(f"Hello, {field.COORDINATOR}")
    field.make_coordinator(seeding_app, field.COORDINATOR)
    coordinator.goto("/coordinator")
    coordinator.get_by_role("link", name="Field mode (works offline)").click()
    expect(heading(coordinator)).to_have_text("Field mode")
    wait_for_service_worker(coordinator)
    coordinator.get_by_role("button", name="Download today's caseload").click()
    expect(field.cases(coordinator)).to_have_count(len(OTHERS) + 1)  # and the resident's own report
    coordinator.context.set_offline(True)
    for name in OTHERS:
        field.record_visit(coordinator, name)
    expect(field.outbox_notice(coordinator)).to_have_text(f"Visits waiting to be sent: {len(OTHERS)}")
    coordinator.context.set_offline(False)
    expect(field.outbox_notice(coordinator)).to_have_text("Visits waiting to be sent: 0")
    visits = field.wait_until(lambda: len(field.stored_visits(seeding_app)) >= 2 and field.stored_visits(seeding_app))
    assert sorted(v["receipt"] for v in visits) == sorted(receipts.values())
    assert {v["state"] for v in visits} == {"applied"}

    # Both instances answered, and nginx said so on the responses.
    served = stack.served_by()
    assert served["a"] > 5 and served["b"] > 5, served
    assert {f"127.0.0.1:{port}" for port in stack.app_ports} <= instances, instances
    print(f"stack started in {stack.started_in:.1f} s, journey {time.monotonic() - started:.1f} s; served: {served}")
