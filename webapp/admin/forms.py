"""Forms for administrators."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Regexp

from webapp.forms import Form, TrimmedStringField


class AssignForm(Form):
    reference = TrimmedStringField(
        _l("Coordinator's account reference"),
        description=_l("8 characters, as on the staff list, for example ABCD-2345."),
        validators=[DataRequired(_l("Enter the coordinator's account reference"))],
    )
    community = TrimmedStringField(
        _l("Community code (12 digits)"),
        description=_l("Shown on the community's dashboard, under its name."),
        validators=[
            DataRequired(_l("Enter the community's 12-digit code")),
            Regexp(r"^\d{12}$", message=_l("Enter the 12-digit code of a village or community in your area.")),
        ],
    )
