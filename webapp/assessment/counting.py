"""What `flask jobs run` writes each day for the assessment and the work record (see models.py).

Counted from the dated rows with grouped queries; the job recounts only the periods that can still change (this
month and the last, and their years), so a night's work stays the same whatever the size of the history.
"""

import statistics
from collections import defaultdict
from datetime import date

from sqlalchemy import Date, and_, delete, func, insert, literal, select
from sqlalchemy.orm import aliased

from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.assessment.models import AreaSnapshot, RequestMonth, WorkRecord
from webapp.assessment.periods import Period
from webapp.extensions import db
from webapp.people.models import Person
from webapp.places.models import Place
from webapp.registrations.lifecycle import EventAction
from webapp.registrations.models import ReportEvent, ResidenceReport
from webapp.rentals.models import RentalProperty
from webapp.services import statuses
from webapp.services.models import ServiceRequest
from webapp.summaries.counting import local_time
from webapp.summaries.models import CommunityStats
from webapp.visits.models import Outcome, Visit

OUTCOME_COLUMNS = {o.value: f"visits_{o.value}" for o in Outcome}
SECONDS_PER_DAY = 86400


def snapshot(today: date) -> int:
    """This month's copy of community_stats (replaced each day: the last day's copy is the month's end)."""
    month = f"{today.year:04d}-{today.month:02d}"
    db.session.execute(delete(AreaSnapshot).where(AreaSnapshot.month == month))
    columns = ("place_id", "code", "registered", "verified", "coordinators", "permits_valid", "permits_lapsed")
    source = select(
        CommunityStats.place_id,
        literal(month).label("month"),
        *(getattr(CommunityStats, c) for c in columns[1:]),
    )
    db.session.execute(insert(AreaSnapshot).from_select(["place_id", "month", *columns[1:]], source))
    # Counted, not the INSERT's rowcount: psycopg reports -1 for an INSERT … SELECT here.
    return db.session.scalar(select(func.count()).select_from(AreaSnapshot).where(AreaSnapshot.month == month))


def month_of(column):
    """SQL: "YYYY-MM" of a timestamp."""
    if db.engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def local_day(column):
    """SQL: the calendar day (China time) of a stored timestamp."""
    if db.engine.dialect.name == "sqlite":
        return func.date(local_time(column))
    return func.cast(local_time(column), Date)


def count_requests(today: date) -> int:
    """Requests closed per county and month: this month and the last (the first time: every month)."""
    since = None
    if db.session.scalar(select(RequestMonth.month).limit(1)) is not None:
        since = Period(today.year, today.month).previous()
    month = month_of(local_time(ServiceRequest.updated_at))
    query = (
        select(
            ServiceRequest.county_id,
            month,
            func.count(),
            func.count().filter(local_day(ServiceRequest.updated_at) <= ServiceRequest.target_date),
        )
        .where(ServiceRequest.status.in_(statuses.ANSWERED))  # withdrawn by the person: not the office's work
        .group_by(ServiceRequest.county_id, month)
    )
    if since is not None:
        query = query.where(ServiceRequest.updated_at >= since.bounds()[0])
        db.session.execute(delete(RequestMonth).where(RequestMonth.month >= since.key))
    else:
        db.session.execute(delete(RequestMonth))
    rows = [
        {"county_id": county, "month": m, "closed": n, "on_time": on_time}
        for county, m, n, on_time in db.session.execute(query)
    ]
    if rows:
        db.session.execute(insert(RequestMonth), rows)
    return len(rows)


