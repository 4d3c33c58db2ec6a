"""A landlord's or an employer's answer about one person: is this right, and have they left."""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from webapp import clock
from webapp.accounts.forms import has_visible
from webapp.forms import Form, choices


def has_words(text: str | None) -> bool:
    """Whether the text has a letter or a digit: a reason of emoji or punctuation alone ('😡😡', '???') says
    nothing the person or the coordinator could act on."""
    return any(unicodedata.category(c)[0] in "LN" for c in text or "")


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
        if self.answer.data == "deny" and not has_visible(self.reason.data):  # zero-width spaces say nothing
            self.reason.errors = [*self.reason.errors, _l("Say what is wrong")]
            return False
        if self.answer.data == "deny" and not has_words(self.reason.data):
            self.reason.errors = [*self.reason.errors, _l("Say what is wrong in words")]
            return False
        return valid


class LeftForm(Form):
    left_on = DateField(
        _l("When did they leave?"), format="%Y-%m-%d", validators=[InputRequired(_l("Enter the date they left"))]
    )

    def validate_left_on(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError(_l("The date cannot be in the future"))


class OfferForm(Form):
    """A tenant's or a worker's answer to a landlord or an organisation that joined with the number or code they
    gave: is it theirs?"""

    answer = RadioField(
        _l("Is this them?"),
        choices=choices([("accept", _l("Yes, it is")), ("decline", _l("No, it is not"))]),
        validators=[InputRequired(_l("Select yes or no"))],
    )
