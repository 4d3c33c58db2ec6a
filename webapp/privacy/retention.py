"""How long each kind of record is kept (retention.toml), and the daily sweep that deletes or anonymises what is
past its period (`flask jobs run`). Rules are plain functions of the table and the clock."""

import calendar
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update

from webapp import clock
from webapp.extensions import db

_TABLE_PATH = Path(__file__).with_name("retention.toml")
with _TABLE_PATH.open("rb") as _handle:
    TABLE = tomllib.load(_handle)

UNITS = ("days", "months", "years")


@dataclass(frozen=True)
class Rule:
    kind: str
    what: str
    period: int
    unit: str
    start: str
    action: str
    source: str


def _rule(kind: str, entry: dict) -> Rule:
    if entry["unit"] not in UNITS or int(entry["period"]) < 0 or entry["action"] not in ("delete", "anonymise"):
        raise ValueError(f"retention.toml: {kind} has a bad period, unit or action")
    return Rule(
        kind, entry["what"], int(entry["period"]), entry["unit"], entry["from"], entry["action"], entry["source"]
    )


RULES: dict[str, Rule] = {kind: _rule(kind, entry) for kind, entry in TABLE["kinds"].items()}

#: Days after its decision an officer may still open a case's documents.
OFFICER_DOCUMENT_GRACE = timedelta(days=int(TABLE["access"]["officer_document_grace_days"]))
OFFICER_REPORT_DAYS = timedelta(days=int(TABLE["access"]["officer_report_days"]))


def _add_months(day: date, months: int) -> date:
    """The corresponding day `months` later (or earlier), or that month's last day (Civil Code art. 202)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_kept_day(today: date, period: int, unit: str) -> date:
    """The first day (China's) an event can have happened on and its period still run on `today`: a period starts
    counting the day after the event (Civil Code art. 201) and ends at the end of its last day, in days that many
    days later, in months and years on the corresponding day or the month's last day (art. 202)."""
    if unit == "days":
        return today - timedelta(days=period)
    months = period * (12 if unit == "years" else 1)
    first = _add_months(today, -months)
    while _add_months(first, months) < today:  # 28 February plus a month ends on 28 March, before 31 March
        first += timedelta(days=1)
    while _add_months(first - timedelta(days=1), months) >= today:  # 31 August plus six months ends on 28 February
        first -= timedelta(days=1)
    return first


def cutoff(kind: str, now: datetime) -> datetime:
    """Records of `kind` whose period started before this instant are past it (naive UTC, like stored times): the
    start of the first day in China whose period has not yet ended on `now`'s day. A record is kept through the last
    day of its period and goes the day after, whatever the hour the job runs at."""
    rule = RULES[kind]
    return clock.start_of_day(first_kept_day(clock.local(now).date(), rule.period, rule.unit))


def officer_may_see_documents(is_open: bool, decided_at: datetime | None, now: datetime) -> bool:
    """An officer sees a case's documents while it is open, and for the grace period after its decision."""
    if is_open:
        return True
    return decided_at is not None and now - decided_at <= OFFICER_DOCUMENT_GRACE


def application_documents_open(application, now: datetime) -> bool:
    """A permit application's documents, for the officers of its county (none once the person withdrew it: no
    decision to challenge)."""
    decided_at = application.decided_at if application.status != "withdrawn" else None
    return officer_may_see_documents(application.status in ("submitted", "missing"), decided_at, now)


def request_documents_open(found, now: datetime) -> bool:
    """A service request's documents, for the officers handling it (a closed request was decided when last changed;
    none once the person withdrew it: no decision to challenge)."""
    return officer_may_see_documents(found.open, None if found.withdrawn else found.updated_at, now)


# The sweep ------------------------------------------------------------------------------------------------------


def _permit_case_documents(limit: datetime) -> tuple[set[int], set[int]]:
    """(documents of applications decided, or withdrawn, before `limit`, documents of the others)."""
    from webapp.permits.models import PermitApplication

    expired, kept = set(), set()
    for documents, status, decided_at in db.session.execute(
        select(PermitApplication.documents, PermitApplication.status, PermitApplication.decided_at)
    ):
        ids = {int(i) for i in (documents or {}).values()}
        final = status in ("approved", "refused", "withdrawn") and decided_at is not None and decided_at <= limit
        (expired if final else kept).update(ids)
    return expired, kept


def _request_case_documents(limit: datetime) -> tuple[set[int], set[int]]:
    """(documents of service requests closed before `limit`, documents of the others)."""
    from webapp.services import statuses
    from webapp.services.models import ServiceRequest

    expired, kept = set(), set()
    closed = [status.value for status in statuses.CLOSED]
    for documents, status, updated_at in db.session.execute(
        select(ServiceRequest.documents, ServiceRequest.status, ServiceRequest.updated_at)
    ):
        ids = {int(i) for i in documents or []}
        final = status in closed and updated_at <= limit
        (expired if final else kept).update(ids)
    return expired, kept


def _case_documents(now: datetime) -> int:
    """Document images of cases decided more than the period ago, unless an open or recent case (documents are given
    once and reused) or a permit (its photo) still holds them. The record and, once no record names it, the file."""
    from webapp.documents import storage
    from webapp.documents.models import Document
    from webapp.permits.models import Permit

    limit = cutoff("case_documents", now)
    permit_expired, permit_kept = _permit_case_documents(limit)
    request_expired, request_kept = _request_case_documents(limit)
    expired = permit_expired | request_expired
    kept = permit_kept | request_kept | set(db.session.scalars(select(Permit.photo_id)))
    gone = expired - kept
    if not gone:
        return 0
    hashes = set(db.session.scalars(select(Document.sha256).where(Document.id.in_(gone))))
    db.session.execute(delete(Document).where(Document.id.in_(gone)))
    still_named = set(db.session.scalars(select(Document.sha256).where(Document.sha256.in_(hashes))))
    for digest in hashes - still_named:
        try:
            storage.delete(digest)
        except ValueError:  # a synthetic placeholder's hash: no file or object
            pass
    return len(gone)


def _visit_locations(now: datetime) -> int:
    from webapp.visits.models import Visit

    return db.session.execute(
        update(Visit)
        .where(Visit.recorded_at < cutoff("visit_location", now), Visit.latitude.is_not(None))
        .values(latitude=None, longitude=None, accuracy_m=None)
    ).rowcount


def _notifications(now: datetime) -> int:
    from webapp.notifications.models import Notification

    return db.session.execute(
        delete(Notification).where(Notification.created_at < cutoff("notification", now))
    ).rowcount


def _request_messages(now: datetime) -> int:
    from webapp.services import statuses
    from webapp.services.models import RequestMessage, ServiceRequest

    old = select(ServiceRequest.id).where(
        ServiceRequest.status.in_([status.value for status in statuses.CLOSED]),
        ServiceRequest.updated_at < cutoff("request_messages", now),
    )
    removed = db.session.execute(delete(RequestMessage).where(RequestMessage.request_id.in_(old))).rowcount
    db.session.execute(
        update(ServiceRequest)
        .where(ServiceRequest.id.in_(old), ServiceRequest.details != "")
        .values(details="", updated_at=ServiceRequest.updated_at)  # the closing date stays what it was
        .execution_options(synchronize_session=False)
    )
    return removed


def _referrals(now: datetime) -> int:
    """A job referral (and its sharing with the employer) goes with its closed request's messages: the employer's
    list stops showing the person, and nothing ties them to the posting any more."""
    from webapp.services import statuses
    from webapp.services.models import ServiceRequest
    from webapp.vacancies.models import Referral

    old = select(ServiceRequest.id).where(
        ServiceRequest.status.in_([status.value for status in statuses.CLOSED]),
        ServiceRequest.updated_at < cutoff("referral", now),
    )
    return db.session.execute(delete(Referral).where(Referral.request_id.in_(old))).rowcount


def _sessions(now: datetime) -> int:
    from webapp.accounts.models import AccountSession

    return db.session.execute(delete(AccountSession).where(AccountSession.seen_at < cutoff("session", now))).rowcount


def _caseload_changes(now: datetime) -> int:
    """Field mode's change log: a cursor older than what is deleted gets the whole caseload (visits/changes.py)."""
    from webapp.visits import changes

    return changes.prune(db.session, cutoff("caseload_change", now))


def _links(now: datetime) -> int:
    from webapp.enrolment.models import OneTimeLink

    return db.session.execute(delete(OneTimeLink).where(OneTimeLink.expires_at < cutoff("one_time_link", now))).rowcount


def _audit_events(now: datetime) -> int:
    from webapp.audit.models import AuditEvent

    return db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff("audit_event", now))).rowcount


