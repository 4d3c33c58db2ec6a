"""Forms for landlords: a rental property with its rooms, and answers about tenants."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webapp import clock
from webapp.forms import Form, TrimmedStringField, choices
from webapp.places.forms import CommunityFields
from webapp.registrations.forms import short


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


class AnswerForm(Form):
    answer = RadioField(
        _l("Is this right?"),
        choices=choices([("confirm", _l("Yes, this is right")), ("deny", _l("No, this is not right"))]),
        validators=[InputRequired(_l("Select yes or no"))],
    )
    reason = TextAreaField(
        _l("If not, what is wrong?"),
        description=_l("The person and the coordinator will see this."),
        validators=[Optional(), Length(max=300, message=_l("Use 300 characters or fewer"))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Not an inline validator: Optional() on the field would skip it when the box is empty.
        if self.answer.data == "deny" and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _l("Say what is wrong")]
            return False
        return valid


class LeftForm(Form):
    left_on = DateField(
        _l("When did they leave?"), format="%Y-%m-%d", validators=[InputRequired(_l("Enter the date they left"))]
    )

    def validate_left_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The date cannot be in the future"))
