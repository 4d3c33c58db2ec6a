"""Field mode and the session on the server: the downloaded caseload (names, addresses, masked ID numbers) leaves the
phone when the server says the coordinator's session has ended or names another account, while the visits not yet
sent stay for their own coordinator; offline the copy stays usable. Also: a visit that became a conflict is said,
with the way to review it, and saving a visit by keyboard leaves the focus on its confirmation."""

import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, select

from tests.browser.test_field import (
    CONFIRMED,
    COORDINATOR,
    PEOPLE,
    case,
    cases,
    heading,
    open_field_mode,
    outbox_notice,
    record_visit,
    reports,
    stored_on_phone,
    stored_visits,
    wait_until,
)
from webapp.accounts.models import Account, AccountSession, RoleGrant
from webapp.extensions import db
from webapp.places.models import Place
from webapp.registrations.models import ResidenceReport

pytestmark = pytest.mark.browser

WIPED = (
    "You are signed out, so the caseload downloaded to this phone has been removed. Visits not sent yet stay on this "
    "phone and will be sent when you sign in again."
)
OTHER_ACCOUNT = (
    "The caseload on this phone was downloaded by another account, so it has been removed. Download your own caseload."
)
#: Another community of 车站街道 (loaded with the first by test_field.load_community).
OTHER_COMMUNITY = "370303001002"


def end_sessions_on_the_server(app, display_name: str) -> None:
    """As an idle timeout, "Sign out everywhere" from another device or a deactivation does: the session rows go."""
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == display_name))
        db.session.execute(delete(AccountSession).where(AccountSession.account_id == account.id))
        db.session.commit()
        db.session.remove()


def sessions_of(app, display_name: str) -> list[int]:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == display_name))
        found = list(db.session.scalars(select(AccountSession.id).where(AccountSession.account_id == account.id)))
        db.session.remove()
        return found


def make_coordinator_of(app, display_name: str, code: str) -> None:
    with app.app_context():
        account = db.session.scalar(select(Account).where(Account.display_name == display_name))
        place = db.session.scalar(select(Place).where(Place.code == code))
        db.session.add(RoleGrant(account=account, role="coordinator", place=place))
        db.session.commit()
        db.session.remove()


def no_names_on(page: Page) -> None:
    # The phone's copy first, waited for: the wipe may still be under way (field mode asks the server whose copy it is
    # as it opens; the list on the page is empty until that answer, so it alone proves nothing yet).
    wait_until(lambda: stored_on_phone(page, "caseload") == [], message="the caseload wiped from the phone")
    expect(cases(page)).to_have_count(0)
    for name in PEOPLE:
        expect(page.get_by_text(name)).to_have_count(0)


def test_an_ended_session_wipes_the_caseload_online_and_keeps_the_unsent_visit(
    live_server, context, page, authenticator, sign_up
):
    app = live_server.app
    open_field_mode(live_server, page, authenticator, sign_up)
    context.set_offline(True)
    record_visit(page, "李娜")

    # Offline, the copy stays usable even though the session has ended meanwhile: that is field mode's point.
    end_sessions_on_the_server(app, "赵敏")
    page.reload()
    expect(heading(page)).to_have_text("Field mode")
    expect(cases(page)).to_have_count(len(PEOPLE))

    # Online again and opened anew: the server says the session is gone, the names leave the phone; the visit stays.
    context.set_offline(False)
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text(WIPED)
    no_names_on(page)
    assert stored_on_phone(page, "meta") == []
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 1")
    assert len(stored_on_phone(page, "outbox")) == 1
    assert stored_visits(app) == []

    # The same coordinator signs in again (the alert's link): the visit is sent.
    page.get_by_role("alert").get_by_role("link", name="Sign in").click()
    expect(heading(page)).to_have_text("Sign in")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(heading(page)).to_have_text("Field mode")
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    [visit] = wait_until(lambda: stored_visits(app), message="the visit")
    assert visit["outcome"] == "confirmed"


def test_sign_out_everywhere_from_another_device_wipes_the_caseload_when_field_mode_opens(
    live_server, new_context, page, authenticator, sign_up
):
    """The button offered for a lost phone: pressed on another device, the lost phone's copy goes as soon as field
    mode is opened on it with a network."""
    open_field_mode(live_server, page, authenticator, sign_up)
    other = new_context(storage_state=page.context.storage_state()).new_page()  # the coordinator's other device
    other.goto("/account")
    other.get_by_role("button", name="Sign out everywhere").click()
    expect(other.get_by_role("heading", level=1)).not_to_have_text("Your account")
    wait_until(lambda: not sessions_of(live_server.app, COORDINATOR), message="every session ended")

    page.reload()
    expect(page.get_by_role("alert")).to_contain_text(WIPED)
    no_names_on(page)


