"""Recording a visit, from the HTML form or from the offline outbox: exactly once, and never over a newer report."""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp import clock
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.forms import PICTURES_IN_LINE
from webapp.jsonbody import problem_at
from webapp.privacy import consent
from webapp.registrations import lifecycle
from webapp.registrations.corrections import correct, stored_value
from webapp.registrations.models import ResidenceReport
from webapp.visits.caseload import community_ids
from webapp.visits.models import Outcome, Visit
from webapp.visits.schemas import CLEARABLE, CORRECTABLE, LABELS, VISIT, VISIT_WHOLE

#: Why a visit is refused, in the coordinator's language (a "malformed" visit says which field, from its schema).
REFUSALS = {
    "bad_time": _l("Time of the visit: must be within the last 30 days, and not in the future"),
    "no_corrections": _l("Corrections: change at least one detail, or choose another answer"),
    "outside_area": _l("This report is not in your communities"),
    "own_report": _l("This is your own report: another coordinator visits it"),
    "before_report": _l(
        "Time of the visit: is before the report was sent. Check the date and time on the phone, then record the "
        "visit again"
    ),
    "malformed": _l("The visit could not be read"),
}


def keep_filled(name: str):
    """Why a correction may not empty this detail (every report has one; schemas.CLEARABLE are the others)."""
    return _l("%(field)s: every report has one, so it cannot be left empty. Type the right one.", field=LABELS[name])


def no_pictures(name: str):
    """Why a correction may not hold emoji: no record does (the online forms refuse them too)."""
    return _l(
        "%(field)s: use only letters, numbers and punctuation: emoji and symbols cannot go on a record",
        field=LABELS[name],
    )


#: How far a phone's clock may be off: a visit up to this much "in the future", or before its report was sent, is
#: taken as made now, or just after the report was sent.
CLOCK_SLACK = timedelta(minutes=10)


@dataclass
class Result:
    status: str  # stored, duplicate, conflict, refused
    visit: Visit | None = None
    error: str | None = None
    message: str | None = None
    field: str | None = None  # the JSON name of the field a refusal is about, if one

    def as_json(self, client_id) -> dict:
        body = {"client_id": client_id if isinstance(client_id, str) else None, "status": self.status}
        if self.error:
            body["error"] = self.error
            body["message"] = str(self.message or REFUSALS.get(self.error, REFUSALS["malformed"]))
        if self.status == "duplicate" and self.visit is not None:
            body["state"] = self.visit.state  # a duplicate of a conflict is still a conflict to the device
        return body


@dataclass
class VisitInput:
    client_id: str
    receipt: str
    seen_version: int
    outcome: str
    recorded_at: datetime
    notes: str = ""
    corrections: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)
    location: tuple[float, float, float] | None = None


@dataclass
class Refusal:
    error: str
    message: str | None = None
    field: str | None = None


