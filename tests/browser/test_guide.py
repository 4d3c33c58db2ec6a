"""The rights guide in a real browser (issue 16 point 2): nothing of it is kept on a first visit to the start page;
opened once online, the whole guide (both languages) is kept and reads offline; kept copies are the public pages,
never a signed-in person's; the pages fit 320 px and need no JavaScript."""

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_pwa import BRAND, cached_urls, header_background, wait_for_service_worker

pytestmark = pytest.mark.browser

GUIDE = ["/guide", "/guide/rules/national-2016", "/guide/rules/zhejiang-2017", "/guide/services", "/guide/work"]


def kept_guide(page) -> set[str]:
    return {
        f"{urlsplit(url).path}?{urlsplit(url).query}"
        for name, urls in cached_urls(page).items()
        if name.startswith("xinju-shell-")
        for url in urls
        if urlsplit(url).path.startswith("/guide")
    }


def wait_until_kept(page, wanted: set[str], timeout: float = 20) -> set[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kept = kept_guide(page)
        if wanted <= kept:
            return kept
        time.sleep(0.2)
    raise AssertionError(f"not kept: {sorted(wanted - kept_guide(page))}")


def test_the_guide_reads_offline_once_opened(context, page):
    page.goto("/")
    wait_for_service_worker(page)
    assert kept_guide(page) == set(), "a first visit must not keep the guide"

    page.get_by_role("contentinfo").get_by_role("link", name="Your rights in plain words").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your rights in plain words")
    wait_until_kept(page, {f"{path}?lang={code}" for path in GUIDE for code in ("en", "zh")})

    context.set_offline(True)
    page.goto("/guide")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your rights in plain words")
    assert header_background(page) == BRAND
    page.get_by_role("link", name="Interim Regulations on Residence Permits (State Council Order No. 663)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What you must do, and by when")
    expect(page.get_by_text("If your address or your workplace changes, report it within 10 days.")).to_be_visible()
    page.goto("/guide/services#service-legal_aid")
    expect(page.get_by_role("heading", name="Legal aid (green channel)")).to_be_visible()
    page.goto("/guide/work")
    expect(page.get_by_role("heading", level=2, name="Free legal help (the green channel)")).to_be_visible()
    # The language switch works offline too: the Chinese copy was kept.
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("工作中的权利和去哪里求助")
    # A page that is not part of the guide is still the offline page.
    page.goto("/account")
    expect(page.get_by_role("heading", level=1)).to_have_text("网络已断开")


def test_a_signed_in_person_keeps_only_the_public_guide(page, authenticator, sign_up):
    page.goto("/")
    wait_for_service_worker(page)
    authenticator(page)
    sign_up(page, "Zhang Min")
    page.goto("/guide/work")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your rights at work, and where to get help")
    wait_until_kept(page, {"/guide/work?lang=en"})
    copies = page.evaluate("""async () => {
        const texts = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                if (!new URL(request.url).pathname.startsWith("/guide")) continue;
                texts.push(await (await cache.match(request)).text());
            }
        }
        return texts;
    }""")
    assert copies
    for html in copies:
        assert "Zhang Min" not in html and "csrf" not in html.lower() and "Sign out" not in html


@pytest.mark.parametrize("path", GUIDE)
def test_guide_pages_fit_320_px_without_javascript(new_context, path):
    page = new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False).new_page()
    page.goto(f"{path}?lang=zh")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if path != "/guide":
        expect(page.get_by_role("navigation", name="目录")).to_be_visible()  # the table of contents
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width} px wide on a 320 px screen"
