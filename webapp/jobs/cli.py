"""`flask jobs run`, meant for cron once a day: reminders, the summaries' recount, unused files pruned, and records
past their retention period deleted or anonymised.
Safe to run twice: each reminder has a dedupe key. Safe to start on several machines at once: one run does the work
(a PostgreSQL advisory lock, webapp/jobs/lock.py); the others say so and exit 0."""

from contextlib import nullcontext
from datetime import date

import click
from flask import Blueprint

from webapp import clock
from webapp.assessment import counting as assessment
from webapp.documents.models import prune_files
from webapp.extensions import db
from webapp.jobs.lock import single_run
from webapp.jobs.reminders import change_reminders, permit_reminders
from webapp.privacy import retention
from webapp.summaries.counting import refresh_all
from webapp.vacancies.service import expire as expire_vacancies

bp = Blueprint("jobs", __name__, cli_group="jobs")


def run(today: date) -> dict[str, int]:
    counts = {"permits": permit_reminders(today), "changes": change_reminders(today)}
    db.session.commit()
    counts["vacancies_expired"] = expire_vacancies(today)  # job postings past their closing date leave the board
    refresh_all(today)  # permit states move with the calendar: the dashboards' summaries are recounted daily
    counts["assessment"] = assessment.recount(today)  # the month's snapshot and the coordinators' work record
    counts["files_pruned"] = prune_files()  # images of uploads that were never committed
    # Records past their period in the retention table (webapp/privacy/retention.toml) are deleted or anonymised.
    counts["retention"] = retention.run(clock.utcnow())
    return counts


def run_once(today: date) -> dict[str, int] | None:
    """run(today) unless another `flask jobs run` holds the lock (on this machine or another): then None."""
    with single_run() as held:
        if held is None:
            return None
        return run(today)


@bp.cli.command("run")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend it is this day (for testing).")
def run_command(today):
    """Send today's reminders (endorsement windows, permits expiring, changes to report). Safe to run twice."""
    # --today moves the app's clock for the whole run, so the notices' times agree with the day they are about.
    with clock.pinned_at(today.date()) if today else nullcontext():
        counts = run_once(clock.today())
    if counts is None:
        click.echo("another `flask jobs run` holds the lock (on this machine or another): nothing done here")
        return
    click.echo(f"reminders sent: {counts['permits']} about permits, {counts['changes']} about changes")
    click.echo(f"job postings closed: {counts['vacancies_expired']}")
    swept = ", ".join(f"{kind} {number}" for kind, number in counts["retention"].items())
    click.echo(f"past their retention period (deleted or anonymised): {swept}")
    assessed = counts["assessment"]
    click.echo(
        f"assessment: {assessed['snapshots']} communities copied, {assessed['request_months']} county-months of "
        f"requests, {assessed['work_records']} work-record rows"
    )
