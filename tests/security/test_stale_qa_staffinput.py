"""A staff decision sent again (a double click, a second tab, a page left open while a colleague decided): the
second changes nothing (no second audit event or notice, the first answer's time kept) and says why in the staff
member's language, instead of deciding twice or answering "not found" (QA, staff input)."""

from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import token_from
from tests.support import factories
from tests.visits.test_visits import SYNC_HEADERS
from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.audit.models import AuditEvent
from webapp.employers.models import Employment
from webapp.notifications.models import Notification
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.vacancies.models import Vacancy
from webapp.visits.models import Visit


@dataclass
class Decision:
    """Who decides, the page the form is on, where it is sent, what it sends, and where the second lands."""

    actor: Account
    page: str
    action: str
    data: dict
    lands: str
    row: tuple  # what must stay as the first decision left it: (model, id, column)
    first: str | None = None  # where the first decision is sent, when not to `action`


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def reapprove(db, create_account, create_place, community, **_):
    """A posting approved already: "approve" again from the review page."""
    officer = create_account("officer", place=create_place("370303"), department="hrss")
    employer = factories.create_employer(create_account("employer"))
    vacancy = factories.create_vacancy(employer, community, status="pending")
    page = f"/officer/vacancies/{vacancy.id}"
    return Decision(
        officer, page, page, {"decision": "approve"}, "/officer/vacancies", (Vacancy, vacancy.id, "reviewed_at")
    )


def deactivate(db, create_account, create_place, community, **_):
    admin = create_account("admin", place=create_place("370303"))
    coordinator = create_account("coordinator", place=community)
    page = f"/admin/staff/{coordinator.id}"
    return Decision(admin, page, f"{page}/deactivate", {}, page, (Account, coordinator.id, "deactivated_at"))


def unassign_after_deactivation(db, create_account, create_place, community, **_):
    """A page left open on a coordinator of two communities, deactivated meanwhile: taking them off one of them."""
    admin = create_account("admin", place=create_place("370303"))
    coordinator = create_account("coordinator", place=community)
    db.session.add(RoleGrant(account_id=coordinator.id, role="coordinator", place=create_place("370303001002")))
    db.session.commit()
    grant = db.session.scalar(db.select(RoleGrant.id).where(RoleGrant.account_id == coordinator.id))
    page = f"/admin/staff/{coordinator.id}"
    # The first "decision" deactivates; the stale one is the form for a community, from the page as it was.
    removal = f"{page}/grants/{grant}/remove"
    return Decision(admin, page, removal, {}, page, (Account, coordinator.id, "deactivated_at"), f"{page}/deactivate")


def resolve_twice(db, client, create_account, community, migrant, sign_in, report_data, submit_report, **_):
    """A conflict resolved ("apply") from one tab, then from another."""
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    coordinator = create_account("coordinator", place=community)
    sign_in(coordinator)
    visit = {
        "client_id": "conflict-0001",
        "receipt": report.receipt,
        "seen_version": 0,
        "outcome": "corrected",
        "corrections": {"room": "909"},
        "recorded_at": clock.utcnow().isoformat(),
    }
    client.post("/coordinator/sync", json={"visits": [visit]}, headers=SYNC_HEADERS)
    stored = db.session.scalar(db.select(Visit))
    assert stored.state == "conflict"
    return Decision(
        coordinator,
        "/coordinator/conflicts",
        f"/coordinator/conflicts/{stored.id}",
        {"decision": "apply"},
        "/coordinator/conflicts",
        (Visit, stored.id, "resolved_at"),
    )


def answer_hire_twice(db, create_account, create_person, community, **_):
    """A coordinator answers for a person without an account; a colleague's page (or a second tab) answers again."""
    employer = factories.create_employer(create_account("employer"))
    employer.place = community
    worker = create_person(None, name="刘洋", birth=date(1990, 3, 4))
    hire = Employment(
        person=worker,
        employer=employer,
        employer_name=employer.name,
        worker_name="刘洋",
        started_on=clock.today(),
        source="employer",
        status="pending",
    )
    db.session.add(hire)
    db.session.commit()
    page = f"/coordinator/hires/{hire.id}"
    coordinator = create_account("coordinator", place=community)
    return Decision(
        coordinator, page, page, {"answer": "confirm"}, "/coordinator/hires", (Employment, hire.id, "status")
    )


#: Each kind of decision, and what the second submission is told (English, Chinese).
DECISIONS = {
    "posting_approved_again": (reapprove, "This posting is on the jobs board already.", "这条招聘信息已经发布。"),
    "staff_deactivated_again": (deactivate, "This account is deactivated already.", "这个账号已经停用。"),
    "community_taken_from_deactivated": (
        unassign_after_deactivation,
        "This account is deactivated already.",
        "这个账号已经停用。",
    ),
    "conflict_resolved_again": (
        resolve_twice,
        "This conflict has been resolved already.",
        "这个数据冲突已经处理过了。",
    ),
    "hire_answered_again": (answer_hire_twice, "This hire has been answered already.", "这条用工报告已经有人答复了。"),
}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("kind", DECISIONS.keys())
def test_a_decision_sent_again_changes_nothing_and_says_why(
    client,
    db,
    community,
    migrant,
    create_account,
    create_place,
    create_person,
    sign_in,
    report_data,
    submit_report,
    kind,
    lang,
):
    make, english, chinese = DECISIONS[kind]
    decision = make(
        db=db,
        client=client,
        create_account=create_account,
        create_place=create_place,
        create_person=create_person,
        community=community,
        migrant=migrant,
        sign_in=sign_in,
        report_data=report_data,
        submit_report=submit_report,
    )
    sign_in(decision.actor)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = lang
    token = token_from(client.get(decision.page).get_data(as_text=True))  # the page, opened before the first
    first = client.post(decision.first or decision.action, data={"csrf_token": token, **decision.data})
    assert first.status_code == 302
    model, row_id, column = decision.row
    db.session.expire_all()
    kept = getattr(db.session.get(model, row_id), column)
    assert kept is not None
    rows = {m: count(db, m) for m in (AuditEvent, Notification, ReportEvent, Visit, RoleGrant)}

    again = client.post(decision.action, data={"csrf_token": token, **decision.data})

    assert again.status_code == 302 and again.location == decision.lands
    shown = client.get(again.location).get_data(as_text=True)
    assert (chinese if lang == "zh-CN" else english) in shown
    db.session.expire_all()
    assert getattr(db.session.get(model, row_id), column) == kept
    assert {m: count(db, m) for m in rows} == rows
