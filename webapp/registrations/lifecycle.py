"""A residence report's lifecycle: its statuses, the named sets of them, and every transition.

This is the only module that writes ``ResidenceReport.status`` (and the one place the status words are spelled; a
test greps). Each transition checks that it is allowed from the report's status, changes the report, records the
event behind it and tells the person when they should know; none commits (the caller's write function does).

::

    (new) ──submitted──▶ SUBMITTED ⇄ CONFIRMED    claim_answered: confirmed once every linked landlord or employer
                                                  has confirmed; submitted again if one denies later
    current (submitted, confirmed, verified, corrected):
      ──verified (a visit: everything as reported)────────────────────────────────────▶ VERIFIED
      ──corrected (a visit: some details corrected)───────────────────────────────────▶ CORRECTED
      ──moved_out (a visit: gone) / changed (a move, a new job) / deregistered─────────▶ ENDED
      ──rejected (not true, with a reason shown to the person)────────────────────────▶ REJECTED
      ──visit_noted (nobody found, declined), claim_ended─────────────────────────────▶ (unchanged)
    ENDED, REJECTED: final (a claim's answer or end is still recorded on them as evidence)
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, Index, and_, bindparam, or_, text, true

from webapp.notifications.notify import notify
from webapp.registrations.models import ReportEvent, ResidenceReport

#: The fields a report speaks to, and those each party confirms.
EVERY_FIELD = ("address", "room", "housing", "arrival", "stay", "workplace")
ADDRESS_FIELDS = ("address", "room", "housing")
WORK_FIELDS = ("workplace",)


class ReportStatus(StrEnum):
    """A report's status, stored as its value (the words stored before this enum existed)."""

    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    VERIFIED = "verified"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    ENDED = "ended"

    @property
    def label(self):
        return STATUS_LABELS[self]

    @property
    def next_step(self):
        """What happens next, as the person is told on their receipt ('' when nothing does)."""
        return NEXT_STEPS.get(self, "")

    @classmethod
    def of(cls, report) -> "ReportStatus":
        return cls(report.status)


STATUS_LABELS = {
    ReportStatus.SUBMITTED: _l("Submitted"),
    ReportStatus.CONFIRMED: _l("Confirmed by landlord or employer"),
    ReportStatus.VERIFIED: _l("Verified by a coordinator"),
    ReportStatus.CORRECTED: _l("Corrected"),
    ReportStatus.REJECTED: _l("Rejected"),
    ReportStatus.ENDED: _l("Ended"),
}
NEXT_STEPS = {
    ReportStatus.SUBMITTED: _l(
        "What happens next: your landlord or employer, if you named one, is asked to confirm your report, and a "
        "coordinator may visit you to check it."
    ),
    ReportStatus.CONFIRMED: _l("What happens next: a coordinator may visit you to check your report."),
    ReportStatus.VERIFIED: _l("Your report has been checked. Keep it up to date when you move or change jobs."),
    ReportStatus.CORRECTED: _l(
        "A coordinator corrected your report at a visit: the table above shows what they changed. There is nothing "
        "more for you to do now."
    ),
}
#: What happens next once a landlord or employer has said the report is not right (it waits for a visit).
DENIED_NEXT_STEP = _l(
    "Your landlord or employer said part of your report is not right: their answer is above. A coordinator will "
    "visit you to check it. If something in your report is wrong, you can ask to correct it."
)


def next_step(report) -> str:
    """What happens next, as the person is told on their receipt ('' when nothing does): after a denial, what the
    denial leads to, rather than that the landlord or employer is still asked."""
    claims = (report.tenancy, report.employment)
    if report.status in AWAITING_VISIT and any(c is not None and c.status == "denied" for c in claims):
        return str(DENIED_NEXT_STEP)
    return str(ReportStatus.of(report).next_step)


class EventAction(StrEnum):
    """What one party said about a report (``ReportEvent.action``): the evidence behind its status."""

    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"  # a landlord or employer confirms
    DENIED = "denied"
    LEFT = "left"  # the landlord says the tenant left
    DEPARTED = "departed"  # the employer says the worker left
    VERIFIED = "verified"  # a coordinator's visit: everything as reported
    CORRECTED = "corrected"
    NOT_FOUND = "not_found"
    MOVED_OUT = "moved_out"
    DECLINED = "declined"
    REJECTED = "rejected"
    ENDED = "ended"

    @property
    def label(self):
        return EVENT_LABELS[self]


