"""Reminders, meant to run from cron (`flask jobs run`). Safe to run twice: each reminder has a dedupe key."""

from contextlib import nullcontext
from datetime import date, timedelta

import click
from flask import Blueprint
from sqlalchemy import select

from webapp import clock
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.permits import rules as permit_rules
from webapp.permits.models import Permit
from webapp.policy import engine
from webapp.registrations import rules as report_rules
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import Tenancy

bp = Blueprint("jobs", __name__, cli_group="jobs")


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
        profile = report_rules.profile_for_change(report.place.code, tenancy.ended_on, today)
        due = engine.change_deadline(profile, tenancy.ended_on)
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


def run(today: date) -> dict[str, int]:
    counts = {"permits": permit_reminders(today), "changes": change_reminders(today)}
    db.session.commit()
    from webapp.summaries.counting import refresh_all

    refresh_all(today)  # permit states move with the calendar: the dashboards' summaries are recounted daily
    from webapp.documents.models import prune_files

    counts["files_pruned"] = prune_files()  # images of uploads that were never committed
    return counts


@bp.cli.command("run")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend it is this day (for testing).")
def run_command(today):
    """Send today's reminders (endorsement windows, permits expiring, changes to report). Safe to run twice."""
    # --today moves the app's clock for the whole run, so the notices' times agree with the day they are about.
    with clock.pinned_at(today.date()) if today else nullcontext():
        counts = run(clock.today())
    click.echo(f"reminders sent: {counts['permits']} about permits, {counts['changes']} about changes")
