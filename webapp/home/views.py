"""/ (start page, different for each role) and /healthz."""

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp.extensions import db, limiter
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
    """503 when the database does not answer; 200 but "degraded" when the rate limits' Redis is down (the limits
    then count in each worker's memory: sign-in keeps working)."""
    limits = rate_limit_storage()
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.error("health check: database did not answer: %s", type(error).__name__)
        db.session.rollback()
        return jsonify(status="unavailable", database="down", rate_limits=limits), 503
    return jsonify(status="ok" if "down" not in limits else "degraded", database="up", rate_limits=limits)


def rate_limit_storage() -> str:
    """Where the rate limits count: "memory" (one process: tests, the demo), "redis", or "memory (storage down)"."""
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return "memory"
    try:
        answered = limiter.storage.check()
    except Exception:  # noqa: BLE001 - whatever the storage's client raises, the answer is "down"
        answered = False
    if not answered:
        current_app.logger.warning("health check: the rate-limit storage did not answer; limits count in memory")
        return "memory (storage down)"
    return "redis"
