"""Error pages in the person's language; JSON for the passkey scripts. Never a bare 500.

With the database down (or too slow: a timeout) the answer is a 503 page rendered without the database: the
signed-in account cannot be loaded, so the page is drawn as for a visitor, in the language of the lang cookie or
the browser (the account's own choice is in the database)."""

from flask import Flask, current_app, g, has_request_context, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from webapp.extensions import db
from webapp.security.access import rescue_form, wants_json

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
    if not g.get("database_down"):
        try:
            return render_template(template, title=title, body=body, code=error.code), error.code
        except SQLAlchemyError as failure:  # the page needed the database (the account, the inbox) and it failed
            _forget_the_database(failure)
    return render_template(template, title=title, body=body, code=error.code, anonymous=True), error.code


def _forget_the_database(failure: Exception) -> None:
    """From here on nothing in this request reads the database: the account is not loaded again (Flask-Login
    keeps the current user in g) and the session's broken transaction is dropped."""
    g.database_down = True
    g._login_user = AnonymousUserMixin()
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    cause = getattr(failure, "orig", None) or failure
    # What an operator needs (which page, the driver's own words, the SQLSTATE), never the statement or its
    # parameters: SQLAlchemy's own text carries both, the driver's first line neither.
    words = (str(cause).strip().splitlines() or [""])[0][:200]
    current_app.logger.error(
        "database unavailable at %s: %s: %s%s",
        request.endpoint if has_request_context() else "-",
        type(cause).__name__,
        words,
        f" (SQLSTATE {cause.sqlstate})" if getattr(cause, "sqlstate", None) else "",
    )


def handle_database_down(error: Exception):
    """The database did not answer (refused, gone, timed out) or gave up on a query: 503, try again later."""
    _forget_the_database(error)
    return _render(ServiceUnavailable())


def handle_http(error: HTTPException):
    return _render(error)


def handle_csrf(error: CSRFError):
    return rescue_form() or _render(error)


def handle_unexpected(error: Exception):
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return handle_database_down(error)
    current_app.logger.exception("unexpected error")
    try:
        db.session.rollback()
    except SQLAlchemyError as failure:
        _forget_the_database(failure)
    return _render(InternalServerError(original_exception=error))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(unavailable, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
