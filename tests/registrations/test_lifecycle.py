"""A report's lifecycle (webapp/registrations/lifecycle.py): its status words spelled in one place, and the table
of which transition may start from which status, refused ones changing nothing."""

import re
from pathlib import Path

import pytest

from tests.conftest import token_from
from tests.support.factories import create_reports
from webapp import clock
from webapp.registrations import lifecycle
from webapp.registrations.lifecycle import EventAction, ReportStatus, TransitionRefused
from webapp.registrations.models import ResidenceReport
from webapp.visits.models import Visit

ROOT = Path(__file__).resolve().parents[2]
WORDS = tuple(status.value for status in ReportStatus)
#: A quoted status word, not inside _("…") or _l("…") (words shown to people are translations, not codes).
LITERAL = re.compile(r"""(?<!_\()(?<!_l\()(["'])(""" + "|".join(WORDS) + r""")\1""")

#: The same words in other vocabularies, by where they are and why. Each entry must still be found (remove it when
#: it is not), and a report status spelled anywhere else fails the test.
OTHER_VOCABULARIES = {
    # A landlord's or employer's answer to a claim (Tenancy/Employment.status: pending, confirmed, denied, unlinked).
    ("webapp/registrations/choices.py", "confirmed"),  # CLAIM_LABELS
    ("webapp/claims/service.py", "confirmed"),  # answer_claim
    ("webapp/synthetic/reports.py", "confirmed"),  # an answered claim
    # An identity claim's status (people.models.IdentityClaim: pending, confirmed, denied).
    ("webapp/people/placeholders.py", "confirmed"),
    # A visit's outcome (visits.models.Outcome: confirmed, corrected, not_found, moved_out, declined).
    ("webapp/visits/models.py", "confirmed"),
    ("webapp/visits/models.py", "corrected"),
    # A permit application's status (submitted, missing, approved, refused).
    ("webapp/permits/", "submitted"),
    ("webapp/synthetic/permits.py", "submitted"),
    ("templates/permits/", "submitted"),
    ("webapp/privacy/deletion.py", "submitted"),  # a permit application waiting: a duty left
    ("webapp/privacy/retention.py", "submitted"),  # a permit application still open keeps its documents
    # A correction request's status (privacy.correction.CorrectionRequest: open, corrected, declined).
    ("webapp/privacy/correction.py", "corrected"),
    # A service request's status: services.statuses.RequestStatus, the one place it is spelled.
    ("webapp/services/statuses.py", "submitted"),
    # The dashboards' count of reports a coordinator has seen (CommunityStats.verified: lifecycle.checked()).
    ("webapp/admin/", "verified"),
    # The assessment's indicator of that share (webapp/assessment/weights.toml) and its copy of CommunityStats.verified.
    ("webapp/assessment/", "verified"),
    # A rules profile checked against its published text (Profile.review: verified, pending).
    ("webapp/policy/", "verified"),
}


