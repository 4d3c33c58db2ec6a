"""Forms for landlords: a rental property with its rooms."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from webapp.forms import TrimmedStringField, short
from webapp.places.forms import CommunityFields


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
        validators=[Optional(), Length(max=400, message=_l("Use 400 characters or fewer"))],
    )
    landlord_phone = TrimmedStringField(
        _l("Your mobile phone number"),
        description=_l("Tenants can find your rental by this number."),
        validators=[DataRequired(_l("Enter your mobile phone number"))],
    )

    def room_names(self) -> list[str]:
        parts = (self.rooms.data or "").replace("，", ",").replace("、", ",").split(",")
        return list(dict.fromkeys(p.strip() for p in parts if p.strip()))

    def validate_rooms(self, field):
        names = self.room_names()
        if any(len(n) > 20 for n in names):
            raise ValidationError(_l("Each room name must be 20 characters or fewer"))
        if len(names) > 200:
            raise ValidationError(_l("List at most 200 rooms"))
