"""`flask permits new-key | public-keys | verify`: the permit signing keys, and offline token checks (no network)."""

import json

import click
from flask import Blueprint, current_app

from webapp.permits import keys
from webapp.permits.tokens import InvalidToken, KeyRing, KeyRingError, generate_key, verify

bp = Blueprint("permits_cli", __name__, cli_group="permits")

REASON_TEXT = {
    "format": "not a permit token (malformed)",
    "unknown_key": "signed with a key that is not among the published keys",
    "signature": "the signature does not match: the token was altered or not issued by this service",
    "payload": "signed, but its contents are not a permit token this version understands",
}


@bp.cli.command("new-key")
def new_key():
    """Make a new signing key in PERMIT_KEYS_DIR and print its kid; older keys stay, to verify older cards."""
    try:
        directory = keys.keys_directory(current_app.config)
        kid = generate_key(directory)
    except (KeyRingError, OSError) as error:
        raise click.ClickException(str(error)) from error
    keys.forget(current_app.config)
    click.echo(kid)
    click.echo(f"New cards are signed with {kid}; publish the public keys again (flask permits public-keys).", err=True)


@bp.cli.command("public-keys")
def public_keys():
    """Print the published public keys (JSON): all of them, including retired ones."""
    try:
        ring = keys.keyring_for(current_app.config)
    except (KeyRingError, OSError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps(ring.public_keys_json(), indent=2))


@bp.cli.command("verify")
@click.argument("token")
@click.option(
    "--keys",
    "keys_file",
    type=click.Path(exists=True, dir_okay=False),
    help="The published public keys (JSON from `flask permits public-keys`); default: this app's keys.",
)
def verify_token(token: str, keys_file: str | None):
    """Check TOKEN offline (or the whole verification URL from the QR code) and print what it says."""
    try:
        if keys_file is None:
            ring = keys.keyring_for(current_app.config)
        else:
            with open(keys_file, "rb") as stream:
                ring = KeyRing.from_public_json(stream.read())
    except (KeyRingError, OSError) as error:
        raise click.ClickException(str(error)) from error
    token = token.strip().rsplit("/", 1)[-1]  # a scanned URL https://host/verify/<token> works too
    try:
        claims = verify(ring, token)
    except InvalidToken as error:
        raise click.ClickException(f"invalid token: {error.reason}: {REASON_TEXT[error.reason]}") from error
    click.echo("valid signature")
    click.echo(f"permit number: {claims.permit_number}")
    click.echo(f"key id: {claims.kid}")
    click.echo(f"issued at: {claims.issued_at_utc:%Y-%m-%dT%H:%M:%SZ} ({claims.issued_at})")
    click.echo("Status (valid, lapsed, revoked, expired) is not checked offline: see the verification page.")
