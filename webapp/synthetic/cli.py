"""`flask synthetic generate`: refused unless the app runs a development, demo or test configuration."""

from contextlib import nullcontext

import click
from flask import Blueprint, current_app

from webapp import clock
from webapp.synthetic.distributions import CITIES
from webapp.synthetic.generator import generate, refusal

bp = Blueprint("synthetic_cli", __name__, cli_group="synthetic")


@bp.cli.command("generate")
@click.option(
    "--migrants",
    type=click.IntRange(min=1, max=1_000_000),
    default=10_000,
    show_default=True,
    help="How many (up to 1,000,000: the size measured).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed and day give the same data.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day the data is generated as of (YYYY-MM-DD; default: today): dates are counted back from it.",
)
@click.option(
    "--city",
    "cities",
    multiple=True,
    type=click.Choice(CITIES),
    help="Only this city (3703 Zibo, 3303 Wenzhou); repeatable. Default: both.",
)
@click.option("--batch", type=click.IntRange(min=1000), default=10_000, show_default=True, help="Migrants per commit.")
def generate_command(migrants: int, seed: int, today, cities: tuple[str, ...], batch: int) -> None:
    """Fill the communities with synthetic migrants, reports, visits, permits and service requests."""
    from webapp.summaries.counting import refresh_all

    refused = refusal(current_app.config)
    if refused:
        raise click.ClickException(refused)
    # --today moves the app's clock for the whole command: the data and the summaries counted after it are as of
    # that day.
    with clock.pinned_at(today.date()) if today else nullcontext():
        generate(migrants, seed, cities or CITIES, batch=batch, echo=click.echo, today=clock.today())
        click.echo("counting the dashboards' summaries…")
        refresh_all()  # bulk inserts bypass the ORM, so the summaries are recounted once at the end
