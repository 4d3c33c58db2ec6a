"""Reminders to migrants, as plain functions of the day. Safe to run twice: each reminder has a dedupe key."""

from datetime import date, timedelta

from sqlalchemy import select

from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.permits import rules as permit_rules
from webapp.permits.models import Permit
from webapp.registrations import rules as report_rules
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy


def permit_reminders(today: date) -> int:
    sent = 0
    for permit in db.session.scalars(select(Permit).where(Permit.revoked_on.is_(None))):
        account = permit.person.account
        state = permit_rules.state_on(permit, today)
        if state.window and state.status == "valid" and state.window[0] <= today <= state.window[1]:
            sent += bool(
                notify(
                    account,
                    "reminder.endorsement",
                    link="/me/permit",
                    dedupe_key=f"endorse:{permit.id}:{state.endorse_year}",
                    start=state.window[0].isoformat(),
                    end=state.window[1].isoformat(),
                )
            )
        if (
            permit.valid_until
            and state.status == "valid"
            and permit.valid_until - today <= timedelta(days=permit_rules.RENEWAL_NOTICE_DAYS)
        ):
            sent += bool(
                notify(
                    account,
                    "reminder.expiry",
                    link="/me/permit",
                    dedupe_key=f"expiry:{permit.id}:{permit.valid_until.isoformat()}",
                    date=permit.valid_until.isoformat(),
                )
            )
    return sent


def change_reminders(today: date) -> int:
    """A landlord says a tenant left, but the tenant's report is still current: remind them of the change window."""
    sent = 0
    query = (
        select(ResidenceReport, Tenancy)
        .join(Tenancy, ResidenceReport.tenancy_id == Tenancy.id)
        .where(Tenancy.ended_on.is_not(None), ResidenceReport.ended_on.is_(None))
    )
    for report, tenancy in db.session.execute(query):
        _left_on, due = report_rules.left_by_landlord(report, today)  # as the person's home page says it
        sent += bool(
            notify(
                report.person.account,
                "reminder.change",
                link=f"/reports/{report.receipt}",
                dedupe_key=f"change:{tenancy.id}",
                date=tenancy.ended_on.isoformat(),
                due=due.isoformat(),
            )
        )
    return sent
