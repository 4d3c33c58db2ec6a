"""Retention periods counted as the law counts them (DOMAIN.md §7): a period starts the day after the event (Civil
Code art. 201) and ends at the end of its last day, in China's calendar; in months and years on the corresponding
day, or the month's last day (art. 202). `flask jobs run` on the last day keeps the record; the day after, it goes.
An event early in the morning in Beijing (the day before in UTC) is counted from its Beijing day."""

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from tests.support.factories import create_account, create_place, create_reports
from webapp import clock
from webapp.accounts.models import AccountSession
from webapp.audit.models import AuditEvent
from webapp.extensions import db as _db
from webapp.notifications.models import Notification
from webapp.privacy import retention
from webapp.visits.models import Visit


def at_beijing(day: date, hour: int, minute: int = 0) -> datetime:
    """A stored (naive UTC) instant: that wall time in Beijing."""
    return clock.start_of_day(day) + timedelta(hours=hour, minutes=minute)


def last_day(kind: str, start: date) -> date:
    rule = retention.RULES[kind]
    if rule.unit == "days":
        return start + timedelta(days=rule.period)
    return start + relativedelta(months=rule.period * (12 if rule.unit == "years" else 1))


def run_job(runner, day: date) -> None:
    result = runner.invoke(args=["jobs", "run", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    _db.session.expire_all()


def _notification(account, moment):
    _db.session.add(Notification(account_id=account.id, kind="report.confirmed", params={}, created_at=moment))


def _session(account, moment):
    _db.session.add(
        AccountSession(account_id=account.id, token_hash=f"{moment:%Y%m%d%H%M}".ljust(64, "0"), seen_at=moment)
    )


def _audit(account, moment):
    _db.session.add(AuditEvent(at=moment, action="record.viewed", actor_id=account.id, subject_account_id=account.id))


def _visit(account, moment):
    [report] = create_reports(create_place("370303001001"), 1)
    _db.session.add(
        Visit(
            client_id=f"c-{moment:%H%M}",
            coordinator_id=account.id,
            report_id=report.id,
            outcome="confirmed",
            latitude=36.8,
            longitude=118.0,
            accuracy_m=20,
            recorded_at=moment,
            seen_version=1,
            server_version=1,
        )
    )


MAKE = {"notification": _notification, "session": _session, "audit_event": _audit, "visit_location": _visit}


def _left(kind: str) -> int:
    if kind == "notification":
        return _db.session.scalar(_db.select(_db.func.count(Notification.id)))
    if kind == "session":
        return _db.session.scalar(_db.select(_db.func.count(AccountSession.id)))
    if kind == "audit_event":
        return _db.session.scalar(_db.select(_db.func.count(AuditEvent.id)).where(AuditEvent.action == "record.viewed"))
    return _db.session.scalar(_db.select(_db.func.count(Visit.id)).where(Visit.latitude.is_not(None)))


@pytest.mark.parametrize("kind", sorted(MAKE))
@pytest.mark.parametrize(
    ("start", "hour"),
    [
        (date(2026, 7, 14), 9),  # before the daily job's hour: still counted from its own day
        (date(2026, 2, 1), 0),  # 00:30 in Beijing is the day before in UTC
        (date(2026, 1, 31), 23),  # a month's last day: months end on the last day of a shorter month
    ],
)
def test_the_job_keeps_a_record_through_the_last_day_of_its_period_and_removes_it_the_day_after(
    db, runner, kind, start, hour
):
    with clock.pinned_at(datetime.combine(start, time(12))):
        account = create_account("coordinator", place=create_place("370303001001"))
        MAKE[kind](account, at_beijing(start, hour, 30))
        _db.session.commit()
    end = last_day(kind, start)

    run_job(runner, end)
    assert _left(kind) == 1, f"{kind} removed on the last day of its period ({end})"
    run_job(runner, end + timedelta(days=1))
    assert _left(kind) == 0, f"{kind} still there the day after its period ended ({end})"


def test_the_cutoff_is_the_start_of_a_beijing_day(app):
    now = datetime.combine(date(2027, 3, 31), time(10)) - timedelta(hours=8)  # 10:00 in Beijing, as stored
    # 60 days: one that started on 30 January ends on 31 March; one of 29 January has ended.
    assert retention.cutoff("case_documents", now) == clock.start_of_day(date(2027, 1, 30))
    # 6 months: a period that started on 30 September ends on 30 March; one of 1 October ends on 1 April.
    assert retention.cutoff("one_time_link", now) == clock.start_of_day(date(2026, 10, 1))
    # 1 month (no such rule here: computed as the months rules are): from 28 February the period ends 28 March.
    assert retention.first_kept_day(date(2027, 3, 31), 1, "months") == date(2027, 3, 1)
    assert retention.first_kept_day(date(2027, 3, 28), 1, "months") == date(2027, 2, 28)
    assert retention.first_kept_day(date(2027, 2, 28), 6, "months") == date(2026, 8, 28)
    assert retention.first_kept_day(date(2027, 3, 1), 6, "months") == date(2026, 9, 1)  # 31 Aug ended 28 Feb
