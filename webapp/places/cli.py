"""`flask places load`: load the real places of Zibo and Wenzhou."""

import click
from flask import Blueprint

from webapp.places.loader import load_places, read_divisions

bp = Blueprint("places_cli", __name__, cli_group="places")


@bp.cli.command("load")
@click.option("--city", "cities", multiple=True, help="Only this city code (3703 Zibo, 3303 Wenzhou); repeatable.")
def load(cities: tuple[str, ...]):
    """Load (or update) the city → county → township → community hierarchy."""
    added, updated = load_places(read_divisions(prefixes=cities or None))
    click.echo(f"places: {added} added, {updated} renamed")
