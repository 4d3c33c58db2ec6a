"""The language switch: a small form on every page, so it works without JavaScript."""

from flask import Blueprint, current_app, redirect, request
from flask_login import current_user

from webapp.extensions import db
from webapp.i18n import cookie_name
from webapp.security.access import PUBLIC, allow
from webapp.security.urls import safe_next

bp = Blueprint("i18n", __name__)


@bp.post("/language")
@allow(PUBLIC)
def switch():
    lang = request.form.get("lang")
    response = redirect(safe_next(request.form.get("next")))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            cookie_name(),
            lang,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return response