def literals() -> list[tuple[str, int, str]]:
    found = []
    files = [*sorted((ROOT / "webapp").rglob("*.py")), *sorted((ROOT / "templates").rglob("*.html"))]
    for path in files:
        name = path.relative_to(ROOT).as_posix()
        if name == "webapp/registrations/lifecycle.py" or name.startswith("webapp/migrations/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found.extend((name, number, match.group(2)) for match in LITERAL.finditer(line))
    return found


def other_vocabulary(name: str, word: str) -> tuple[str, str] | None:
    return next(((place, w) for place, w in OTHER_VOCABULARIES if w == word and name.startswith(place)), None)


def test_no_report_status_is_spelled_outside_the_lifecycle():
    found = literals()
    assert [f"{name}:{number}: {word!r}" for name, number, word in found if not other_vocabulary(name, word)] == []
    used = {other_vocabulary(name, word) for name, _number, word in found}
    assert OTHER_VOCABULARIES - used == set()  # an exception no longer needed: remove it


def test_the_grep_sees_literals_and_skips_translations():
    assert [m.group(2) for m in LITERAL.finditer("""x == "ended" or y in ('verified', _("rejected"))""")] == [
        "ended",
        "verified",
    ]
    assert literals()  # the walk reads the files (the other vocabularies are there)


S = ReportStatus
LIVE = {S.SUBMITTED, S.CONFIRMED, S.VERIFIED, S.CORRECTED}
#: Written out by hand, from the status diagram (docs/architecture.md), not read from lifecycle.ALLOWED.
EXPECTED = {
    "submit": {None},
    "change": LIVE,
    "deregister": LIVE,
    "claim_answered": set(S),
    "claim_ended": set(S),
    "verify": LIVE,
    "correct": LIVE,
    "move_out": LIVE,
    "visit_noted": LIVE,
    "reject": LIVE,
}


@pytest.mark.parametrize("status", [None, *S], ids=lambda s: str(s))
@pytest.mark.parametrize("transition", sorted(EXPECTED))
def test_the_transition_table(transition, status):
    assert lifecycle.allowed(transition, status) is (status in EXPECTED[transition])


def test_every_transition_is_in_the_table():
    assert set(lifecycle.ALLOWED) == set(EXPECTED)


def test_the_named_sets():
    assert set(lifecycle.AWAITING_VISIT) == {S.SUBMITTED, S.CONFIRMED}
    assert set(lifecycle.CHECKED) == {S.VERIFIED, S.CORRECTED}
    assert set(lifecycle.OPEN) == {S.SUBMITTED, S.CONFIRMED, S.CORRECTED}
    assert set(lifecycle.FINISHED) == {S.ENDED, S.REJECTED}
    assert set(lifecycle.LIVE) == LIVE


def test_statuses_keep_their_stored_words_and_have_labels_in_both_languages(app):
    assert [s.value for s in S] == ["submitted", "confirmed", "verified", "corrected", "rejected", "ended"]
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("zh"):
            chinese = {s: str(s.label) for s in S}
        with force_locale("en"):
            english = {s: str(s.label) for s in S}
    assert english[S.VERIFIED] == "Verified by a coordinator"
    assert all(chinese[s] and chinese[s] != english[s] for s in S)
    assert {str(a.label) for a in EventAction} and lifecycle.status_label("unknown") == "unknown"


AT = clock.utcnow


def run(transition: str, report: ResidenceReport, coordinator=None):
    """Call the transition's function with plausible arguments."""
    on = clock.today()
    calls = {
        "change": lambda: lifecycle.changed(report, on=on, kind="move", actor=None),
        "deregister": lambda: lifecycle.deregistered(report, on=on, actor=None),
        "claim_ended": lambda: lifecycle.claim_ended(report, actor=None, party="employer", on=on),
        "claim_answered": lambda: lifecycle.claim_answered(report, report.employment, actor=None, party="employer"),
        "verify": lambda: lifecycle.verified(report, coordinator, notes="", at=AT()),
        "correct": lambda: lifecycle.corrected(report, coordinator, fields={"room"}, notes="", at=AT()),
        "move_out": lambda: lifecycle.moved_out(report, coordinator, on=on, notes="", at=AT()),
        "visit_noted": lambda: lifecycle.visit_noted(report, coordinator, EventAction.NOT_FOUND, notes="", at=AT()),
        "reject": lambda: lifecycle.rejected(report, coordinator, reason="nobody by that name"),
        "submit": lambda: lifecycle.submitted(report, actor=None),
    }
    calls[transition]()


#: Where each allowed transition leaves a report (None: the status it had).
RESULT = {
    "change": S.ENDED,
    "deregister": S.ENDED,
    "claim_ended": None,
    "verify": S.VERIFIED,
    "correct": S.CORRECTED,
    "move_out": S.ENDED,
    "visit_noted": None,
    "reject": S.REJECTED,
}


@pytest.mark.parametrize("status", list(S), ids=str)
@pytest.mark.parametrize("transition", sorted(RESULT))
def test_each_transition_from_each_status(db, community, create_employer, transition, status):
    employer = create_employer()
    [report] = create_reports(community, 1, status=status.value, employer=employer)
    before = (report.status, report.version, len(report.events))
    if status in EXPECTED[transition]:
        run(transition, report)
        assert report.status == (RESULT[transition] or status)
        assert report.version == before[1] + 1 and len(report.events) == before[2] + 1
        if RESULT[transition] == S.ENDED:
            assert report.ended_on == clock.today()
    else:
        with pytest.raises(TransitionRefused):
            run(transition, report)
        assert (report.status, report.version, len(report.events)) == before  # nothing changed
    db.session.rollback()


@pytest.mark.parametrize(
    ("claim", "status", "expected"),
    [
        ("confirmed", S.SUBMITTED, S.CONFIRMED),
        ("denied", S.CONFIRMED, S.SUBMITTED),  # a later denial takes the confirmation back
        ("confirmed", S.VERIFIED, S.VERIFIED),  # after a visit the status is the coordinator's
        ("denied", S.CORRECTED, S.CORRECTED),
        ("confirmed", S.ENDED, S.ENDED),  # still recorded as evidence
        ("denied", S.REJECTED, S.REJECTED),
    ],
)
def test_a_claim_answered(db, community, create_employer, claim, status, expected):
    [report] = create_reports(community, 1, status=status.value, employer=create_employer())
    report.employment.status = claim
    lifecycle.claim_answered(report, report.employment, actor=None, party="employer")
    assert report.status == expected
    assert report.events[-1].action == ("confirmed" if claim == "confirmed" else "denied")
    db.session.rollback()


def test_a_report_is_submitted_once(db, community):
    [report] = create_reports(community, 1, status="submitted")
    with pytest.raises(TransitionRefused):
        lifecycle.submitted(report, actor=None)
    fresh = ResidenceReport()
    lifecycle.submitted(fresh, actor=None)
    assert (fresh.status, [e.action for e in fresh.events]) == (S.SUBMITTED, ["submitted"])


# Through the pages: what a coordinator sees when the lifecycle refuses.


@pytest.fixture
def coordinator(create_account, community):
    return create_account("coordinator", place=community)


@pytest.fixture
def ended(migrant, sign_in, report_data, submit_report, db, post_form):
    """The migrant's report, after they left the county."""
    sign_in(migrant)
    submit_report(report_data(room="101"))
    report = db.session.scalar(db.select(ResidenceReport))
    post_form(f"/reports/{report.receipt}/leave", {"left_on": clock.today().isoformat(), "confirm": "y"})
    db.session.refresh(report)
    assert report.status == S.ENDED
    return report


def test_rejecting_a_report_that_ended_is_refused_next_to_the_field(client, db, ended, coordinator, sign_in):
    sign_in(coordinator)
    page = client.get(f"/coordinator/visits/{ended.receipt}").get_data(as_text=True)

    response = client.post(
        f"/coordinator/visits/{ended.receipt}/reject",
        data={"csrf_token": token_from(page), "reject-reason": "不在"},
    )
    assert response.status_code == 200
    assert "This report has ended or was rejected, so a visit cannot change it." in response.get_data(as_text=True)
    db.session.refresh(ended)
    assert ended.status == S.ENDED


def test_a_visit_on_a_report_that_ended_is_kept_for_review_and_never_applied(
    client, db, ended, coordinator, sign_in, post_form
):
    sign_in(coordinator)
    payload = {
        "client_id": "device-visit-ended-01",
        "receipt": ended.receipt,
        "seen_version": ended.version,  # the device saw the report as it is now
        "outcome": "confirmed",
        "recorded_at": clock.utcnow().isoformat() + "Z",
    }
    response = client.post(
        "/coordinator/sync",
        json={"visits": [payload]},
        headers={"X-Xinju-Sync": "1", "Origin": "http://localhost"},
    )
    assert response.get_json()["results"][0]["status"] == "conflict"
    visit = db.session.scalar(db.select(Visit))
    response = post_form(
        f"/coordinator/conflicts/{visit.id}",
        {"decision": "apply"},
        page="/coordinator/conflicts",
        follow_redirects=True,
    )
    assert "This report has ended or was rejected, so a visit cannot change it." in response.get_data(as_text=True)
    db.session.refresh(ended)
    db.session.refresh(visit)
    assert (ended.status, visit.state) == (S.ENDED, "conflict")  # still there to be kept on file