def test_another_coordinator_signing_in_never_sees_the_first_ones_caseload(
    live_server, context, page, authenticator, sign_up
):
    app = live_server.app
    open_field_mode(live_server, page, authenticator, sign_up)
    context.set_offline(True)
    record_visit(page, "王芳")
    context.set_offline(False)
    end_sessions_on_the_server(app, "赵敏")  # e.g. an idle timeout before the visit could be sent
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 1")

    # Another coordinator (of another community) signs in on the same browser and opens field mode.
    sign_up(page, "周敏")
    make_coordinator_of(app, "周敏", OTHER_COMMUNITY)
    page.goto("/field")
    expect(heading(page)).to_have_text("Field mode")
    # The copy is gone, whichever came first: 赵敏's page hearing 401 when it went online (her session had ended),
    # or field mode finding 周敏 signed in (test_another_account_s_copy_is_wiped_with_a_notice says that one).
    no_names_on(page)
    # 赵敏's unsent visit stays on the phone, is not sent under 周敏's account, and is said to be someone else's.
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    expect(page.locator("[data-field-others]")).to_have_text(
        "Visits recorded by another coordinator on this phone: 1. They stay here and will be sent when that "
        "coordinator signs in again."
    )
    page.get_by_role("button", name="Send visits now").click()
    time.sleep(0.5)
    assert stored_visits(app) == []
    assert len(stored_on_phone(page, "outbox")) == 1

    # 周敏 downloads her own caseload: none of 赵敏's names.
    page.get_by_role("button", name="Download today's caseload").click()
    expect(page.locator("[data-field-meta]")).to_contain_text(": 0 reports")
    no_names_on(page)


def test_the_apps_sign_in_of_another_coordinator_wipes_the_caseload_before_field_mode_opens(
    live_server, page, authenticator, sign_up
):
    app = live_server.app
    open_field_mode(live_server, page, authenticator, sign_up)
    end_sessions_on_the_server(app, "赵敏")
    sign_up(page, "周敏")
    make_coordinator_of(app, "周敏", OTHER_COMMUNITY)
    page.goto("/coordinator")  # any page of a signed-in coordinator
    expect(heading(page)).to_have_text("Your caseload")
    wait_until(lambda: stored_on_phone(page, "caseload") == [], message="the caseload wiped")
    assert stored_on_phone(page, "meta") == []


def test_a_visit_that_became_a_conflict_is_said_with_the_way_to_review_it(
    live_server, context, page, authenticator, sign_up
):
    """The report is verified by someone else meanwhile: once synced, the copy brought up to date drops it, so
    without a word the coordinator's visit would just disappear from the list."""
    app = live_server.app
    receipts = open_field_mode(live_server, page, authenticator, sign_up, names=("王芳", "李娜"))
    context.set_offline(True)
    record_visit(page, "王芳", CONFIRMED)
    with app.app_context():
        report = db.session.scalar(select(ResidenceReport).where(ResidenceReport.receipt == receipts["王芳"]))
        report.status, report.version = "ended", report.version + 1
        db.session.commit()
        db.session.remove()

    context.set_offline(False)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    notice = page.locator("[data-field-conflicts]")
    expect(notice).to_contain_text("1 of your visits needs review: the report changed before the visit arrived.")
    expect(case(page, "王芳")).to_have_count(0)  # the update by cursor dropped the ended report
    notice.get_by_role("link", name="Review conflicts").click()
    expect(heading(page)).to_have_text("Conflicts to review")
    status = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Status"))
    expect(status.get_by_role("cell")).to_have_text(["Submitted", "Ended", ""])
    expect(page.get_by_role("button", name="Apply my visit to the report as it is now")).to_have_count(0)
    expect(page.get_by_text("This report has ended since your visit")).to_be_visible()
    page.get_by_role("button", name="Keep the report as it is").click()
    expect(page.get_by_text("No conflicts.")).to_be_visible()
    assert reports(app)[receipts["王芳"]]["status"] == "ended"


def test_saving_a_visit_by_keyboard_moves_the_focus_to_its_confirmation(
    live_server, context, page, authenticator, sign_up
):
    open_field_mode(live_server, page, authenticator, sign_up)
    item = case(page, "李娜")
    item.get_by_role("button", name="Record visit").focus()
    page.keyboard.press("Enter")
    first = item.get_by_label(CONFIRMED)
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    item.get_by_role("button", name="Save the visit").focus()
    page.keyboard.press("Enter")
    saved = page.locator("[data-field-saved]")
    expect(saved).to_have_text("Visit for 李娜 saved on this phone.")
    expect(saved).to_be_focused()
    # Still there once the visit is sent and the list drawn again.
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    wait_until(lambda: stored_visits(live_server.app), message="the visit")
    assert page.evaluate("() => document.activeElement.matches('[data-field-saved]')")


def test_another_account_s_copy_is_wiped_with_a_notice(live_server, page, authenticator, sign_up):
    """Nobody's session ends here: 周敏 signs in on the browser where 赵敏 downloaded her caseload, and field mode
    (the only page that checks on its own page) wipes 赵敏's copy and says why."""
    open_field_mode(live_server, page, authenticator, sign_up)
    page.goto("/guide")  # off field mode, 赵敏's cookie gone (her session still open on the server): no 401 anywhere
    page.context.clear_cookies()
    sign_up(page, "周敏")
    make_coordinator_of(live_server.app, "周敏", OTHER_COMMUNITY)
    page.goto("/field")
    expect(heading(page)).to_have_text("Field mode")
    expect(page.locator("[data-field-notice]")).to_have_text(OTHER_ACCOUNT)
    no_names_on(page)


def test_the_confirmation_says_sent_once_the_visit_has_gone(live_server, context, page, authenticator, sign_up):
    """A reviewer found "Visit for … saved on this phone" still above the list after it had been sent."""
    open_field_mode(live_server, page, authenticator, sign_up)
    context.set_offline(True)
    record_visit(page, "李娜")
    saved = page.locator("[data-field-saved]")
    expect(saved).to_have_text("Visit for 李娜 saved on this phone.")
    context.set_offline(False)
    expect(outbox_notice(page)).to_have_text("Visits waiting to be sent: 0")
    expect(saved).to_have_text("Visit for 李娜 sent.")
    wait_until(lambda: stored_visits(live_server.app), message="the visit")