def _deleted_accounts(now: datetime) -> int:
    """People who deleted their account (deletion.py: deactivated, no name) that long ago: name, number, phone go."""
    from webapp.accounts.models import Account
    from webapp.people.models import Person
    from webapp.privacy.deletion import stop_sharing

    deleted = select(Account.id).where(
        Account.deactivated_at < cutoff("deleted_account", now), Account.display_name == ""
    )
    stop_sharing(select(Person.id).where(Person.account_id.in_(deleted)))
    return db.session.execute(
        update(Person)
        .where(Person.account_id.in_(deleted), Person.name != "")
        .values(  # the blind indexes and the masked number too
            name="", id_number=None, id_number_index=None, id_number_masked=None, phone=None, phone_index=None
        )
        .execution_options(synchronize_session=False)
    ).rowcount


def _correction_requests(now: datetime) -> int:
    from webapp.privacy.correction import CorrectionRequest

    return db.session.execute(
        delete(CorrectionRequest).where(
            CorrectionRequest.status != "open", CorrectionRequest.answered_at < cutoff("correction_request", now)
        )
    ).rowcount


SWEEPS = {
    "case_documents": _case_documents,
    "visit_location": _visit_locations,
    "notification": _notifications,
    "request_messages": _request_messages,
    "referral": _referrals,
    "session": _sessions,
    "caseload_change": _caseload_changes,
    "one_time_link": _links,
    "audit_event": _audit_events,
    "deleted_account": _deleted_accounts,
    "correction_request": _correction_requests,
}


def run(now: datetime) -> dict[str, int]:
    """Delete or anonymise every record past its period. Commits once. Safe to run twice (the second finds none)."""
    counts = {kind: SWEEPS[kind](now) for kind in RULES}
    db.session.commit()
    return counts
