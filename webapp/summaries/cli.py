"""`flask stats refresh`: recount every summary (after a bulk import or an upgrade that changes them)."""

import click
from flask import Blueprint

from webapp.summaries.counting import refresh_all

bp = Blueprint("stats_cli", __name__, cli_group="stats")


@bp.cli.command("refresh")
def refresh_command():
    """Recount every community's summary (after a bulk import; `flask jobs run` does it daily)."""
    refresh_all()
    click.echo("summaries refreshed")
