"""Forms for landlords: a rental property with its rooms, and rooms added later."""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Optional, ValidationError

from webapp.forms import Form, TrimmedStringField, short
from webapp.places.forms import CommunityFields

#: The rooms field takes up to MAX_ROOMS names of up to 20 characters (a dormitory's "A-1201, A-1202, …"): 400
#: characters, the limit before, held about 80 such names while the form said "at most 200 rooms".
MAX_ROOMS = 200
ROOMS_TEXT_LIMIT = 2000


def room_names(text: str | None) -> list[str]:
    """The names typed, split at commas (full-width and 、 too), each once, with full-width digits and letters read
    as ordinary ones (１０１ is 101: the tenant who types 101 finds it)."""
    parts = unicodedata.normalize("NFKC", text or "").replace("、", ",").split(",")
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def check_room_names(names: list[str]) -> None:
    if any(len(n) > 20 for n in names):
        raise ValidationError(_l("Each room name must be 20 characters or fewer"))
    if len(names) > MAX_ROOMS:
        raise ValidationError(_l("List at most 200 rooms"))


class PropertyForm(CommunityFields):
    road = TrimmedStringField(
        _l("Road, street or lane"), validators=[DataRequired(_l("Enter the road, street or lane")), short(60)]
    )
    number = TrimmedStringField(
        _l("Number or residential compound"), validators=[DataRequired(_l("Enter the number or compound")), short(30)]
    )
    building = TrimmedStringField(_l("Building (optional)"), validators=[Optional(), short(20)])
    unit = TrimmedStringField(_l("Unit (optional)"), validators=[Optional(), short(20)])
    rooms = TrimmedStringField(
        _l("Rooms you let (optional)"),
        description=_l("Separate them with commas, for example 101, 102, 201. Leave empty if you let the whole home."),
        validators=[Optional(), short(ROOMS_TEXT_LIMIT)],
    )
    landlord_phone = TrimmedStringField(
        _l("Your mobile phone number"),
        description=_l("Tenants can find your rental by this number."),
        validators=[DataRequired(_l("Enter your mobile phone number"))],
    )

    def room_names(self) -> list[str]:
        return room_names(self.rooms.data)

    def validate_rooms(self, field):
        check_room_names(self.room_names())


class RoomsForm(Form):
    """Rooms added to a registered rental (a room let since, or a whole home now let room by room): without them, a
    new tenant of that room could not name it (the report asks for one of the rooms listed)."""

    rooms = TrimmedStringField(
        _l("Rooms to add"),
        description=_l("Separate them with commas, for example 301, 302. The rooms already listed stay."),
        validators=[DataRequired(_l("Enter the rooms to add")), short(ROOMS_TEXT_LIMIT)],
    )

    def room_names(self) -> list[str]:
        return room_names(self.rooms.data)

    def validate_rooms(self, field):
        if not self.room_names():  # only commas
            raise ValidationError(_l("Enter the rooms to add"))
        check_room_names(self.room_names())
