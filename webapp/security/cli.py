"""`flask keys new | rotate | status`: the keys that encrypt ID numbers and mobiles (webapp/security/crypto.py)."""

from collections import Counter

import click
import sqlalchemy as sa
from flask import Blueprint, current_app

from webapp.extensions import db
from webapp.security import crypto

bp = Blueprint("keys_cli", __name__, cli_group="keys")


@bp.cli.command("new")
def new():
    """Add a data key to the key file and make it current (then run `flask keys rotate`). With keys in the
    environment, prints a key to put first in XINJU_DATA_KEYS instead."""
    keys = crypto.data_keys()
    if keys.source == "environment":
        click.echo("Put this first in XINJU_DATA_KEYS, keep the others, restart, then run `flask keys rotate`:")
        click.echo(f"k{len(keys.keys) + 1}={crypto.new_key_text()}")
        return
    key_id = crypto.add_key_to_file(crypto.key_file_path(current_app.config))
    crypto.reload(current_app)
    click.echo(
        f"New values are encrypted with {key_id} (running processes pick it up within "
        f"{crypto.FILE_CHECK_SECONDS:g} s); then run `flask keys rotate` to re-encrypt the others."
    )


@bp.cli.command("status")
def status():
    """How many stored values each data key encrypts."""
    for table_name, column, _index, _kind in crypto.ENCRYPTED_COLUMNS:
        table = sa.table(table_name, sa.column(column))
        counts = Counter(
            crypto.data_keys().key_id_of(value)
            for value in db.session.execute(sa.select(table.c[column]).where(table.c[column].is_not(None))).scalars()
        )
        click.echo(f"{table_name}.{column}: " + (", ".join(f"{k} {n}" for k, n in sorted(counts.items())) or "none"))
    db.session.rollback()


@bp.cli.command("rotate")
@click.option("--batch", default=1000, show_default=True, help="Rows per transaction.")
@click.option(
    "--reindex", is_flag=True, help="Also recompute every blind index (after changing the index key; app stopped)."
)
def rotate(batch: int, reindex: bool):
    """Re-encrypt under the current data key every value encrypted with another, in batches (safe to run again)."""
    keys = crypto.data_keys()
    with db.engine.connect() as connection:
        done = crypto.rotate(connection, keys, batch=batch, reindex=reindex, echo=click.echo)
    total = sum(done.values())
    indexes = " and recomputed their indexes" if reindex else ""
    click.echo(f"Re-encrypted {total} values with {keys.current}{indexes}.")
