"""Every route declares who may use it with @allow(...); a before-request hook enforces it.

A view without a declaration is refused (fail closed), and a test walks the URL map so none ships without one.
"""

from collections.abc import Callable

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from webapp.security.roles import Role

PUBLIC = "public"
SIGNED_IN = "signed_in"

#: Flask's own static route, the only one allowed to go without a declaration.
EXEMPT_ENDPOINTS = {"static"}


def allow(*who: str | Role) -> Callable:
    """Declare who may use a view: PUBLIC, SIGNED_IN, or one or more roles (any of them will do)."""
    if not who:
        raise ValueError("allow() needs at least one rule")
    rules = frozenset(str(w) for w in who)

    def decorate(view: Callable) -> Callable:
        view.access_rules = rules
        return view

    return decorate


def rules_for(app: Flask, endpoint: str) -> frozenset[str] | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rules", None)


def wants_json() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def enforce() -> None:
    endpoint = request.endpoint
    if endpoint is None or endpoint in EXEMPT_ENDPOINTS:
        return None
    rules = rules_for(current_app, endpoint)
    if rules is None:
        current_app.logger.error("route %s has no access rule; refused", endpoint)
        abort(403)
    if PUBLIC in rules:
        return None
    if not current_user.is_authenticated:
        if request.method == "GET" and not wants_json():
            return redirect(url_for("accounts.signin", next=request.path))
        return rescue_form() or abort(401)
    if SIGNED_IN in rules:
        return None
    if not current_user.has_role(*rules):
        abort(403)
    return None


def rescue_form():
    """A form sent after the session ended or after the form expired: the app's rescuer (accounts/kept_forms.py)
    keeps what was typed and answers with the way back to it; None when it does not (the caller answers as before)."""
    rescuer = current_app.extensions.get("xinju.rescue_form")
    return rescuer() if rescuer else None


def init_app(app: Flask) -> None:
    app.before_request(enforce)
