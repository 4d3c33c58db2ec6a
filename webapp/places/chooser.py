"""Choosing a place down a hierarchy without JavaScript: one select per level, and a button that shows the next
list. The form keeps everything else the person typed while they choose."""

from collections.abc import Callable, Sequence
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from webapp.extensions import db
from webapp.forms import choices
from webapp.places.models import Place

#: The name of the button that asks for the next list (the form is not validated then).
CHOOSE = "choose"
PLACEHOLDER = _l("Choose…")


def fill_chain(form, field_names: Sequence[str], children: Callable[[str | None], list[tuple[str, str]]]) -> str | None:
    """Give each select in the chain the options under the one above it; drop values that no longer fit.

    Returns the deepest code chosen so far (or None).
    """
    parent: str | None = None
    chosen: str | None = None
    broken = False
    for name in field_names:
        field = getattr(form, name)
        options = [] if broken else children(parent)
        field.choices = choices([("", PLACEHOLDER), *options])
        if broken or field.data not in {code for code, _ in options}:
            field.data = ""
        if not field.data:
            broken = True
            continue
        parent = chosen = field.data
    return chosen


@cache
def _children_statements():
    """(the cities, the children of the place whose code is the bound parameter `parent`), built once: every form
    with an address asks for up to four lists, each time it is shown."""
    cities = select(Place.code, Place.name).where(Place.parent_id.is_(None)).order_by(Place.code)
    parent = select(Place.id).where(Place.code == bindparam("parent")).scalar_subquery()
    under = select(Place.code, Place.name).where(Place.parent_id == parent).order_by(Place.code)
    return cities, under


def jurisdiction_children(parent_code: str | None) -> list[tuple[str, str]]:
    """Children in the Place table: the cities when parent_code is None."""
    cities, under = _children_statements()
    if parent_code is None:
        return [(code, name) for code, name in db.session.execute(cities)]
    return [(code, name) for code, name in db.session.execute(under, {"parent": parent_code})]


def children_within(areas) -> Callable[[str | None], list[tuple[str, str]]]:
    """jurisdiction_children kept to these places (Place objects, or anything with a `code`): the places above them
    (to reach them) and in them. A place's code begins with the codes of the places above it."""

    def children(parent_code: str | None) -> list[tuple[str, str]]:
        return [
            (code, name)
            for code, name in jurisdiction_children(parent_code)
            if any(code.startswith(area.code) or area.code.startswith(code) for area in areas)
        ]

    return children


def wants_next_list(formdata) -> bool:
    return CHOOSE in formdata


def chain_of(place: Place | None) -> dict[str, str]:
    """The selects' values that show this place again: {"city": "3303", "county": "330302", …}."""
    return {p.level: p.code for p in place.lineage()} if place is not None else {}
