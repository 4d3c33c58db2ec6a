"""GET /api/openapi.json: the OpenAPI document of the JSON endpoints (webapp/api/openapi.py). Public: it describes
the shape of requests, nothing about anybody."""

from flask import Blueprint, current_app, jsonify

from webapp.api.openapi import document
from webapp.security.access import PUBLIC, allow

bp = Blueprint("api", __name__)


@bp.get("/api/openapi.json")
@allow(PUBLIC)
def openapi():
    response = jsonify(document(current_app.config["SESSION_COOKIE_NAME"]))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
