"""Demo sign-in: one button per demo account. This blueprint exists only in the demo configuration."""

import click
from flask import Blueprint, abort, current_app, redirect, request, url_for
from sqlalchemy import select

from webapp.accounts.models import Account
from webapp.accounts.sessions import sign_in
from webapp.demo.data import DEMO_REFERENCES, load_demo
from webapp.extensions import db
from webapp.security.access import PUBLIC, allow

bp = Blueprint("demo", __name__, cli_group="demo")


@bp.post("/demo/sign-in")
@allow(PUBLIC)
def sign_in_as():
    if not current_app.config["DEMO"]:
        abort(404)
    reference = request.form.get("reference", "")
    account = (
        db.session.scalar(select(Account).where(Account.reference == reference))
        if reference in DEMO_REFERENCES
        else None
    )
    if account is None:
        abort(404)
    sign_in(account)
    return redirect(url_for("home.index"))


@bp.cli.command("load")
def load():
    """Load demo accounts for every role (and the places, if not loaded yet)."""
    click.echo(f"demo: {load_demo()} accounts added")
