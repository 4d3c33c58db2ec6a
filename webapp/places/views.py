"""The lists behind the place chooser, as JSON, so that a page with JavaScript fills the next list in place
(static/js/place-chooser.js); without JavaScript the chooser's "Show the next list" button does the same by posting
the form (chooser.py).

Public on purpose: only the codes and names of the national statistical divisions, which are published data and
the same for everybody; no personal data, nothing about who asks. They never change while the app runs (they are
loaded by `flask places load`), so browsers may keep them a day and then revalidate with the ETag.
"""

from flask import Blueprint, abort, jsonify, request
from sqlalchemy import select

from webapp.extensions import db
from webapp.places import divisions
from webapp.places.chooser import jurisdiction_children
from webapp.places.models import Place
from webapp.security.access import PUBLIC, allow

bp = Blueprint("places", __name__)

#: A day: long enough that choosing down the hierarchy twice costs nothing, short enough for a reload of places.
MAX_AGE = 24 * 60 * 60


def children_json(children: list[tuple[str, str]]):
    response = jsonify([{"code": code, "name": name} for code, name in children])
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/places/<code>/children")
@allow(PUBLIC)
def children(code: str):
    """The places directly under this city, county or township (Zibo and Wenzhou, as loaded)."""
    if db.session.scalar(select(Place.id).where(Place.code == code)) is None:
        abort(404)
    return children_json(jurisdiction_children(code))


@bp.get("/places/hukou/<code>/children")
@allow(PUBLIC)
def hukou_children(code: str):
    """The divisions of all China directly under this province or city (for the household registration)."""
    if code not in divisions.divisions():
        abort(404)
    return children_json([(d.code, d.name) for d in divisions.children(code)])