EVENT_LABELS = {
    EventAction.SUBMITTED: _l("Reported"),
    EventAction.CONFIRMED: _l("Confirmed"),
    EventAction.DENIED: _l("Denied"),
    EventAction.LEFT: _l("Says the tenant left"),
    EventAction.DEPARTED: _l("Says the worker left"),
    EventAction.VERIFIED: _l("Seen and confirmed"),
    EventAction.CORRECTED: _l("Corrected"),
    EventAction.REJECTED: _l("Rejected"),
    EventAction.ENDED: _l("Ended"),
    EventAction.NOT_FOUND: _l("Not found at the address"),
    EventAction.MOVED_OUT: _l("Moved out"),
    EventAction.DECLINED: _l("Declined to take part"),
}


def status_label(code: str) -> str:
    """The words for a stored status (an unknown code is shown as it is)."""
    return str(STATUS_LABELS.get(code, code))


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))


# --- Named sets ---------------------------------------------------------------------------------------------------

S = ReportStatus
#: Sent, not yet seen by a coordinator: what a visit is waiting for (and the dashboards' backlog).
AWAITING_VISIT = (S.SUBMITTED, S.CONFIRMED)
#: Seen by a coordinator at a visit (the dashboards' "verified").
CHECKED = (S.VERIFIED, S.CORRECTED)
#: What may still need a coordinator (a corrected report stays on the caseload while a claim is denied or it was
#: late); awaiting a visit first.
OPEN = (*AWAITING_VISIT, S.CORRECTED)
#: Over: a later report (or nobody) took its place, or it was not true.
FINISHED = (S.ENDED, S.REJECTED)
#: Everything else: the person's current report, if not ended.
LIVE = tuple(s for s in S if s not in FINISHED)


def statuses(values) -> BindParameter:
    """The statuses as literals in the SQL (not bound parameters): the partial indexes below are defined by the same
    words, and a database uses one only when the query's condition is visibly theirs (PostgreSQL cannot prove it
    from a parameter in a generic plan, SQLite never can)."""
    return bindparam(None, [str(v) for v in values], unique=True, expanding=True, literal_execute=True)


