"""A tour of the demo with axe-core (issue 11, point 8): every demo account, in both languages, signs in with the
demo button and follows the links of its pages; axe checks each page (see axe.py and `new_context`), and any
violation fails the test. The demo (webapp/demo/data.py) gives every role something to look at."""

import threading
from collections import deque
from urllib.parse import urlsplit

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import UNLIMITED, LiveServer, buffered
from webapp import create_app
from webapp.demo.data import DEMO_ACCOUNTS, load_demo
from webapp.extensions import db, limiter
from webapp.places.loader import load_places, read_divisions

# One worker takes the whole tour under pytest-xdist (make test): its demo server is built once, not on each worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("axe_tour")]

#: Pages per account and language: enough to reach each role's lists and one of each kind of detail page.
PAGES = 14
#: The narrowest phone a page must fit without scrolling sideways (WCAG 1.4.10 Reflow: 320 CSS pixels).
NARROW = {"width": 320, "height": 640}
SKIP = ("/signout", "/language", "/demo/", "/static/", "/documents", "/photo", ".csv", "/export/", "/sw.js")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, browser):
    """The demo configuration (demo sign-in, demo data) on its own SQLite file and port."""
    folder = tmp_path_factory.mktemp("demo")
    limiter_enabled = limiter.enabled
    app = create_app(
        "development",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
            "DOCUMENTS_DIR": str(folder / "documents"),
            "SERVER_NAME": None,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_SIGNIN": UNLIMITED,
            "RATELIMIT_SIGNUP": UNLIMITED,
            "RATELIMIT_ENROL": UNLIMITED,
        },
    )
    limiter.enabled = limiter_enabled
    with app.app_context():
        upgrade()
        load_places(read_divisions(prefixes=("3703", "3303")))
        load_demo()
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="demo-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, url=f"http://localhost:{server.server_port}")
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href], header a[href]", "(as) => as.map((a) => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != urlsplit(page.url).netloc or any(s in parts.path for s in SKIP):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
@pytest.mark.parametrize("demo", DEMO_ACCOUNTS, ids=lambda d: d.reference)
def test_every_page_of_the_demo_passes_axe(demo_server, new_context, axe, demo, locale):
    page = new_context(base_url=demo_server.url, locale=locale).new_page()
    page.goto("/signin")
    page.locator(f'form[action="/demo/sign-in"]:has(input[value="{demo.reference}"]) button').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.display_name)
    # The account's language wins over the browser's: choose the one this run is for.
    switch = page.locator("header").get_by_role("button", name="English" if locale == "en-US" else "中文")
    if switch.count():
        switch.click()
        expect(page.locator("html")).to_have_attribute("lang", "en" if locale == "en-US" else "zh-Hans")
    seen: set[str] = set()
    too_wide: list[str] = []
    queue = deque(["/", *links(page)])
    while queue and len(seen) < PAGES:
        path = queue.popleft()
        key = urlsplit(path).path
        if key in seen:
            continue
        seen.add(key)
        response = page.goto(path)
        assert response is not None and response.status < 500, f"{path}: {response and response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        # Checked here, in the page, before moving on: its snapshot then need not be replayed at the end.
        axe.check(page)
        too_wide.extend(overflow_at_320(page, path))
        queue.extend(links(page))
    assert len(seen) >= 4, seen
    assert not too_wide, "wider than a 320 px phone (scrolls sideways):\n" + "\n".join(too_wide)


def overflow_at_320(page, path: str) -> list[str]:
    """The page at 320 px wide: [] when nothing makes it scroll sideways, else what sticks out (a table scrolls
    inside its own .table-wrap, which is allowed). The viewport is put back before the next page loads."""
    viewport = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        found = page.evaluate(
            """() => {
                const width = document.documentElement.scrollWidth;
                if (width <= 320) return [];
                const wide = [...document.body.querySelectorAll("*")]
                  .filter((el) => el.getBoundingClientRect().right > 320 && !el.closest(".table-wrap"))
                  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
                return [`scrollWidth ${width}: ${wide.slice(-5).join(", ")}`];
            }"""
        )
    finally:
        page.set_viewport_size(viewport)
    return [f"{path}: {what}" for what in found]