def utc_naive(text: str) -> datetime | None:
    """An RFC 3339 time as UTC without tzinfo, like every time in the database; None if it is no real instant."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if when.tzinfo is not None:
            when = (when - when.utcoffset()).replace(tzinfo=None)
    except (ValueError, OverflowError):  # 30 February; a year-1 time an hour east of UTC
        return None
    return when


def parse(payload, now: datetime) -> tuple[VisitInput | None, Refusal | None]:
    """Check one visit as sent by a device: its schema (visits/schemas.py:VISIT), then what the schema cannot say.
    Returns (the visit, None) or (None, why it is refused)."""
    name, problem = problem_at(VISIT, payload, LABELS, VISIT_WHOLE)
    if problem:
        return None, Refusal("malformed", problem, name)
    recorded_at = utc_naive(payload["recorded_at"])
    if recorded_at is None:
        return None, Refusal("malformed", _l("Time of the visit: is not a real date and time"), "recorded_at")
    if recorded_at > now + CLOCK_SLACK or recorded_at < now - timedelta(days=30):
        return None, Refusal("bad_time", field="recorded_at")
    corrections = {}
    for name, value in (payload.get("corrections") or {}).items():
        if PICTURES_IN_LINE.search(value):  # as the visit form online refuses them (webapp/forms.py)
            return None, Refusal("malformed", no_pictures(name), name)
        # An empty value clears a detail a report may be without (a workplace that closed); never the road or number.
        if not (stored := stored_value(name, value)) and name not in CLEARABLE:
            return None, Refusal("malformed", keep_filled(name), name)
        corrections[name] = stored
    if payload["outcome"] == Outcome.CORRECTED and not corrections:
        return None, Refusal("no_corrections", field="corrections")
    location = payload.get("location")
    point = (location["latitude"], location["longitude"], location["accuracy"]) if location else None
    return VisitInput(
        client_id=payload["client_id"],
        receipt=payload["receipt"].upper().replace("-", ""),
        seen_version=payload["seen_version"],
        outcome=payload["outcome"],
        recorded_at=recorded_at,
        notes=(payload.get("notes") or "").strip(),
        corrections=corrections,
        seen=payload.get("seen") or {},
        location=point,
    ), None


def snapshot(report: ResidenceReport) -> dict:
    """The report as the server has it: what a conflict is reviewed against."""
    return {
        "version": report.version,
        "status": report.status,
        "road": report.road,
        "number": report.number,
        "building": report.building,
        "unit": report.unit,
        "room": report.room,
        "workplace": report.employment.employer_name if report.employment else "",
        "updated_at": report.updated_at.isoformat(timespec="seconds") if report.updated_at else None,
    }


def seen_of(report: ResidenceReport) -> dict:
    """What a visit's page shows of the report, as a device sends it (schemas.SEEN): kept with a conflict."""
    now = snapshot(report)
    return {name: now[name] for name in ("version", "status", *CORRECTABLE)}


def read_seen(text: str | None) -> dict | None:
    """The visit form's hidden copy of seen_of (JSON), or None when it cannot be read (the schema checks the rest)."""
    try:
        seen = json.loads(text or "null")
    except (ValueError, RecursionError):  # not JSON; nested too deep
        return None
    return seen if isinstance(seen, dict) else None


def own_report(coordinator, report: ResidenceReport) -> bool:
    """A coordinator who is also a migrant never verifies, corrects or rejects their own report: another does."""
    return report.person.account_id is not None and report.person.account_id == coordinator.id


def _store(
    coordinator, data: VisitInput, existing: Visit | None, report: ResidenceReport | None, areas: list[int]
) -> Result:
    """The decision for one parsed visit, given what the database already has. Adds to the session; no commit."""
    if existing is not None:
        # One stored earlier in this batch has no coordinator_id until the flush: its coordinator, then.
        owner = existing.coordinator_id if existing.coordinator_id is not None else existing.coordinator.id
        if owner != coordinator.id:
            return Result("refused", error="malformed")
        return Result("duplicate", existing)
    if report is None or report.place_id not in areas:
        return Result("refused", error="outside_area")
    if own_report(coordinator, report):
        return Result("refused", error="own_report")
    if report.created_at is not None and data.recorded_at < report.created_at - CLOCK_SLACK:
        # Nobody visits a report before it exists: a phone whose date is wrong. Stored, it would end a report on a
        # day before it was sent (moved out) and put the visit before the report in the person's history.
        return Result("refused", error="before_report", field="recorded_at")
    # A report that changed since the device saw it, or that is over (ended, rejected), is never written over: the
    # visit is kept for review with both versions.
    conflict = report.version != data.seen_version or not lifecycle.may_visit(report)
    if not conflict and data.outcome == Outcome.CORRECTED and not changes(report, data.corrections):
        # "3栋" typed over a stored "3": the same building, nothing to correct.
        return Result("refused", error="no_corrections", field="corrections")
    # A location track is sensitive (PIPL art. 28): kept only with the coordinator's separate consent.
    kept = data.location is not None and consent.has(coordinator.id, "visit_location")
    lat, lon, acc = data.location if kept else (None, None, None)
    visit = Visit(
        client_id=data.client_id,
        coordinator=coordinator,
        report=report,
        outcome=data.outcome,
        corrections=data.corrections,
        notes=data.notes,
        latitude=lat,
        longitude=lon,
        accuracy_m=acc,
        recorded_at=data.recorded_at,
        seen_version=data.seen_version,
        server_version=report.version,
        conflict=conflict,
        seen=data.seen,
        server=snapshot(report) if conflict else {},
        state="conflict" if conflict else "applied",
    )
    db.session.add(visit)
    if not conflict:
        apply(visit, report, coordinator)
    return Result("conflict" if conflict else "stored", visit)


