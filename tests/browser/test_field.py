"""The coordinators' field mode in a real browser: the caseload downloaded to the phone, visits recorded without a
network and sent exactly once when it returns, a conflict kept for review, an expired session that keeps the
outbox, and a sign-out that wipes the downloaded personal data."""

import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select
from stdnum.cn import ric

from tests.browser.test_pwa import wait_for_service_worker
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.extensions import db
from webapp.people.models import Person
from webapp.places.loader import load_places, read_divisions
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport
from webapp.registrations.service import ReportAnswers, submit
from webapp.visits.models import Visit

pytestmark = pytest.mark.browser

#: 新华社区居委会, 车站街道, 张店区, 淄博市.
COMMUNITY = "370303001001"
COORDINATOR = "赵敏"
PEOPLE = ("王芳", "李娜", "张伟")
CONFIRMED = "Confirmed: everything is as reported"
CORRECTED = "Corrected: some details are different"
WAITING = "Saved on this phone, waiting to be sent"
SIGNED_OUT = (
    "You are signed out, so the caseload downloaded to this phone has been removed. Visits not sent yet stay on this "
    "phone and will be sent when you sign in again."
)


# --- The server's side: the database of the live app -----------------------------------------------------------


def load_community(app) -> None:
    """淄博市 and 张店区, then 车站街道 and its communities: enough for one coordinator, and quick to load."""
    rows = [
        row
        for row in read_divisions(prefixes=("3703",))
        if row["code"] in ("3703", "370303") or row["code"].startswith("370303001")
    ]
    with app.app_context():
        load_places(rows)


def id_number(birth: date, sequence: int) -> str:
    body = f"411525{birth:%Y%m%d}{sequence:03d}"  # 固始县
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last character


def create_reports(app, names: tuple[str, ...], first: int = 1) -> dict[str, str]:
    """One person per name, each with a residence report in the community (rooms 101, 102, …, from room 10`first`):
    name -> receipt."""
    receipts = {}
    with app.app_context():
        community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        for number, name in enumerate(names, start=first):
            birth = date(1990, 1, number)
            person = Person(
                name=name,
                sex="female",
                ethnicity="01",
                birth_date=birth,
                id_number=id_number(birth, 100 + number * 2),
                phone="13800138000",
                hukou_county_code="411525",
            )
            db.session.add(person)
            answers = ReportAnswers(
                place=community,
                road="人民路",
                number="18号",
                building="3栋",
                unit="2单元",
                room=f"10{number}",
                housing_type="own_home",
                arrival_date=clock.today() - timedelta(days=3),
                stay_count=None,
                reason="work",
                commuter=False,
            )
            receipts[name] = submit(person, answers, actor=None, today=clock.today()).receipt
    return receipts


def make_coordinator(app, display_name: str) -> None:
    """The account signed up through the browser becomes the community's coordinator."""
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == display_name))
        community = db.session.scalar(select(Place).where(Place.code == COMMUNITY))
        db.session.add(RoleGrant(account=account, role="coordinator", place=community))
        db.session.commit()


def stored_visits(app) -> list[dict]:
    with app.app_context():
        return [
            {
                "client_id": v.client_id,
                "receipt": v.report.receipt,
                "outcome": v.outcome,
                "conflict": v.conflict,
                "state": v.state,
                "corrections": v.corrections,
            }
            for v in db.session.scalars(select(Visit).order_by(Visit.id))
        ]


def reports(app) -> dict[str, dict]:
    with app.app_context():
        return {
            r.receipt: {"status": r.status, "room": r.room, "version": r.version}
            for r in db.session.scalars(select(ResidenceReport))
        }


