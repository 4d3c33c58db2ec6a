"""The progressive web app in a real browser: installable, an offline app shell, nothing personal cached, and a
layout that fits the narrowest phones."""

import struct
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: --brand in static/css/app.css (#1d5c63), the header's background.
BRAND = "rgb(29, 92, 99)"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header: the signature, then the IHDR chunk first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG file"
    length, chunk_type, width, height = struct.unpack(">I4sII", data[8:24])
    assert chunk_type == b"IHDR" and length == 13, "a PNG starts with its IHDR chunk"
    return width, height


def wait_for_service_worker(page: Page) -> None:
    """Wait until the service worker is activated, then reload so that it controls the page."""
    state = page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        const worker = registration.active;
        if (worker.state !== "activated") {
            await new Promise((resolve) => worker.addEventListener("statechange", () => {
                if (worker.state === "activated") resolve();
            }));
        }
        return worker.state;
    }""")
    assert state == "activated"
    page.reload()
    controller = page.evaluate("navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")
    assert controller is not None, "the service worker does not control the page after a reload"
    assert urlsplit(controller).path == "/sw.js"


def cached_urls(page: Page) -> dict[str, list[str]]:
    """Every cache the page's origin holds, with the URLs of its requests."""
    return page.evaluate("""async () => {
        const result = {};
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            result[name] = (await cache.keys()).map((request) => request.url);
        }
        return result;
    }""")


def header_background(page: Page) -> str:
    return page.locator("header.header").evaluate("(el) => getComputedStyle(el).backgroundColor")


