"""Keyboard, screen reader and reflow checks on the demo that axe-core cannot make (test_axe_tour.py runs axe on every
page): where the focus goes after an error or a form sent, that it is always seen, that links with the same words
say where each goes, that text spacing and touch targets hold at 320 px, and the signed-in journey without
JavaScript. axe still checks every page shown here (`new_context`)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser import test_axe_tour
from tests.browser.test_axe_tour import NARROW

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo_qa_a11y")]

#: The demo configuration on a server of its own, built once for this module.
demo_server = test_axe_tour.demo_server

MIGRANT, ADMIN = "XJDMMGRT", "XJDMADMZ"

#: WCAG 1.4.12 Text spacing: what a reader's own style sheet may set; nothing may be cut off or overflow.
TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
    " p { margin-bottom: 2em !important; }"
)


def signed_in(new_context, server, reference: str, **options) -> Page:
    page = new_context(base_url=server.url, viewport=NARROW, **options).new_page()
    page.goto("/signin")
    page.locator(f'form[action="/demo/sign-in"]:has(input[value="{reference}"]) button').click()
    english = page.locator("header").get_by_role("button", name="English")
    if english.count():
        english.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    return page


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {
                id: el.id, tag: el.tagName, text: (el.textContent || "").trim().slice(0, 40),
                top: box.top, bottom: box.bottom, height: innerHeight,
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
                ring: style.boxShadow !== "none",
            };
        }"""
    )


def test_a_link_of_the_error_summary_shows_the_field_with_its_label(demo_server, new_context):
    page = signed_in(new_context, demo_server, MIGRANT)
    page.goto("/me")
    page.get_by_role("link", name="I have a new job").click()
    page.get_by_role("button", name="Report the new job").click()

    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    for index in range(2):
        link = links.nth(index)
        target = link.get_attribute("href").lstrip("#")
        link.focus()
        page.keyboard.press("Enter")
        field = page.locator(f"#{target}")
        expect(field).to_be_focused()
        seen = focused(page)
        assert 0 <= seen["top"] and seen["bottom"] <= seen["height"], seen
        # Its label and its error are on the screen too, not scrolled off above it.
        for part in (page.locator(f'label[for="{target}"]'), page.locator(f"#{target}-error")):
            top = part.evaluate("(el) => el.getBoundingClientRect().top")
            assert top >= -1, (target, top)
        assert f"{target}-error" in field.get_attribute("aria-describedby")
        assert field.get_attribute("aria-invalid") == "true"


def test_the_message_after_a_form_is_sent_takes_the_focus(demo_server, new_context):
    """A message shown as the page loads is not announced by screen readers even as a live region: it gets the
    focus (GOV.UK's notification banner does the same)."""
    page = signed_in(new_context, demo_server, MIGRANT)
    page.goto("/me/profile")
    page.get_by_role("button", name="Save").click()
    message = page.get_by_role("status").filter(has_text="Your details are saved.")
    expect(message).to_be_focused()
    # A notice that belongs to the page (after its heading) does not take it on every visit.
    page.goto("/me")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert focused(page)["tag"] == "BODY"


def test_links_with_the_same_words_say_where_each_goes(demo_server, new_context):
    """A screen reader's list of links shows names alone: "About this service, in the guide" thirteen times, or
    "Download this table (CSV)" three times, says nothing. Each one's name carries what it is about."""

    def names_by_target(page: Page) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for link in page.locator("main").get_by_role("link").all():
            name = re.sub(r"\s+", " ", link.evaluate("(a) => a.textContent")).strip()
            found.setdefault(name, set()).add(link.get_attribute("href"))
        return found

    def same_words_elsewhere(page: Page) -> list[str]:
        return [name for name, hrefs in names_by_target(page).items() if len(hrefs) > 1]

    page = signed_in(new_context, demo_server, MIGRANT)
    page.goto("/me/services")
    names = names_by_target(page)
    guide = [name for name in names if name.startswith("About this service, in the guide")]
    assert len(guide) > 5 and "About this service, in the guide: Job referral and career advice" in guide, guide
    assert [name for name in same_words_elsewhere(page) if "guide" in name] == []
    page.goto("/me")
    page.get_by_role("link", name="See the report and who confirmed it").click()
    assert [name for name in same_words_elsewhere(page) if "guide" in name] == []

    page = signed_in(new_context, demo_server, ADMIN)
    page.goto("/admin")
    downloads = [name for name in names_by_target(page) if name.startswith("Download this table (CSV)")]
    assert sorted(downloads) == [
        "Download this table (CSV): Arrivals and departures by month",
        "Download this table (CSV): Indicators by area",
        "Download this table (CSV): Service requests by status",
    ]


