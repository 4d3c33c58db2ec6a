"""`flask staff invite`: make a one-time enrolment link from the command line (the first administrator)."""

import click
from flask import Blueprint, current_app

from webapp import labels
from webapp.accounts.roles import STAFF_ROLES, Role
from webapp.enrolment import links
from webapp.extensions import db
from webapp.places.models import Place

bp = Blueprint("staff_cli", __name__, cli_group="staff")


@bp.cli.command("invite")
@click.option("--name", "display_name", required=True, help="The person's name.")
@click.option("--role", type=click.Choice([r.value for r in STAFF_ROLES]), required=True)
@click.option("--place", "place_code", required=True, help="Place code: community, county, or any node (admin).")
@click.option("--department", type=click.Choice(labels.codes("department")), help="For a service officer.")
@click.option("--base-url", help="The site's address; defaults to the first passkey origin.")
def invite(display_name: str, role: str, place_code: str, department: str | None, base_url: str | None):
    """Print a one-time enrolment link (valid 72 hours, single use)."""
    place = db.session.scalar(db.select(Place).where(Place.code == place_code))
    try:
        _link, token = links.create_enrolment(
            issuer=None,
            role=Role(role),
            place=place,
            department=department,
            display_name=display_name,
            hours=current_app.config["ENROLMENT_LINK_HOURS"],
        )
    except links.ScopeError as error:
        raise click.ClickException(f"cannot invite: {error.code}") from error
    base = (base_url or current_app.config["WEBAUTHN_ORIGINS"][0]).rstrip("/")
    click.echo(f"{base}/enrol/{token}")
