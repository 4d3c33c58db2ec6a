"""Recording a visit, from the HTML form or from the offline outbox: exactly once, and never over a newer report."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp import clock
from webapp.clock import utcnow
from webapp.employers.models import Employment
from webapp.extensions import db
from webapp.registrations import lifecycle
from webapp.registrations.models import ResidenceReport
from webapp.visits.caseload import community_ids
from webapp.visits.models import Outcome, Visit

OUTCOMES = tuple(Outcome)
CORRECTABLE = {"road": 60, "number": 30, "building": 20, "unit": 20, "room": 20, "workplace": 120}
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass
class Result:
    status: str  # stored, duplicate, conflict, refused
    visit: Visit | None = None
    error: str | None = None

    def as_json(self, client_id: str) -> dict:
        body = {"client_id": client_id, "status": self.status}
        if self.error:
            body["error"] = self.error
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


def _text(value, limit: int) -> str | None:
    return value.strip()[:limit] if isinstance(value, str) else None


def parse(payload: dict, now: datetime) -> tuple[VisitInput | None, str | None]:
    """Check one visit as sent by a device. Returns (the visit, None) or (None, a reason code)."""
    if not isinstance(payload, dict):
        return None, "malformed"
    client_id, receipt = payload.get("client_id"), payload.get("receipt")
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id) or not isinstance(receipt, str):
        return None, "malformed"
    if payload.get("outcome") not in OUTCOMES or not isinstance(payload.get("seen_version"), int):
        return None, "malformed"
    try:
        recorded_at = datetime.fromisoformat(str(payload.get("recorded_at")).replace("Z", "+00:00"))
    except ValueError:
        return None, "malformed"
    if recorded_at.tzinfo is not None:  # stored as UTC without tzinfo, like every time in the database
        recorded_at = (recorded_at - recorded_at.utcoffset()).replace(tzinfo=None)
    if recorded_at > now + timedelta(minutes=10) or recorded_at < now - timedelta(days=30):
        return None, "bad_time"
    corrections = payload.get("corrections") or {}
    if not isinstance(corrections, dict) or not set(corrections) <= set(CORRECTABLE):
        return None, "malformed"
    corrections = {k: _text(v, CORRECTABLE[k]) for k, v in corrections.items() if _text(v, CORRECTABLE[k]) is not None}
    if payload["outcome"] == Outcome.CORRECTED and not corrections:
        return None, "no_corrections"
    location = payload.get("location")
    point = None
    if isinstance(location, dict):
        try:
            lat, lon, acc = float(location["latitude"]), float(location["longitude"]), float(location["accuracy"])
        except (KeyError, TypeError, ValueError):
            return None, "malformed"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and acc >= 0):
            return None, "malformed"
        point = (lat, lon, acc)
    seen = payload.get("seen") if isinstance(payload.get("seen"), dict) else {}
    return VisitInput(
        client_id=client_id,
        receipt=receipt.upper().replace("-", ""),
        seen_version=payload["seen_version"],
        outcome=payload["outcome"],
        recorded_at=recorded_at,
        notes=_text(payload.get("notes"), 1000) or "",
        corrections=corrections,
        seen=seen,
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


def _store(
    coordinator, data: VisitInput, existing: Visit | None, report: ResidenceReport | None, areas: list[int]
) -> Result:
    """The decision for one parsed visit, given what the database already has. Adds to the session; no commit."""
    if existing is not None:
        if existing.coordinator_id != coordinator.id:
            return Result("refused", error="malformed")
        return Result("duplicate", existing)
    if report is None or report.place_id not in areas:
        return Result("refused", error="outside_area")
    # A report that changed since the device saw it, or that is over (ended, rejected), is never written over: the
    # visit is kept for review with both versions.
    conflict = report.version != data.seen_version or not lifecycle.may_visit(report)
    lat, lon, acc = data.location or (None, None, None)
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
    ids = {data.client_id for data, _error in parsed if data}
    receipts = {data.receipt for data, _error in parsed if data}
    with db.session.no_autoflush:
        existing = {v.client_id: v for v in db.session.scalars(select(Visit).where(Visit.client_id.in_(ids)))}
        reports = {
            r.receipt: r
            for r in db.session.scalars(select(ResidenceReport).where(ResidenceReport.receipt.in_(receipts)))
        }
        areas = community_ids(coordinator)
        results = []
        for data, error in parsed:
            if error:
                results.append(Result("refused", error=error))
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
    at, notes = visit.recorded_at, visit.notes
    if visit.outcome == Outcome.CONFIRMED:
        lifecycle.verified(report, coordinator, notes=notes, at=at)
    elif visit.outcome == Outcome.CORRECTED:
        lifecycle.corrected(report, coordinator, fields=correct(report, visit.corrections), notes=notes, at=at)
    elif visit.outcome == Outcome.MOVED_OUT:
        seen_on = clock.local(visit.recorded_at).date()  # China's day of the visit
        lifecycle.moved_out(report, coordinator, on=seen_on, notes=notes, at=at)
    else:  # not found, declined
        lifecycle.visit_noted(report, coordinator, lifecycle.EventAction(visit.outcome), notes=notes, at=at)


def correct(report: ResidenceReport, corrections: dict) -> set[str]:
    """Write a visit's corrections on the report; the evidence fields they changed."""
    changed = set()
    for name, value in corrections.items():
        if name == "workplace":
            if report.employment is None:
                report.employment = Employment(
                    person=report.person,
                    employer_name=value,
                    source="coordinator",
                    started_on=report.arrival_date,
                    status="unlinked",
                )
            else:
                report.employment.employer_name = value
            changed.add("workplace")
        elif getattr(report, name) != value:
            setattr(report, name, value)
            changed.add("room" if name == "room" else "address")
    return changed


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
