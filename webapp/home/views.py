"""/ (start page, different for each role) and /healthz."""

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp.extensions import db
from webapp.security.access import PUBLIC, allow

bp = Blueprint("home", __name__)


@bp.get("/")
@allow(PUBLIC)
def index():
    if current_user.is_authenticated:
        return render_template("home/dashboard.html", account=current_user)
    return render_template("home/index.html")


@bp.get("/healthz")
@allow(PUBLIC)
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.error("health check: database did not answer: %s", type(error).__name__)
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")
