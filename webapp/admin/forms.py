"""Forms for administrators."""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Regexp

from webapp.forms import Form, TrimmedStringField


def halfwidth(value):
    """Full-width letters, digits and hyphens as plain ones: a Chinese keyboard may type "３７０３…" or
    "ＡＢＣＤ－２３４５"."""
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


class AssignForm(Form):
    reference = TrimmedStringField(
        _l("Coordinator's account reference"),
        description=_l("8 characters, as on the staff list, for example ABCD-2345."),
        filters=[halfwidth],
        validators=[DataRequired(_l("Enter the coordinator's account reference"))],
    )
    community = TrimmedStringField(
        _l("Community code (12 digits)"),
        description=_l("Shown on the community's dashboard, under its name."),
        filters=[halfwidth],
        validators=[
            DataRequired(_l("Enter the community's 12-digit code")),
            Regexp(r"^\d{12}$", message=_l("Enter the 12-digit code of a village or community in your area.")),
        ],
    )
