"""Forms for creating an account and naming a passkey."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length

from webapp import labels
from webapp.accounts.roles import SELF_SERVICE_ROLES
from webapp.forms import CheckboxesField, Form, TrimmedStringField, choices


class SignupForm(Form):
    display_name = TrimmedStringField(
        _l("Your name"),
        description=_l("The name we use when we talk to you. You can use your full name or the name people call you."),
        validators=[
            DataRequired(_l("Enter your name")),
            Length(max=100, message=_l("Name must be 100 characters or fewer")),
        ],
    )
    roles = CheckboxesField(
        _l("What will you use Xinju for?"),
        description=_l("Select all that apply. You can add more later."),
        choices=choices(labels.choices("role", SELF_SERVICE_ROLES)),
        validators=[DataRequired(_l("Select at least one"))],
    )
