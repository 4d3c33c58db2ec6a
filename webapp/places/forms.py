"""The four selects that choose a village or community down the real hierarchy (see chooser.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField

from webapp.extensions import db
from webapp.forms import Form
from webapp.places.models import Place

PLACE_FIELDS = ("city", "county", "township", "community")


class CommunityFields(Form):
    city = SelectField(_l("City"), validate_choice=False)
    county = SelectField(_l("County or district"), validate_choice=False)
    township = SelectField(_l("Township or street"), validate_choice=False)
    community = SelectField(_l("Village or community"), validate_choice=False)


def community_or_none(code: str | None) -> Place | None:
    """The village or community with this code; None for an empty code or a place at another level."""
    if not code:
        return None
    place = db.session.scalar(select(Place).where(Place.code == code))
    return place if place is not None and place.level == "community" else None
