"""An administrator's areas: the node a staff page asks for, found only within them (the admin dashboard and the
assessment pages share this)."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from webapp.accounts.roles import Role
from webapp.extensions import db
from webapp.places.models import Place


def scopes() -> list[Place]:
    return current_user.scopes(Role.ADMIN)


def node_in_scope_or_404(code: str) -> Place:
    """The place with that code, if it lies within one of the administrator's areas; else 404 (not 403: a code
    outside them is not confirmed to exist)."""
    node = db.session.scalar(select(Place).where(Place.code == code))
    if node is None or not any(scope.contains(node) for scope in scopes()):
        abort(404)
    return node


def lineage_in_scope(node: Place) -> list[Place]:
    """The breadcrumb: the node's ancestors (and itself) that the administrator may open."""
    mine = scopes()
    return [p for p in node.lineage() if any(s.contains(p) for s in mine)]
