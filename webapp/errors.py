"""Error pages in the person's language; JSON for the passkey scripts. Never a bare 500."""

from flask import Flask, current_app, jsonify, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.extensions import db
from webapp.security.access import wants_json

MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Go back and try again.")),
    401: (_l("Sign in first"), _l("You need to sign in to do this.")),
    403: (_l("You cannot see this page"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("If you typed the address, check it is correct.")),
    405: (_l("Something was wrong with that request"), _l("Go back and try again.")),
    410: (_l("This link is no longer valid"), _l("Ask for a new one.")),
    413: (_l("That file is too big"), _l("Go back and choose a smaller file.")),
    429: (_l("Too many tries"), _l("Wait a minute, then try again.")),
    500: (_l("Sorry, something went wrong on our side"), _l("Try again later. What you entered was not saved.")),
    503: (_l("The service is not available right now"), _l("Try again later.")),
}
CSRF_MESSAGE = (
    _l("This form has expired"),
    _l("For your security, forms expire. Go back, reload the page and try again."),
)


def describe(error: HTTPException):
    if isinstance(error, CSRFError):
        return CSRF_MESSAGE
    return MESSAGES.get(error.code, MESSAGES[500] if (error.code or 500) >= 500 else MESSAGES[400])


def _render(error: HTTPException, template: str = "errors/error.html"):
    title, body = describe(error)
    if wants_json():
        return jsonify(error=str(body)), error.code
    return render_template(template, title=title, body=body, code=error.code), error.code


def handle_http(error: HTTPException):
    return _render(error)


def handle_csrf(error: CSRFError):
    return _render(error)


def handle_unexpected(error: Exception):
    current_app.logger.exception("unexpected error")
    db.session.rollback()
    return _render(InternalServerError(original_exception=error))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