def test_installable_manifest_and_icons(page):
    page.goto("/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest_url = urljoin(page.url, href)
    # Fetched by the page, so with the browser's own Accept-Language (Playwright's page.request sends none).
    response = page.evaluate(
        """async (url) => {
        const response = await fetch(url);
        return {ok: response.ok, type: response.headers.get("content-type"), manifest: await response.json()};
    }""",
        manifest_url,
    )
    assert response["ok"]
    assert response["type"].startswith("application/manifest+json")
    manifest = response["manifest"]

    assert manifest["name"]
    assert manifest["short_name"]
    assert manifest["display"] == "standalone"
    start_url, scope = urljoin(manifest_url, manifest["start_url"]), urljoin(manifest_url, manifest["scope"])
    assert urlsplit(scope).path == "/"
    assert start_url.startswith(scope), "start_url must be inside the scope"
    assert manifest["lang"] == "en", "the manifest speaks the browser's language"

    sizes = {}
    for icon in manifest["icons"]:
        if icon.get("type") != "image/png":
            continue
        icon_response = page.request.get(urljoin(manifest_url, icon["src"]))
        assert icon_response.ok, icon["src"]
        assert icon_response.headers["content-type"] == "image/png", icon["src"]
        width, height = png_size(icon_response.body())
        assert icon["sizes"] == f"{width}x{height}", f"{icon['src']} is {width}x{height}, not {icon['sizes']}"
        for purpose in icon.get("purpose", "any").split():
            sizes.setdefault(purpose, set()).add(width)
    assert {192, 512} <= sizes.get("any", set()), "Chromium needs 192 px and 512 px icons to install the app"
    assert sizes.get("maskable"), "Android needs a maskable icon"

    # And Chromium itself finds nothing that stops it installing the app.
    cdp = page.context.new_cdp_session(page)
    manifest_seen = cdp.send("Page.getAppManifest")
    assert manifest_seen["url"] == manifest_url
    assert not manifest_seen["errors"], manifest_seen["errors"]
    errors = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    # Playwright's contexts are incognito profiles, where Chromium never installs apps: the one expected error.
    assert [e for e in errors if e != "in-incognito"] == []


def test_service_worker_activates_and_controls_the_page(page):
    page.goto("/")
    wait_for_service_worker(page)
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()


def test_offline_app_shell(context, page):
    page.goto("/")
    wait_for_service_worker(page)

    context.set_offline(True)
    for path in ("/", "/account", "/signup"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        # The stylesheet came from the cache too.
        assert header_background(page) == BRAND, f"offline page at {path} has no stylesheet"
        # The offline page is the same for everyone: no personal links, no forms with tokens.
        expect(page.get_by_role("banner").get_by_role("button", name="Sign out")).to_have_count(0)

    context.set_offline(False)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register where you live, get the services you are entitled to"
    )
    assert header_background(page) == BRAND


def test_forms_go_through_the_service_worker_and_offline_show_the_offline_page(context, page):
    page.goto("/")
    wait_for_service_worker(page)

    # Online, a form post (the language switch) passes through the worker: redirect and cookie work.
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Offline, pressing a form's button shows the offline page, not the browser's own error page.
    context.set_offline(True)
    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    assert header_background(page) == BRAND


def test_caches_hold_only_the_public_shell(page, authenticator, sign_up):
    page.goto("/")
    wait_for_service_worker(page)
    # Browse public pages, then sign up and open pages with personal data, all under the service worker.
    for path in ("/signup", "/signin", "/offline"):
        page.goto(path)
    authenticator(page)
    sign_up(page, "Li Wei")
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    caches = cached_urls(page)
    assert caches, "the service worker made no cache"
    # Besides the shell, one small cache holds the language last seen online (for the kept pages), nothing else.
    state = caches.pop("xinju-state", [])
    assert [urlsplit(url).path for url in state] == ["/__xinju/language"], state
    assert all(name.startswith("xinju-shell-") for name in caches), caches
    paths = [urlsplit(url).path for urls in caches.values() for url in urls]
    assert "/offline" in paths
    assert "/static/css/app.css" in paths
    assert "/static/js/app.js" in paths
    for url in (url for urls in caches.values() for url in urls):
        path = urlsplit(url).path
        assert urlsplit(url).netloc == urlsplit(page.url).netloc, url
        assert path in ("/offline", "/field") or path.startswith("/static/"), f"{url} must not be cached"


@pytest.mark.parametrize("path", ["/", "/signup", "/signin", "/offline"])
def test_no_horizontal_scroll_at_320_px(new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width} px wide on a 320 px screen"


def test_signed_in_pages_fit_320_px(new_context, authenticator, sign_up):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    authenticator(page)
    sign_up(page, "Ouyang Xiaoming")
    for path in ("/", "/account"):
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{path} is {scroll_width} px wide on a 320 px screen"


def test_update_available_notice_then_new_worker_takes_over(page, monkeypatch):
    """A new service worker waits; the page says an update is ready; 'Update now' activates it and reloads."""
    from webapp.pwa import views

    page.goto("/")
    wait_for_service_worker(page)
    first = page.evaluate("caches.keys()")
    notice = page.locator("#update-notice")
    expect(notice).to_be_hidden()

    real = views.fingerprint
    monkeypatch.setattr(views, "fingerprint", lambda name: real(name) + "x")  # a new release's shell
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("A new version of Xinju is ready.")

    with page.expect_navigation():
        page.get_by_role("button", name="Update now").click()
    page.wait_for_function("""async () => {
        const names = await caches.keys();
        return names.length === 1;
    }""")
    second = page.evaluate("caches.keys()")
    assert second != first, "the old shell cache is removed when the new worker activates"
    expect(page.locator("#update-notice")).to_be_hidden()


def test_field_mode_is_kept_once_opened_and_stays_kept_across_an_update(context, page, monkeypatch):
    """A visitor's worker keeps the common shell only; opening field mode online keeps its page (in every
    language) and scripts, and a new version of the worker keeps them too, so field mode still opens offline."""
    from webapp.pwa import views

    page.goto("/")
    wait_for_service_worker(page)
    paths = [urlsplit(url).path for urls in cached_urls(page).values() for url in urls]
    assert not [path for path in paths if "field" in path or "passkeys" in path or "outbox" in path], paths

    page.goto("/field")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_function("""async () => {
        const keys = await Promise.all((await caches.keys()).map(async (n) => (await caches.open(n)).keys()));
        const urls = keys.flat().map((r) => r.url);
        return ["/field?lang=en", "/field?lang=zh", "/static/js/field.js", "/static/js/outbox.js"].every(
            (want) => urls.some((url) => url.includes(want)));
    }""")

    real = views.fingerprint
    monkeypatch.setattr(views, "fingerprint", lambda name: real(name) + "x")  # a new release's worker
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    with page.expect_navigation():  # the new worker takes over and the page reloads (app.js, controllerchange)
        page.get_by_role("button", name="Update now").click()
    page.wait_for_load_state()
    page.wait_for_function("async () => (await caches.keys()).filter((n) => n.startsWith('xinju-shell-')).length === 1")
    kept = [url for urls in cached_urls(page).values() for url in urls]
    assert any("/field?lang=en" in url for url in kept), kept
    assert any("/static/js/field.js" in url for url in kept), kept

    context.set_offline(True)
    page.goto("/field")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert header_background(page) == BRAND


def test_back_to_a_form_sent_with_errors_opens_the_form_again_not_the_offline_page(page):
    """A page that came back from a form post (with its errors) is not kept; Back asks the cache only, which has
    nothing. Online, the worker opens the page again (its form empty) instead of saying the phone is offline."""
    page.goto("/")
    wait_for_service_worker(page)
    page.goto("/signup")
    page.get_by_role("button", name="Continue").click()  # no name: the page comes back with its error
    expect(page.locator("#display_name-error")).to_be_visible()
    page.goto("/guide")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    expect(page.get_by_label("Your name")).to_be_visible()
