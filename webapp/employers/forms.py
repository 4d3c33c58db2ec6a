"""Forms for employers: the organisation, a hire, a departure."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from webapp import clock
from webapp.accounts.forms import visible
from webapp.forms import Form, TrimmedStringField, not_too_old, short
from webapp.places.forms import CommunityFields


def not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_l("The date cannot be in the future"))


class EmployerPlaceForm(CommunityFields):
    """Where the organisation is: its workers count towards a service station there (more than 100)."""


class EmployerForm(EmployerPlaceForm):
    #: The page asks the name and the code first, then where (the place's fields are declared first, by the mixin):
    #: the error summary lists its errors in that order.
    PAGE_ORDER = ("name", "uscc", ...)

    name = TrimmedStringField(
        _l("Name of the organisation"),
        description=_l("As on the business licence."),
        validators=[
            DataRequired(_l("Enter the name of the organisation")),
            visible(_l("Enter the name of the organisation")),
            short(120),
        ],
    )
    uscc = TrimmedStringField(
        _l("Unified social credit code"),
        description=_l("18 characters, on the business licence."),
        validators=[DataRequired(_l("Enter the unified social credit code")), short(25)],
    )


class HireForm(Form):
    name = TrimmedStringField(
        _l("Worker's full name"),
        validators=[DataRequired(_l("Enter the worker's name")), visible(_l("Enter the worker's name")), short(100)],
    )
    id_number = TrimmedStringField(
        _l("Worker's resident ID number"), validators=[DataRequired(_l("Enter the worker's ID number")), short(25)]
    )
    started_on = DateField(
        _l("First day of work"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the first day of work")), not_in_future, not_too_old],
    )


class ColleagueForm(Form):
    """A colleague to answer for the organisation too: named here, they join with a one-time link."""

    display_name = TrimmedStringField(
        _l("Your colleague's name"),
        description=_l("Their account will be shown under this name to you and to the workers they answer."),
        validators=[
            DataRequired(_l("Enter your colleague's name")),
            visible(_l("Enter your colleague's name")),
            short(100),
        ],
    )