def test_every_control_shows_its_focus_and_the_keyboard_goes_round_without_a_trap(demo_server, new_context):
    """The move form (links, radios, selects, text and date fields, buttons), by Tab alone at 320 px."""
    page = signed_in(new_context, demo_server, MIGRANT)
    page.goto("/me")
    page.get_by_role("link", name="I moved to a new address").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    seen: list[dict] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["text"] == "Skip to main content" or now["tag"] == "BODY":
            break
        seen.append(now)
    else:
        pytest.fail("the focus never left the page: " + ", ".join(s["id"] or s["text"] for s in seen[-5:]))
    kinds = {s["tag"] for s in seen}
    assert {"A", "BUTTON", "INPUT", "SELECT"} <= kinds, kinds
    assert [s for s in seen if not (s["ring"] or s["outline"])] == []
    assert [s for s in seen if s["bottom"] < 0 or s["top"] > s["height"]] == []
    # The footer's links come last: after main, in reading order.
    assert seen[-1]["text"] == "Your rights in plain words", seen[-1]


@pytest.mark.parametrize(
    ("reference", "path"),
    [
        (MIGRANT, "/me"),
        (MIGRANT, "/me/services"),
        (MIGRANT, "/account"),
        (ADMIN, "/admin"),
        ("XJDMJOBS", "/officer/requests"),
        ("XJDMJOBS", "/officer/vacancies"),
        ("XJDMWRKS", "/employer/vacancies/1"),
        ("XJDMCRDZ", "/coordinator/visits/*"),
    ],
)
def test_text_spacing_and_touch_targets_hold_at_320_px(demo_server, new_context, reference, path):
    # A reader's style sheet is theirs: the page's Content-Security-Policy does not apply to it.
    page = signed_in(new_context, demo_server, reference, bypass_csp=True)
    if path.endswith("*"):  # the first of its kind, reached from the caseload
        page.goto("/coordinator")
        page.locator(f"main a[href^='{path[:-1]}']").first.click()
    else:
        page.goto(path)
    page.add_style_tag(content=TEXT_SPACING)
    problems = page.evaluate(
        """() => {
            const found = [];
            if (document.documentElement.scrollWidth > innerWidth) {
                for (const el of document.body.querySelectorAll("*")) {
                    if (el.getBoundingClientRect().right > innerWidth + 1 && !el.closest(".table-wrap"))
                        found.push("sticks out: " + el.tagName + " " + el.textContent.trim().slice(0, 30));
                }
            }
            for (const el of document.body.querySelectorAll("*")) {
                const style = getComputedStyle(el);
                if (el.closest(".visually-hidden") || !el.getClientRects().length) continue;
                if ([style.overflowX, style.overflowY].some((o) => o === "hidden" || o === "clip")
                    && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
                    found.push("cut off: " + el.tagName + "." + el.className);
            }
            // WCAG 2.5.8: a target under 24 by 24 px needs a 24 px circle of its own (a link within a sentence
            // is exempt).
            const targets = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, summary")]
                .filter((el) => el.checkVisibility({ visibilityProperty: true }));
            const boxes = targets.map((el) => el.getBoundingClientRect());
            const small = (b) => b.width < 24 || b.height < 24;
            targets.forEach((el, i) => {
                const b = boxes[i];
                if (!small(b)) return;
                const rest = el.parentElement.textContent.replace(el.textContent, "").trim();
                if (el.tagName === "A" && getComputedStyle(el).display === "inline" && rest.length > 1) return;
                const x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
                boxes.forEach((o, j) => {
                    if (j === i || targets[j].contains(el) || el.contains(targets[j])) return;
                    const gap = small(o)
                        ? Math.hypot(x - (o.left + o.right) / 2, y - (o.top + o.bottom) / 2) - 12
                        : Math.hypot(Math.max(o.left - x, 0, x - o.right), Math.max(o.top - y, 0, y - o.bottom));
                    if (gap < 11.5) found.push("crowded: " + el.textContent.trim().slice(0, 30));
                });
            });
            return found;
        }"""
    )
    assert problems == [], path


def test_the_signed_in_journey_works_without_javascript(demo_server, new_context):
    """Demo sign-in, the language switch (a form), a form sent with its message, and signing out: no script."""
    page = signed_in(new_context, demo_server, MIGRANT, java_script_enabled=False)
    page.locator("header").get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto("/me/profile")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Your details are saved.")).to_be_visible()

    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()
    assert page.goto("/me").url.split("?")[0].endswith("/signin")
