"""Forms for landlords: a rental property with its rooms, and rooms added later."""

import re
import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

from webapp.forms import Form, TrimmedStringField, short
from webapp.people import reference
from webapp.places.address import stored_part
from webapp.places.forms import CommunityFields

#: The rooms field takes up to MAX_ROOMS names of up to 20 characters (a dormitory's "A-1201, A-1202, …"): 400
#: characters, the limit before, held about 80 such names while the form said "at most 200 rooms".
MAX_ROOMS = 200
ROOMS_TEXT_LIMIT = 2000
#: The longest room name (the column, rentals/models.py: Room.name).
ROOM_NAME_LIMIT = 20
#: What separates room names: commas (a full-width ， is one after NFKC), 、, semicolons and runs of spaces (the
#: full-width space too). A room name therefore holds no space: "A座1201", not "A座 1201" (two rooms).
_SEPARATORS = re.compile(r"[,、;\s]+")
#: Marks a room name may hold besides letters (Chinese characters are letters) and digits: 3-501, 2/101, 5#302.
ROOM_MARKS = "-/#"


def room_names(text: str | None) -> list[str]:
    """The names typed, split at commas (full-width and 、 too), semicolons and spaces, each once, with full-width
    digits and letters read as ordinary ones (１０１ is 101: the tenant who types 101 finds it), and each as a
    tenant's report stores a room (stored_part: "101室" is 101, shown as 101室), so one room is never listed twice."""
    parts = _SEPARATORS.split(unicodedata.normalize("NFKC", text or ""))
    return list(dict.fromkeys(stored_part("room", p) for p in parts if p))


def usable_room_name(name: str) -> bool:
    """Letters (Chinese too), digits and - / # only: "501", "3-501", "A座1201", "东边房"; no emoji, brackets or
    other marks (a tenant could not type them to find the room)."""
    return all(unicodedata.category(c)[0] == "L" or unicodedata.category(c) == "Nd" or c in ROOM_MARKS for c in name)


def _shown(name: str) -> str:
    """A refused entry as the message names it: a long one cut short."""
    return name if len(name) <= ROOM_NAME_LIMIT + 5 else name[:ROOM_NAME_LIMIT] + "…"


def check_room_names(names: list[str]) -> None:
    unusable = next((n for n in names if not usable_room_name(n)), None)
    if unusable is not None:
        raise ValidationError(  # gettext, not lazy: a lazy string is Markup to Jinja, and the name was typed
            _(
                "“%(room)s” cannot be a room name: use only letters, numbers and the marks - / #, and separate "
                "rooms with commas or spaces",
                room=_shown(unusable),
            )
        )
    too_long = next((n for n in names if len(n) > ROOM_NAME_LIMIT), None)
    if too_long is not None:
        raise ValidationError(
            _("Each room name must be 20 characters or fewer: “%(room)s” is longer", room=_shown(too_long))
        )
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
        description=_l(
            "Separate them with commas or spaces, for example 101, 102, 3-201. A room name has no spaces in it: "
            "write A座1201, not A座 1201. Leave empty if you let the whole home."
        ),
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
        description=_l(
            "Separate them with commas or spaces, for example 301, 302. A room name has no spaces in it. The rooms "
            "already listed stay."
        ),
        validators=[DataRequired(_l("Enter the rooms to add")), short(ROOMS_TEXT_LIMIT)],
    )

    def room_names(self) -> list[str]:
        return room_names(self.rooms.data)

    def validate_rooms(self, field):
        if not self.room_names():  # only commas or spaces
            raise ValidationError(_l("Enter the rooms to add"))
        check_room_names(self.room_names())


class RemoveRoomForm(Form):
    """A room listed by mistake, or no longer let: only a room no tenant has named (their records name it)."""

    room = SelectField(
        _l("Room to remove"),
        description=_l("Rooms a tenant has named stay listed: their records name them."),
        coerce=int,
        validators=[InputRequired(_l("Choose the room to remove"))],
    )

    def __init__(self, removable, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.room.choices = [(room.id, room.name) for room in removable]


class PhoneForm(Form):
    """The mobile number tenants find the rental by, changed."""

    landlord_phone = TrimmedStringField(
        _l("Your mobile phone number"),
        description=_l("Tenants can find your rental by this number."),
        validators=[DataRequired(_l("Enter your mobile phone number"))],
    )

    def validate_landlord_phone(self, field):
        phone, error = reference.check_mobile(field.data or "")
        if error:
            raise ValidationError(_("Enter a mobile number of 11 digits, like 138 0000 0000"))
        field.data = phone