def _sql_list(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


#: The conditions of the partial indexes below, in the words open_case() and current() put in the SQL (a boolean is
#: 1 in SQLite's SQL, true in PostgreSQL's: one condition each, as SQLAlchemy writes `== true()` for each).
OPEN_CASE_SQL = (
    f"ended_on IS NULL AND (status IN ({_sql_list(OPEN)}) OR status = '{S.VERIFIED}' AND left_reported = {{true}})"
)
OPEN_CASE_SQLITE = OPEN_CASE_SQL.format(true="1")
OPEN_CASE_POSTGRESQL = OPEN_CASE_SQL.format(true="true")
CURRENT_SQL = f"ended_on IS NULL AND status NOT IN ({_sql_list(FINISHED)})"

#: The caseload: a community's open reports by building, with every column its page reads (a community of 5,000
#: people has thousands of reports that no longer need a coordinator). Defined here, beside the status words of
#: its condition; webapp/models.py imports this module with the models.
Index(
    "ix_residence_report_open",
    *(ResidenceReport.__table__.c[name] for name in ("place_id", "road", "number", "building", "created_at", "id")),
    *(
        ResidenceReport.__table__.c[name]
        for name in ("status", "late", "left_reported", "person_id", "tenancy_id", "employment_id")
    ),
    postgresql_where=text(OPEN_CASE_POSTGRESQL),
    sqlite_where=text(OPEN_CASE_SQLITE),
)
#: Who lives in a community now (the caseload's permits about to lapse), without its past reports.
Index(
    "ix_residence_report_current",
    ResidenceReport.__table__.c.place_id,
    ResidenceReport.__table__.c.person_id,
    postgresql_where=text(CURRENT_SQL),
    sqlite_where=text(CURRENT_SQL),
)
#: The tenancies of those who live in a community now (the caseload's rentals to register): read from the index
#: alone, then each tenancy by its key, instead of every report of the community read from the table.
CURRENT_TENANCY_SQL = f"{CURRENT_SQL} AND tenancy_id IS NOT NULL"
Index(
    "ix_residence_report_current_tenancy",
    ResidenceReport.__table__.c.place_id,
    ResidenceReport.__table__.c.tenancy_id,
    postgresql_where=text(CURRENT_TENANCY_SQL),
    sqlite_where=text(CURRENT_TENANCY_SQL),
)


def current(report=ResidenceReport):
    """SQL: the report is someone's current one (not ended, not rejected). `report` may be an alias."""
    return and_(report.ended_on.is_(None), report.status.not_in(statuses(FINISHED)))


def counted(report=ResidenceReport):
    """SQL: the report counts as an arrival, a change or a move (a rejected report was nobody arriving)."""
    return report.status != S.REJECTED


def awaiting_visit(report=ResidenceReport):
    """SQL: sent and not yet seen by a coordinator."""
    return report.status.in_(statuses(AWAITING_VISIT))


def checked(report=ResidenceReport):
    """SQL: seen by a coordinator (verified or corrected)."""
    return report.status.in_(CHECKED)


def open_case(report=ResidenceReport):
    """SQL: may still need a coordinator (see OPEN), or verified but the landlord or employer says the person left
    since (left_reported)."""
    verified = bindparam(None, S.VERIFIED.value, literal_execute=True)  # a literal: the partial index's condition
    return or_(report.status.in_(statuses(OPEN)), and_(report.status == verified, report.left_reported == true()))


def is_current(report: ResidenceReport) -> bool:
    return report.ended_on is None and report.status not in FINISHED


def began_on(report: ResidenceReport) -> date:
    """The day the report's period began: the arrival at its address, or the later day of the new job that started
    it. A change (a move, a new job) cannot be dated before it, or the report would end before it began."""
    return max(report.arrival_date, report.changed_on or report.arrival_date)


def is_awaiting_visit(status: str) -> bool:
    return status in AWAITING_VISIT


def is_checked(status: str) -> bool:
    return status in CHECKED


def step_done(report: ResidenceReport, step: str) -> bool:
    """The receipt's three steps (submitted, confirmed, verified): is this one done? A coordinator's visit checks a
    report whether or not its landlord or employer answered: the confirmation is done only if they did."""
    if step == S.CONFIRMED:
        return report.status == S.CONFIRMED or (report.status in CHECKED and everyone_confirmed(report))
    return report.status in CHECKED or step == S.SUBMITTED


def everyone_confirmed(report: ResidenceReport) -> bool:
    """Every landlord or employer linked to the report (one on Xinju) has confirmed it."""
    claims = [c for c in (report.tenancy, report.employment) if c is not None and c.status != "unlinked"]
    return bool(claims) and all(c.status == "confirmed" for c in claims)  # the claims' own statuses


# --- Transitions --------------------------------------------------------------------------------------------------


class TransitionRefused(ValueError):
    """A transition that the report's status does not allow (e.g. a visit on a report that has ended)."""


#: For each transition, the statuses it may start from (None: a new report, not yet stored).
ALLOWED: dict[str, tuple] = {
    "submit": (None,),
    "change": LIVE,  # a move or a new job ends the current report; the new one points back
    "deregister": LIVE,
    # A landlord's or employer's word is evidence whatever became of the report (a tenancy outlives a job change):
    # always recorded; only a report awaiting a visit changes status with it.
    "claim_answered": tuple(S),
    "claim_ended": tuple(S),
    "verify": LIVE,
    "correct": LIVE,
    "move_out": LIVE,
    "visit_noted": LIVE,  # not found, declined: the visit is recorded, the status stays
    "reject": LIVE,
}


def allowed(transition: str, status: str | None) -> bool:
    return status in ALLOWED[transition]


def _check(transition: str, report: ResidenceReport) -> None:
    if not allowed(transition, report.status):
        raise TransitionRefused(f"{transition} is not allowed on a report that is {report.status}")


def check_visit(report: ResidenceReport) -> None:
    """Refuse a visit on a report that is over, before the visit changes anything."""
    _check("verify", report)


def may_visit(report: ResidenceReport) -> bool:
    return allowed("verify", report.status)


def _event(
    report: ResidenceReport, action: EventAction, *, actor, party: str, fields=(), reason="", at=None, changes=None
):
    event = ReportEvent(
        actor=actor, party=party, action=action.value, fields=list(fields), reason=reason, changes=changes or None
    )
    if at is not None:
        event.at = at
    report.events.append(event)


def submitted(report: ResidenceReport, *, actor) -> None:
    """A new report is sent (a first one, or the one a change starts)."""
    _check("submit", report)
    report.status = S.SUBMITTED.value
    _event(report, EventAction.SUBMITTED, actor=actor, party="migrant", fields=EVERY_FIELD)


def _end(report: ResidenceReport, on: date, why: str, actor) -> None:
    report.ended_on, report.end_reason, report.status = on, why, S.ENDED.value
    report.left_reported = False
    report.version += 1
    if report.tenancy and report.tenancy.ended_on is None and why != "new_job":
        report.tenancy.ended_on = on
    if report.employment and report.employment.ended_on is None and why in ("new_job", "deregistered"):
        report.employment.ended_on = on
    _event(report, EventAction.ENDED, actor=actor, party="migrant", reason=why)


def changed(report: ResidenceReport, *, on: date, kind: str, actor) -> None:
    """A move or a new job: the current report ends; the new one (submitted) points back to it."""
    _check("change", report)
    _end(report, on, kind, actor)


def deregistered(report: ResidenceReport, *, on: date, actor) -> None:
    """The person left: the report ends, with the tenancy and the job."""
    _check("deregister", report)
    _end(report, on, "deregistered", actor)


def refresh_status(report: ResidenceReport) -> None:
    """Submitted until every linked landlord or employer has confirmed; later statuses are the coordinator's."""
    if report.status not in AWAITING_VISIT:
        return
    report.status = (S.CONFIRMED if everyone_confirmed(report) else S.SUBMITTED).value


def claim_answered(report: ResidenceReport, claim, *, actor, party: str, tell: bool = True) -> None:
    """The landlord (tenancy) or the employer (job) answered `claim`: the answer kept, and the person told unless
    `tell` is False (a job carried over by a move is on several reports: the person is told once, not per report)."""
    _check("claim_answered", report)
    confirm = claim.status == "confirmed"
    if tell:
        notify(
            report.person.account,
            "report.confirmed" if confirm else "report.denied",
            link=f"/reports/{report.receipt}",
            party=party,
            reason=claim.answer_reason,
        )
    action = EventAction.CONFIRMED if confirm else EventAction.DENIED
    fields = ADDRESS_FIELDS if party == "landlord" else WORK_FIELDS
    _event(report, action, actor=actor, party=party, fields=fields, reason=claim.answer_reason)
    report.version += 1
    refresh_status(report)


def claim_ended(report: ResidenceReport, *, actor, party: str, on: date) -> None:
    """The landlord says the tenant left, or the employer the worker: evidence for the coordinator."""
    _check("claim_ended", report)
    action, fields = (EventAction.LEFT, ADDRESS_FIELDS) if party == "landlord" else (EventAction.DEPARTED, WORK_FIELDS)
    _event(report, action, actor=actor, party=party, fields=fields, reason=on.isoformat())
    if is_current(report):
        report.left_reported = True  # a coordinator checks: on the caseload even when verified
    report.version += 1


def _visited(report, action: EventAction, coordinator, *, fields, notes: str, at: datetime, changes=None) -> None:
    _event(report, action, actor=coordinator, party="coordinator", fields=fields, reason=notes, at=at, changes=changes)
    if action not in (EventAction.NOT_FOUND, EventAction.DECLINED):
        report.left_reported = False  # seen (or found gone): the landlord's or employer's word is checked
    report.version += 1  # every visit bumps the version, so other devices see a conflict


def verified(report: ResidenceReport, coordinator, *, notes: str, at: datetime) -> None:
    """A visit found everything as reported."""
    _check("verify", report)
    report.status = S.VERIFIED.value
    notify(report.person.account, "report.verified", link=f"/reports/{report.receipt}")
    _visited(report, EventAction.VERIFIED, coordinator, fields=EVERY_FIELD, notes=notes, at=at)


def corrected(report: ResidenceReport, coordinator, *, fields, notes: str, at: datetime, changes=None) -> None:
    """A visit corrected some details (already changed on the report by the caller): `fields` are those changed,
    `changes` what each detail was and became (record.correct), kept on the event so the old value is not lost."""
    _check("correct", report)
    report.status = S.CORRECTED.value
    notify(report.person.account, "report.corrected", link=f"/reports/{report.receipt}")
    fields = sorted(fields) or EVERY_FIELD
    _visited(report, EventAction.CORRECTED, coordinator, fields=fields, notes=notes, at=at, changes=changes)


def moved_out(report: ResidenceReport, coordinator, *, on: date, notes: str, at: datetime) -> None:
    """A visit found the person gone: the report ends on the day of the visit, with the tenancy."""
    _check("move_out", report)
    report.status, report.ended_on, report.end_reason = S.ENDED.value, on, "moved_out"
    if report.tenancy is not None and report.tenancy.ended_on is None:
        report.tenancy.ended_on = on
    # The person's registration ends on someone else's word: they are told, and what to do if it is wrong.
    notify(report.person.account, "report.moved_out", link=f"/reports/{report.receipt}", date=on.isoformat())
    _visited(report, EventAction.MOVED_OUT, coordinator, fields=EVERY_FIELD, notes=notes, at=at)


def visit_noted(report: ResidenceReport, coordinator, action: EventAction, *, notes: str, at: datetime) -> None:
    """A visit that changes no status (nobody found, or the person declined): recorded as evidence."""
    _check("visit_noted", report)
    if action not in (EventAction.NOT_FOUND, EventAction.DECLINED):
        raise ValueError(action)
    _visited(report, action, coordinator, fields=EVERY_FIELD, notes=notes, at=at)


def rejected(report: ResidenceReport, coordinator, *, reason: str) -> None:
    """The report is not true (e.g. nobody by that name lives there): rejected, with the reason shown to the
    person, who can send a new report."""
    _check("reject", report)
    report.status, report.status_reason = S.REJECTED.value, reason
    report.left_reported = False
    notify(report.person.account, "report.rejected", link=f"/reports/{report.receipt}", reason=reason)
    _event(report, EventAction.REJECTED, actor=coordinator, party="coordinator", fields=("address",), reason=reason)
    report.version += 1