def work_rows(period: Period) -> dict[tuple[int, int], dict]:
    """(coordinator, community) → the work record's figures for the period."""
    start, end = period.bounds()
    rows: dict[tuple[int, int], dict] = defaultdict(dict)
    in_period = lambda column: and_(column >= start, column < end)  # noqa: E731
    for coordinator, place, outcome, n in db.session.execute(
        select(Visit.coordinator_id, ResidenceReport.place_id, Visit.outcome, func.count())
        .join(ResidenceReport, ResidenceReport.id == Visit.report_id)
        .where(in_period(Visit.recorded_at))
        .group_by(Visit.coordinator_id, ResidenceReport.place_id, Visit.outcome)
    ):
        if outcome in OUTCOME_COLUMNS:
            rows[coordinator, place][OUTCOME_COLUMNS[outcome]] = n
    for coordinator, place, n in db.session.execute(
        select(ReportEvent.actor_id, ResidenceReport.place_id, func.count(func.distinct(ReportEvent.report_id)))
        .join(ResidenceReport, ResidenceReport.id == ReportEvent.report_id)
        .where(
            ReportEvent.party == "coordinator",
            ReportEvent.action.in_((EventAction.VERIFIED.value, EventAction.CORRECTED.value)),
            ReportEvent.actor_id.is_not(None),
            in_period(ReportEvent.at),
        )
        .group_by(ReportEvent.actor_id, ResidenceReport.place_id)
    ):
        rows[coordinator, place]["reports_verified"] = n
    coordinators = select(RoleGrant.account_id).where(RoleGrant.role == "coordinator")
    for coordinator, place, n in db.session.execute(
        select(ResidenceReport.submitted_by_id, ResidenceReport.place_id, func.count())
        .join(Person, Person.id == ResidenceReport.person_id)
        .where(
            ResidenceReport.submitted_by_id.in_(coordinators),
            (Person.account_id.is_(None)) | (Person.account_id != ResidenceReport.submitted_by_id),
            in_period(ResidenceReport.created_at),
        )
        .group_by(ResidenceReport.submitted_by_id, ResidenceReport.place_id)
    ):
        rows[coordinator, place]["assisted"] = n
    # The time to a report's first visit, from the day it was sent; counted in the period of that visit.
    earlier = aliased(Visit)
    first = (
        ~select(earlier.id)
        .where(
            earlier.report_id == Visit.report_id,
            (earlier.recorded_at < Visit.recorded_at)
            | and_(earlier.recorded_at == Visit.recorded_at, earlier.id < Visit.id),
        )
        .exists()
    )
    waits: dict[tuple[int, int], list[float]] = defaultdict(list)
    for coordinator, place, visited, sent in db.session.execute(
        select(Visit.coordinator_id, ResidenceReport.place_id, Visit.recorded_at, ResidenceReport.created_at)
        .join(ResidenceReport, ResidenceReport.id == Visit.report_id)
        .where(in_period(Visit.recorded_at), first)
    ):
        waits[coordinator, place].append(max(0.0, (visited - sent).total_seconds() / SECONDS_PER_DAY))
    for key, days in waits.items():
        rows[key]["first_visits"] = len(days)
        rows[key]["median_days_to_visit"] = round(statistics.median(days), 1)
    # Every active coordinator has a row for each community they cover, even with nothing done (finance sees it).
    for coordinator, place in db.session.execute(
        select(RoleGrant.account_id, RoleGrant.place_id)
        .join(Account, Account.id == RoleGrant.account_id)
        .join(Place, Place.id == RoleGrant.place_id)
        .where(RoleGrant.role == "coordinator", Account.deactivated_at.is_(None), Place.level == "community")
    ):
        rows.setdefault((coordinator, place), {})
    rentals = dict(
        db.session.execute(
            select(RentalProperty.place_id, func.count())
            .where(in_period(RentalProperty.created_at))
            .group_by(RentalProperty.place_id)
        ).all()
    )
    for (_coordinator, place), figures in rows.items():
        figures["community_rentals"] = rentals.get(place, 0)
    return rows


def periods_to_count(today: date) -> list[Period]:
    """This month and the last (visits made offline arrive late), and the year of each."""
    this_month = Period(today.year, today.month)
    last_month = this_month.previous()
    return list(dict.fromkeys([this_month, last_month, Period(today.year), Period(last_month.year)]))


def count_period(period: Period) -> int:
    rows = work_rows(period)
    codes = dict(db.session.execute(select(Place.id, Place.code).where(Place.id.in_({p for _c, p in rows}))).all())
    now = clock.utcnow()
    db.session.execute(delete(WorkRecord).where(WorkRecord.period == period.key))
    db.session.add_all(
        WorkRecord(period=period.key, coordinator_id=c, place_id=p, code=codes[p], counted_at=now, **figures)
        for (c, p), figures in rows.items()
        if p in codes
    )
    return len(rows)


def recount(today: date) -> dict[str, int]:
    """The job's part: today's snapshot and the work record of the periods that can still change. One commit."""
    counts = {"snapshots": snapshot(today), "request_months": count_requests(today)}
    counts["work_records"] = sum(count_period(p) for p in periods_to_count(today))
    db.session.commit()
    return counts