def wait_until(check: Callable, timeout: float = 10.0, message: str = "condition"):
    """Poll the database (the browser syncs on its own time) until check() returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}; last value: {value!r}")
        time.sleep(0.1)


# --- The browser's side ----------------------------------------------------------------------------------------


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def cases(page: Page) -> Locator:
    return page.locator("[data-field-list] li")


def case(page: Page, name: str) -> Locator:
    return cases(page).filter(has=page.locator("strong", has_text=name))


def outbox_notice(page: Page) -> Locator:
    return page.locator("[data-field-outbox]")


def stored_on_phone(page: Page, store: str) -> list[dict] | None:
    """Everything in one IndexedDB store of the field database, or None when the database does not exist (opening
    it here would create it without its stores)."""
    return page.evaluate(
        """async (store) => {
        const names = (await indexedDB.databases()).map((d) => d.name);
        if (!names.includes("xinju-field")) return null;
        const db = await new Promise((resolve, reject) => {
            const req = indexedDB.open("xinju-field");
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
        });
        try {
            if (!db.objectStoreNames.contains(store)) return null;
            return await new Promise((resolve, reject) => {
                const req = db.transaction(store, "readonly").objectStore(store).getAll();
                req.onsuccess = () => resolve(req.result);
                req.onerror = () => reject(req.error);
            });
        } finally {
            db.close();
        }
    }""",
        store,
    )


def post_sync(page: Page, visits: list[dict]) -> dict:
    """POST to /coordinator/sync from the page, as static/js/outbox.js does."""
    return page.evaluate(
        """async (visits) => {
        const response = await fetch("/coordinator/sync", {
            method: "POST",
            credentials: "same-origin",
            headers: {"Content-Type": "application/json", Accept: "application/json", "X-Xinju-Sync": "1"},
            body: JSON.stringify({visits}),
        });
        return {status: response.status, body: await response.json()};
    }""",
        visits,
    )


def open_field_mode(live_server, page: Page, authenticator, sign_up, names: tuple[str, ...] = PEOPLE) -> dict:
    """The coordinator signs up with a passkey, opens field mode under the service worker, downloads the caseload."""
    load_community(live_server.app)
    receipts = create_reports(live_server.app, names)
    authenticator(page)
    sign_up(page, COORDINATOR)
    make_coordinator(live_server.app, COORDINATOR)

    page.goto("/coordinator")
    expect(heading(page)).to_have_text("Your caseload")
    page.get_by_role("link", name="Field mode (works offline)").click()
    expect(heading(page)).to_have_text("Field mode")
    wait_for_service_worker(page)

    page.get_by_role("button", name="Download today's caseload").click()
    expect(cases(page)).to_have_count(len(names))
    for name in names:
        expect(case(page, name)).to_have_count(1)
        # Why each is on the caseload, in the page's words (the download carries codes).
        expect(case(page, name).locator("[data-why]")).to_contain_text("Awaiting a visit")
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    return receipts


def record_visit(page: Page, name: str, outcome: str = CONFIRMED, changes: dict[str, str] | None = None) -> None:
    item = case(page, name)
    item.get_by_role("button", name="Record visit").click()
    item.get_by_label(outcome).check()
    for label, value in (changes or {}).items():
        item.get_by_label(label, exact=True).fill(value)
    item.get_by_role("button", name="Save the visit").click()
    # Offline, the visit is only on the phone: it says so, not "Visit recorded", until the server has stored it.
    expect(item.locator(".tag")).to_have_text(WAITING)
    expect(item.get_by_role("button", name="Record visit")).to_have_count(0)


# --- The tests -------------------------------------------------------------------------------------------------


def test_offline_visits_are_sent_exactly_once(live_server, context, page, authenticator, sign_up):
    app = live_server.app
    receipts = open_field_mode(live_server, page, authenticator, sign_up)

    context.set_offline(True)
    expect(page.locator("[data-field-network]")).to_have_text("Offline: visits are kept on this phone")
    for name in PEOPLE:
        record_visit(page, name)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 3")
    waiting = stored_on_phone(page, "outbox")
    assert sorted(v["receipt"] for v in waiting) == sorted(receipts.values())
    assert stored_visits(app) == []

    # Without a network the service worker still opens field mode, with the caseload and the outbox.
    page.reload()
    expect(heading(page)).to_have_text("Field mode")
    expect(cases(page)).to_have_count(3)
    for name in PEOPLE:
        expect(case(page, name)).to_have_count(1)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 3")
    assert stored_visits(app) == []

    # Back online, the page (and Background Sync, where the browser has it) sends the outbox by itself.
    context.set_offline(False)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    wait_until(lambda: len(stored_visits(app)) >= 3, message="3 visits")
    time.sleep(0.5)  # a second sender (the service worker) may still be on its way: it must change nothing
    visits = stored_visits(app)
    assert len(visits) == 3
    assert sorted(v["client_id"] for v in visits) == sorted(v["client_id"] for v in waiting)
    assert {v["outcome"] for v in visits} == {"confirmed"}
    assert {v["state"] for v in visits} == {"applied"}
    assert not any(v["conflict"] for v in visits)
    assert {receipt: r["status"] for receipt, r in reports(app).items()} == dict.fromkeys(receipts.values(), "verified")
    assert stored_on_phone(page, "outbox") == []
    for name in PEOPLE:
        expect(case(page, name).locator(".tag")).to_have_text("Visit recorded")

    # The same three visits again (a lost answer, a second tab): each is a duplicate, nothing is stored twice.
    replay = post_sync(
        page, [{k: v for k, v in visit.items() if k not in ("refused", "coordinator")} for visit in waiting]
    )
    assert replay["status"] == 200
    assert sorted(r["client_id"] for r in replay["body"]["results"]) == sorted(v["client_id"] for v in waiting)
    assert {r["status"] for r in replay["body"]["results"]} == {"duplicate"}
    assert len(stored_visits(app)) == 3


def test_a_conflict_is_kept_for_review(live_server, context, page, authenticator, sign_up):
    app = live_server.app
    receipts = open_field_mode(live_server, page, authenticator, sign_up, names=("王芳",))
    receipt = receipts["王芳"]

    context.set_offline(True)
    record_visit(page, "王芳", CORRECTED, {"Room": "202"})
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 1")

    # Meanwhile the resident changes her report on the server: the device's copy is out of date.
    with app.app_context():
        report = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipt))
        report.room, report.version = "305", report.version + 1
        db.session.commit()

    context.set_offline(False)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    expect(case(page, "王芳").locator(".tag")).to_have_text("Needs review: the report changed meanwhile")
    [visit] = wait_until(lambda: stored_visits(app), message="the visit")
    assert visit["conflict"] is True
    assert visit["state"] == "conflict"
    assert visit["corrections"] == {"room": "202"}
    assert reports(app)[receipt]["room"] == "305", "a visit on an old copy must not overwrite the newer report"

    page.goto("/coordinator")
    page.get_by_role("link", name="1 conflict to review").click()
    expect(heading(page)).to_have_text("Conflicts to review")
    room = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Room"))
    expect(room.get_by_role("cell")).to_have_text(["101", "305", "202"])
    page.get_by_role("button", name="Keep the report as it is").click()

    expect(page.get_by_role("status").filter(has_text="Thank you. The conflict is resolved.")).to_be_visible()
    expect(page.get_by_text("No conflicts.")).to_be_visible()
    [visit] = stored_visits(app)
    assert visit["state"] == "kept"
    assert reports(app)[receipt]["room"] == "305"


def test_signed_out_outbox_waits(live_server, context, page, authenticator, sign_up):
    app = live_server.app
    open_field_mode(live_server, page, authenticator, sign_up)

    context.set_offline(True)
    record_visit(page, "李娜")
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 1")

    context.clear_cookies()  # the session expired while the phone was offline
    context.set_offline(False)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(SIGNED_OUT)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 1")
    time.sleep(0.5)  # give a Background Sync attempt its chance to (wrongly) send it
    assert len(stored_on_phone(page, "outbox")) == 1
    assert stored_visits(app) == []

    # Signing in again (the same passkey on this phone) brings the coordinator back to field mode, which sends it.
    alert.get_by_role("link").click()
    expect(heading(page)).to_have_text("Sign in")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(heading(page)).to_have_text("Field mode")
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    [visit] = wait_until(lambda: stored_visits(app), message="the visit")
    assert visit["outcome"] == "confirmed"
    assert stored_on_phone(page, "outbox") == []


def test_sign_out_wipes_the_caseload(live_server, page, authenticator, sign_up):
    open_field_mode(live_server, page, authenticator, sign_up)
    assert len(stored_on_phone(page, "caseload")) == 3

    page.goto("/coordinator")
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status").filter(has_text="You have signed out.")).to_be_visible()
    assert stored_on_phone(page, "caseload") == []
    assert stored_on_phone(page, "visited") == []
    assert stored_on_phone(page, "meta") == []


def test_sign_out_everywhere_wipes_this_devices_caseload(live_server, page, authenticator, sign_up):
    """ "Lost a phone, or signed in on a computer that is not yours?": the button signs this device out too, so it
    wipes the caseload here at once, as the header's "Sign out" does."""
    open_field_mode(live_server, page, authenticator, sign_up)
    assert len(stored_on_phone(page, "caseload")) == 3

    page.goto("/account")
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("status").filter(has_text="You have signed out on every device.")).to_be_visible()
    assert stored_on_phone(page, "caseload") == []
    assert stored_on_phone(page, "meta") == []


