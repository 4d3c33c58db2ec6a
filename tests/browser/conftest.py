"""Real-browser fixtures: a live server on a SQLite file, Debian's Chromium through Playwright, and virtual
passkey authenticators through the Chrome DevTools Protocol.

These fixtures do not use the project's `app` fixture (tests/conftest.py), which is parametrized over databases:
one live server on SQLite is enough to drive the browser.

Chromium: $CHROMIUM, else /usr/bin/chromium (`apt-get install -y chromium`). Without it these tests are skipped,
except when CI or XINJU_REQUIRE_BROWSER=1 is set: then they fail, so a CI run never silently skips them.
"""

import os
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

from tests.browser.axe import AxeRecorder
from tests.support.required import unavailable
from webapp import create_app
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db, limiter
from webapp.places.loader import load_places, read_divisions

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
#: Fail fast: nothing here should take seconds.
TIMEOUT_MS = 10_000
#: Rate limits are off for this app, but Flask-Limiter's on/off switch is one flag shared by every app in the
#: process (see live_server); generous limits keep the browser tests clear of them whatever that flag says.
UNLIMITED = "10000 per minute"


@dataclass
class LiveServer:
    app: Flask
    url: str


def buffered(wsgi_app):
    """Read each response whole and close it before sending: when the browser drops a connection midway (a page
    closed during a service worker install), werkzeug's server would otherwise leave a static file open, and the
    ResourceWarning fails some later test under filterwarnings=error."""

    def app(environ, start_response):
        iterable = wsgi_app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            getattr(iterable, "close", lambda: None)()

    return app


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on http://localhost:PORT (localhost, never 127.0.0.1: WebAuthn refuses IP addresses as rp ids)."""
    # Its own database file and keys: under pytest-xdist (make test runs the browser tests on two workers) each
    # worker has a live server of its own, sharing nothing with the other but the machine.
    folder = tmp_path_factory.mktemp("browser-db")
    overrides = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite3'}",
        "PERMIT_KEYS_DIR": str(folder / "permit-keys"),
        "DATA_KEYS_FILE": str(folder / "data-keys.json"),
        "DOCUMENTS_DIR": str(folder / "documents"),
        "SERVER_NAME": None,
        "WEBAUTHN_RP_ID": "localhost",
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_SIGNIN": UNLIMITED,
        "RATELIMIT_SIGNUP": UNLIMITED,
        "RATELIMIT_ENROL": UNLIMITED,
    }
    # Flask-Limiter keeps `enabled` on the one shared Limiter object, so RATELIMIT_ENABLED=False here would turn
    # rate limiting off for the project's own `app` fixture too. Put the flag back as it was.
    limiter_enabled = limiter.enabled
    app = create_app("test", overrides)
    limiter.enabled = limiter_enabled
    with app.app_context():
        upgrade()
    # Port 0: the system picks a free port, with no window for another process to take it.
    server: BaseWSGIServer = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    url = f"http://localhost:{server.server_port}"
    app.config["WEBAUTHN_ORIGINS"] = [url]
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=url)
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_database(live_server):
    """Every browser test starts and ends with empty tables."""

    def empty():
        with live_server.app.app_context():
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
            db.session.remove()

    empty()
    yield
    empty()


@pytest.fixture(scope="session")
def browser(live_server):
    # Depends on live_server so that the browser closes (and drops its connections) before the server stops.
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        reason = (
            f"Chromium not found at {executable}: install it (apt-get install -y chromium) or point $CHROMIUM at it"
        )
        unavailable(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def axe() -> AxeRecorder:
    """axe-core's findings on every page this test's browser contexts show; `axe.check(page)` checks one now."""
    return AxeRecorder()


@pytest.fixture
def new_context(browser: Browser, live_server, axe: AxeRecorder):
    """new_context(**options): a fresh browser profile (cookies, service workers, caches) on the live server.

    axe-core checks every page it shows (with JavaScript on: axe is a script); any violation fails the test."""
    contexts: list[BrowserContext] = []

    def _new_context(**options) -> BrowserContext:
        settings = {"viewport": PHONE, "locale": "en-US", "base_url": live_server.url, **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        if settings.get("java_script_enabled", True):
            axe.watch(context)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        for page in context.pages:
            axe.check(page)
    for context in contexts:
        context.close()
    axe.replay(browser)
    if axe.findings:
        pytest.fail("axe-core found accessibility violations:\n\n" + axe.report(), pytrace=False)


@pytest.fixture
def context(new_context) -> BrowserContext:
    """A phone-sized browser profile in English."""
    return new_context()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


class VirtualAuthenticator:
    """A platform authenticator (like a phone's screen lock) attached to one page through CDP."""

    def __init__(self, page: Page, *, user_verified: bool = True):
        self.page = page
        self.cdp: CDPSession = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable")
        self.id = self.cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": user_verified,
                    "automaticPresenceSimulation": True,
                }
            },
        )["authenticatorId"]

    def set_user_verified(self, verified: bool) -> None:
        """As if the fingerprint, face or PIN check succeeded (True) or failed (False)."""
        self.cdp.send("WebAuthn.setUserVerified", {"authenticatorId": self.id, "isUserVerified": verified})

    def credentials(self) -> list[dict]:
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})["credentials"]


@pytest.fixture
def authenticator():
    """authenticator(page, user_verified=True): attach a new virtual authenticator to that page."""

    def _attach(page: Page, user_verified: bool = True) -> VirtualAuthenticator:
        return VirtualAuthenticator(page, user_verified=user_verified)

    return _attach


@pytest.fixture
def sign_up():
    """sign_up(page, name): create an account with a passkey from the page's authenticator, as a person does."""

    def _sign_up(page: Page, name: str) -> None:
        page.goto("/")
        page.get_by_role("link", name="Create an account").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
        page.get_by_label("Your name").fill(name)
        expect(page.get_by_label("New resident")).to_be_checked()
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Create your passkey")
        page.get_by_role("button", name="Create passkey").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")

    return _sign_up


@pytest.fixture
def landlord_page(live_server, new_context, authenticator, sign_up):
    """landlord_page(**context_options): a landlord (signed up with a passkey) on the form to register a rental."""
    with live_server.app.app_context():
        load_places(read_divisions(prefixes=("3703", "3303")))  # 淄博市 and 温州市, down to their communities
        db.session.remove()

    def _open(**options) -> Page:
        page = new_context().new_page()
        authenticator(page)
        sign_up(page, "李明")
        with live_server.app.app_context():
            account = db.session.scalar(select(Account).where(Account.display_name == "李明"))
            db.session.add(RoleGrant(account=account, role="landlord"))
            db.session.commit()
            db.session.remove()
        if options:  # the same person, signed in, in a browser with other settings (no JavaScript)
            page = new_context(storage_state=page.context.storage_state(), **options).new_page()
        page.goto("/landlord/properties/new")
        expect(page.get_by_role("heading", level=1)).to_have_text("Register a rental")
        return page

    return _open
