"""`flask backup create PATH` and `flask backup restore PATH --into URL` (see copy.py)."""

from pathlib import Path

import click
from flask import Blueprint, current_app

from webapp.backup.copy import BackupError, counts_path, create, restore

bp = Blueprint("backup", __name__, cli_group="backup")


@bp.cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_command(path):
    """Back up the database while it is in use (SQLite's online backup, or pg_dump), with its row counts."""
    if path.exists():
        raise click.ClickException(f"{path} exists: choose a new file")
    try:
        counts = create(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backed up {len(counts)} tables, {sum(counts.values())} rows to {path} (counts in {counts_path(path)})")


@bp.cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "url", required=True, help="The empty database to restore into (an SQLAlchemy URL).")
def restore_command(path, url):
    """Restore a backup into an empty database and check every table's count against the backup's."""
    try:
        counts = restore(path, url)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"restored {len(counts)} tables, {sum(counts.values())} rows: every count matches the backup")
