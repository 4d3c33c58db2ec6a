"""What each failed passkey ceremony means, in the person's language, and the JSON replies of a ceremony."""

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l

from webapp.accounts.passkeys import CeremonyError

CEREMONY_ERRORS = {
    "no_challenge": _l("This page was open too long or in another tab. Try again."),
    "expired": _l("That took too long. Try again."),
    "malformed": _l("Your browser sent something we could not read. Try again."),
    "refused": _l(
        "Your passkey could not be checked. Make sure you unlock it with your fingerprint, face or PIN, then try again."
    ),
    "already_registered": _l("This passkey is already registered."),
    "unknown_passkey": _l(
        "We do not know this passkey. It may have been removed. Create an account or ask for help to recover yours."
    ),
    "closed": _l(
        "This account has been deactivated, so it cannot sign in. If you think this is a mistake, ask your "
        "administrator."
    ),
    "cooling_off": _l(
        "This passkey was made with a recovery link. For your safety it works only after a waiting period. If you "
        "still have another passkey, sign in with it to confirm the new one now."
    ),
    "not_yours": _l("Use a passkey of the account you are signed in to."),
    "link_used": _l("This link has already been used or has expired. Ask for a new one."),
    "signed_up": _l("Your account has already been created. Sign in with your passkey."),
    "own_link": _l("You made this link: give it to the person it is for."),
}


def ceremony_error(error: CeremonyError, status: int = 400):
    """The failure's message as JSON, for static/js/passkeys.js to show."""
    return jsonify(error=str(CEREMONY_ERRORS.get(error.code, CEREMONY_ERRORS["refused"]))), status


def json_options(options: str):
    """A ceremony's options (already JSON, from py_webauthn) as the response."""
    return current_app.response_class(options, mimetype="application/json")