def record(coordinator, payload: dict, now: datetime | None = None) -> Result:
    """Store one visit (the online form)."""
    return record_batch(coordinator, [payload], now)[0]


def record_batch(coordinator, payloads: list, now: datetime | None = None, *, retry: bool = True) -> list[Result]:
    """Store a device's outbox in one transaction: each client_id once, each answer per visit.

    What is already stored is looked up for the whole batch at once. If another request stores one of these visits
    at the same moment, the unique client_id makes this commit fail; the batch is then read again and answered
    "duplicate" for those, so nothing is stored twice and nothing is lost.
    """
    now = now or utcnow()
    parsed = [parse(payload, now) for payload in payloads]
    ids = {data.client_id for data, _refusal in parsed if data}
    receipts = {data.receipt for data, _refusal in parsed if data}
    with db.session.no_autoflush:
        existing = {v.client_id: v for v in db.session.scalars(select(Visit).where(Visit.client_id.in_(ids)))}
        reports = {
            r.receipt: r
            for r in db.session.scalars(select(ResidenceReport).where(ResidenceReport.receipt.in_(receipts)))
        }
        areas = community_ids(coordinator)
        results = []
        for data, refusal in parsed:
            if refusal:
                results.append(Result("refused", error=refusal.error, message=refusal.message, field=refusal.field))
                continue
            result = _store(coordinator, data, existing.get(data.client_id), reports.get(data.receipt), areas)
            if result.status in ("stored", "conflict"):
                existing[data.client_id] = result.visit  # the same id twice in one batch is stored once
            results.append(result)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if not retry:
            raise
        return record_batch(coordinator, payloads, now, retry=False)
    return results


def apply(visit: Visit, report: ResidenceReport, coordinator) -> None:
    """What a visit does to the report (the status through the lifecycle, which refuses a report that is over)."""
    lifecycle.check_visit(report)
    # A phone's clock a few minutes slow (CLOCK_SLACK): never before the report was sent, in its history or its end.
    at, notes = max(visit.recorded_at, report.created_at or visit.recorded_at), visit.notes
    if visit.outcome == Outcome.CONFIRMED:
        lifecycle.verified(report, coordinator, notes=notes, at=at)
    elif visit.outcome == Outcome.CORRECTED:
        history: list[dict] = []
        fields = correct(report, visit.corrections, history, on=clock.local(at).date())
        lifecycle.corrected(report, coordinator, fields=fields, notes=notes, at=at, changes=history)
    elif visit.outcome == Outcome.MOVED_OUT:
        seen_on = clock.local(at).date()  # China's day of the visit
        lifecycle.moved_out(report, coordinator, on=seen_on, notes=notes, at=at)
    else:  # not found, declined
        lifecycle.visit_noted(report, coordinator, lifecycle.EventAction(visit.outcome), notes=notes, at=at)


def changes(report: ResidenceReport, corrections: dict) -> dict:
    """The corrections that would change the report as it is (each as stored)."""
    now = snapshot(report)
    return {name: value for name, value in corrections.items() if stored_value(name, value) != (now.get(name) or "")}


def resolve(visit: Visit, coordinator, *, apply_visit: bool) -> None:
    """A conflict reviewed: apply the visit to the report as it is now, or keep the report and file the visit."""
    if apply_visit:
        apply(visit, visit.report, coordinator)
    visit.state = "applied_after_review" if apply_visit else "kept"
    visit.resolved_at, visit.resolved_by_id = utcnow(), coordinator.id
    db.session.commit()


def reject(report: ResidenceReport, coordinator, reason: str) -> None:
    """The report is not true: rejected, with the reason shown to the person (see lifecycle.rejected)."""
    lifecycle.rejected(report, coordinator, reason=reason)
    db.session.commit()