def shown_time(downloaded_at: str, locale: str) -> str:
    """What the server's pages would show for that instant: China's time in the app's "short" format."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    from webapp.i18n.formats import SHORT_DATETIME

    instant = datetime.fromisoformat(downloaded_at.replace("Z", "+00:00"))
    pattern = SHORT_DATETIME.get(locale, "short")  # English's own is ambiguous (webapp/i18n/formats.py)
    return format_datetime(instant, pattern, tzinfo=ZoneInfo("Asia/Shanghai"), locale=locale)


def test_field_mode_offline_speaks_the_accounts_language_and_shows_china_time(
    live_server, new_context, authenticator, sign_up
):
    """Issue 11, point 7. A phone in English in New York: the coordinator chooses Chinese on the account; offline,
    the kept field page opens in Chinese (not the phone's English), its times are China's in the app's format, and
    its language switch works without a network."""
    context = new_context(locale="en-US", timezone_id="America/New_York")
    page = context.new_page()
    open_field_mode(live_server, page, authenticator, sign_up, names=PEOPLE[:1])
    downloaded_at = page.evaluate("() => self.XinjuOutbox.get('meta', 'downloaded_at')")
    meta = page.locator("[data-field-meta]")
    expect(meta).to_have_text(f"Caseload downloaded {shown_time(downloaded_at, 'en')}: 1 report")

    page.goto("/coordinator")
    page.get_by_role("button", name="中文").click()
    expect(heading(page)).to_have_text("我的工作清单")

    context.set_offline(True)
    page.goto("/field")
    expect(heading(page)).to_have_text("离线模式")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(meta).to_have_text(f"工作清单下载于{shown_time(downloaded_at, 'zh')}，共1份申报")
    expect(case(page, PEOPLE[0])).to_have_count(1)

    page.get_by_role("link", name="English").click()
    expect(heading(page)).to_have_text("Field mode")
    expect(meta).to_have_text(f"Caseload downloaded {shown_time(downloaded_at, 'en')}: 1 report")
    # Any other page without a network: the offline page, in the language last chosen, with its own switch.
    page.goto("/account")
    expect(heading(page)).to_have_text("You are offline")
    page.get_by_role("link", name="中文").click()
    expect(heading(page)).to_have_text("网络已断开")


def test_field_mode_formats_times_as_the_server_does(live_server, new_context):
    """formatDateTime (static/js/field.js) against Babel, in both languages, across midnight, noon and a year."""
    page = new_context(timezone_id="America/Los_Angeles").new_page()
    page.goto("/field")
    src = page.locator("#field").get_attribute("data-module-src")
    instants = ["2026-07-13T16:05:00Z", "2026-07-14T04:00:00Z", "2026-12-31T23:30:00Z", "2027-01-01T15:59:00Z"]
    for locale in ("en", "zh"):
        page.goto(f"/field?lang={locale}")
        shown = page.evaluate(
            """async ([src, instants]) => {
                const { formatDateTime } = await import(src);
                const d = document.getElementById("field").dataset;
                const format = { pattern: d.datetimePattern, am: d.datetimeAm, pm: d.datetimePm, timezone: d.timezone };
                return instants.map((when) => formatDateTime(when, format));
            }""",
            [src, instants],
        )
        assert shown == [shown_time(when, locale) for when in instants]


CUMULATIVE_LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 1000);
})"""


def test_field_mode_does_not_shift_as_it_starts(live_server, page, authenticator, sign_up):
    """Issue 11, point 8: field mode used to move by 0.16-0.25 (CLS) as its buttons, notices and list appeared."""
    open_field_mode(live_server, page, authenticator, sign_up)
    for _ in range(2):  # with the caseload on the phone, as a coordinator opens it in the morning
        page.reload()
        expect(cases(page)).to_have_count(len(PEOPLE))
        shift = page.evaluate(CUMULATIVE_LAYOUT_SHIFT)
        assert shift < 0.1, f"field mode's layout shifted by {shift:.3f} as it started"


def put_on_phone(page: Page, visits: list[dict]) -> None:
    """Add visits to the outbox as field.js does (IndexedDB), e.g. ones an older version of the page made."""
    page.evaluate(
        """async (visits) => {
        for (const visit of visits) await self.XinjuOutbox.put("outbox", visit);
    }""",
        visits,
    )


def phone_visit(receipt: str, client_id: str, **fields) -> dict:
    return {
        "client_id": client_id,
        "receipt": receipt,
        "seen_version": 1,
        "outcome": "confirmed",
        "corrections": {},
        "notes": "",
        "recorded_at": clock.utcnow().isoformat() + "Z",
        "location": None,
        "seen": {"version": 1},
        **fields,
    }


def test_a_poison_visit_is_set_aside_and_shown_and_the_rest_is_sent_in_small_batches(
    live_server, context, page, authenticator, sign_up
):
    """One visit the server refuses (a NUL byte in its notes, which PostgreSQL cannot store), one too large to send
    (1 MB of "seen" data), and 60 more: the outbox goes in batches of at most 25, the two bad visits are set aside and
    shown with the reason, never sent again and never "Visit recorded"; every other visit is stored."""
    app = live_server.app
    receipts = open_field_mode(live_server, page, authenticator, sign_up)
    bodies = []
    page.on("request", lambda r: bodies.append(r.post_data_json) if r.url.endswith("/coordinator/sync") else None)

    context.set_offline(True)
    record_visit(page, "张伟")
    put_on_phone(
        page,
        [phone_visit(receipts["王芳"], "poison-nul-00001", notes="敲门没人\u0000")]
        + [phone_visit(receipts["李娜"], "poison-big-00001", seen={"road": "路" * 300_000})]
        + [phone_visit(receipts["张伟"], f"more-visits-{n:04d}") for n in range(60)],
    )
    context.set_offline(False)
    page.get_by_role("button", name="Send visits now").click()

    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    set_aside = page.locator("[data-field-set-aside]")
    expect(set_aside).to_have_text("Visits not accepted, kept on this phone: 2. See why below.")
    expect(case(page, "王芳").locator(".tag")).to_have_text(
        "Not accepted: Notes: contains characters that are not allowed"
    )
    expect(case(page, "李娜").locator(".tag")).to_have_text("Not accepted: it is too large to send")
    # Nothing is waiting any more (张伟's report, now verified, may already have left the list: back online, field
    # mode brings its copy up to date by itself).
    expect(page.locator("[data-field-list] li .tag").filter(has_text=WAITING)).to_have_count(0)
    visits = wait_until(lambda: len(stored_visits(app)) == 61 and stored_visits(app), message="61 visits")
    assert not {"poison-nul-00001", "poison-big-00001"} & {v["client_id"] for v in visits}
    assert all(len(body["visits"]) <= 25 for body in bodies if body)
    assert sorted(v["client_id"] for v in stored_on_phone(page, "outbox")) == ["poison-big-00001", "poison-nul-00001"]

    # Sent again, the set-aside visits stay where they are: nothing is resent.
    sent = len(bodies)
    page.get_by_role("button", name="Send visits now").click()
    expect(set_aside).to_be_visible()
    time.sleep(0.5)
    assert len(bodies) == sent
    assert reports(app)[receipts["王芳"]]["status"] != "verified"

    # The coordinator removes the refused visit and can record it again.
    item = case(page, "王芳")
    item.get_by_role("button", name="Remove from this phone").click()
    expect(item.get_by_role("button", name="Record visit")).to_be_visible()
    expect(set_aside).to_have_text("Visits not accepted, kept on this phone: 1. See why below.")


def test_a_visit_on_which_the_server_keeps_failing_is_set_aside_after_three_tries(
    live_server, context, page, authenticator, sign_up
):
    receipts = open_field_mode(live_server, page, authenticator, sign_up, names=("王芳", "李娜"))
    tries = []

    def failing(route):
        if "crashes-server-01" in (route.request.post_data or ""):
            tries.append(route.request.post_data_json)
            return route.fulfill(status=500, content_type="text/html", body="Internal Server Error")
        return route.continue_()

    # The page's own requests fail for this visit (put on the phone directly: no Background Sync, whose requests
    # from the service worker would not pass through page.route).
    page.route("**/coordinator/sync", failing)
    put_on_phone(
        page, [phone_visit(receipts["李娜"], "fine-visit-0001"), phone_visit(receipts["王芳"], "crashes-server-01")]
    )
    refused = case(page, "王芳").locator(".tag", has_text="Not accepted")
    for _ in range(10):  # a click while a send is still running joins it, so count the tries, not the clicks
        if refused.count():
            break
        page.get_by_role("button", name="Send visits now").click()
        time.sleep(0.5)
    expect(refused).to_have_text("Not accepted: the server could not store it, after several tries")
    assert [len(t["visits"]) for t in tries] == [2, 1, 1, 1]  # the batch, then the visit alone three times
    expect(case(page, "李娜").locator(".tag")).to_have_text("Visit recorded")
    before = len(tries)
    page.get_by_role("button", name="Send visits now").click()
    time.sleep(0.5)
    assert len(tries) == before  # set aside: not sent again


def test_an_update_after_the_first_download_comes_by_cursor_and_stays_offline(
    live_server, context, page, authenticator, sign_up
):
    """The second download asks only for what changed (?since=<cursor>): a report added, one changed and one
    verified meanwhile come as an item added, an item replaced and a receipt removed; the copy stays usable offline."""
    app = live_server.app
    receipts = open_field_mode(live_server, page, authenticator, sign_up)
    first_cursor = page.evaluate("() => self.XinjuOutbox.get('meta', 'cursor')")
    assert first_cursor
    added = create_reports(app, ("刘洋",), first=len(PEOPLE) + 1)["刘洋"]
    with app.app_context():
        changed = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipts["李娜"]))
        changed.room, changed.version = "909", changed.version + 1
        verified = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipts["张伟"]))
        verified.status = "verified"
        db.session.commit()

    asked = []
    page.on("request", lambda request: asked.append(request.url) if "caseload.json" in request.url else None)
    with page.expect_response(lambda response: "caseload.json" in response.url) as answer:
        page.get_by_role("button", name="Download today's caseload").click()
    update = answer.value.json()
    assert asked and asked[-1].endswith("?since=" + first_cursor)
    assert update["full"] is False and update["removed"] == [receipts["张伟"]]
    assert {item["r"] for item in update["items"]} == {added, receipts["李娜"]}
    expect(cases(page)).to_have_count(3)
    expect(case(page, "张伟")).to_have_count(0)
    expect(case(page, "刘洋")).to_have_count(1)
    expect(case(page, "李娜")).to_contain_text("909")
    assert {item["r"] for item in stored_on_phone(page, "caseload")} == {receipts["王芳"], receipts["李娜"], added}

    context.set_offline(True)
    page.reload()
    expect(heading(page)).to_have_text("Field mode")
    expect(cases(page)).to_have_count(3)
    expect(case(page, "李娜")).to_contain_text("909")
    record_visit(page, "刘洋")
    [visit] = stored_on_phone(page, "outbox")
    assert (visit["receipt"], visit["seen"]["room"]) == (added, "104")
    context.set_offline(False)


def test_back_online_field_mode_fetches_the_update_by_itself(live_server, context, page, authenticator, sign_up):
    """Field mode open on a phone that lost the network while a report was added: when it comes back online the
    page sends its outbox and asks for what changed by cursor by itself (no button), and shows the new report."""
    app = live_server.app
    open_field_mode(live_server, page, authenticator, sign_up)
    first_cursor = page.evaluate("() => self.XinjuOutbox.get('meta', 'cursor')")
    assert first_cursor
    context.set_offline(True)
    added = create_reports(app, ("刘洋",), first=len(PEOPLE) + 1)["刘洋"]
    with page.expect_response(lambda response: "caseload.json" in response.url) as answer:
        context.set_offline(False)
    assert answer.value.url.endswith("?since=" + first_cursor)
    update = answer.value.json()
    assert update["full"] is False and [item["r"] for item in update["items"]] == [added]
    expect(case(page, "刘洋")).to_have_count(1)
    expect(cases(page)).to_have_count(len(PEOPLE) + 1)
    assert page.evaluate("() => self.XinjuOutbox.get('meta', 'cursor')") == update["cursor"]
