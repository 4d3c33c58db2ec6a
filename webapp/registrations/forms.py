"""The residence report form, and the change forms."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webapp import clock
from webapp.forms import Form, TrimmedStringField, choices
from webapp.places.forms import CommunityFields
from webapp.registrations.choices import HOUSING_TYPES, INTENDED_STAYS, REASONS


def not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_l("The date cannot be in the future"))


def not_too_old(form, field):
    if field.data and field.data < clock.today() - timedelta(days=366 * 20):
        raise ValidationError(_l("The date must be within the last 20 years"))


def short(limit: int):
    return Length(max=limit, message=_l("Use %(max)d characters or fewer", max=limit))


class AddressFields(CommunityFields):
    road = TrimmedStringField(
        _l("Road, street or lane"),
        description=_l("For example 人民路 or 新华街 3巷"),
        validators=[DataRequired(_l("Enter the road, street or lane")), short(60)],
    )
    number = TrimmedStringField(
        _l("Number or residential compound"),
        description=_l("For example 18号 or 阳光小区"),
        validators=[DataRequired(_l("Enter the number or compound")), short(30)],
    )
    building = TrimmedStringField(_l("Building (optional)"), validators=[Optional(), short(20)])
    unit = TrimmedStringField(_l("Unit (optional)"), validators=[Optional(), short(20)])
    room = TrimmedStringField(_l("Room (optional)"), validators=[Optional(), short(20)])
    housing_type = RadioField(
        _l("What kind of place is it?"),
        choices=choices(HOUSING_TYPES),
        validators=[InputRequired(_l("Select what kind of place it is"))],
    )
    landlord = TrimmedStringField(
        _l("Your landlord's rental code or mobile number"),
        description=_l("The rental code is on the QR poster at the door, like 4F7K-29QD. Needed if you rent."),
        validators=[Optional(), short(20)],
    )


class WorkFields(Form):
    employer_name = TrimmedStringField(
        _l("Employer (optional)"),
        description=_l("The name of the company or organisation you work for here."),
        validators=[Optional(), short(120)],
    )
    employer_uscc = TrimmedStringField(
        _l("Employer's unified social credit code (optional)"),
        description=_l("18 characters, on the business licence. Helps us find your employer."),
        validators=[Optional(), short(25)],
    )


class ReportForm(AddressFields, WorkFields):
    arrival_date = DateField(
        _l("When did you arrive at this address?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you arrived")), not_in_future, not_too_old],
    )
    intended_stay = RadioField(
        _l("How long do you plan to stay?"),
        choices=choices((code, text) for code, text, _days in INTENDED_STAYS),
        validators=[InputRequired(_l("Select how long you plan to stay"))],
    )
    reason = RadioField(
        _l("Why are you here?"), choices=choices(REASONS), validators=[InputRequired(_l("Select why you are here"))]
    )
    commuter = BooleanField(_l("I still live at my hukou address and only come here to work"))


class MoveForm(AddressFields):
    moved_on = DateField(
        _l("When did you move?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you moved")), not_in_future, not_too_old],
    )


class NewJobForm(WorkFields):
    started_on = DateField(
        _l("When did you start the new job?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you started")), not_in_future, not_too_old],
    )


class LeaveForm(Form):
    left_on = DateField(
        _l("When did you leave, or when will you leave?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you left"))],
    )
    confirm = BooleanField(
        _l("I am leaving this county and want to end my residence registration"),
        validators=[DataRequired(_l("Confirm that you are leaving"))],
    )

    def validate_left_on(self, field):
        if field.data and field.data > clock.today() + timedelta(days=30):
            raise ValidationError(_l("You can report leaving up to 30 days ahead"))
