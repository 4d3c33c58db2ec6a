"""Forms for creating an account and naming a passkey."""

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation

from webapp import labels
from webapp.accounts.roles import SELF_SERVICE_ROLES
from webapp.forms import CheckboxesField, Form, TrimmedStringField, choices

#: Characters one cannot see: format characters (zero-width spaces, joiners, a byte-order mark), spaces and controls;
#: and marks that only change the letter before them (an accent, a variation selector), which alone show nothing.
INVISIBLE = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Me"})
#: Letters and symbols drawn as blank space: the Hangul fillers and the blank Braille pattern.
BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible(text: str | None) -> bool:
    """Whether the text has a character one can see, not only invisible ones that strip() leaves."""
    return any(unicodedata.category(c) not in INVISIBLE and c not in BLANK for c in text or "")


def visible(message):
    """A validator: the text has a character one can see, not only invisible ones (zero-width spaces, joiners, a
    byte-order mark, ideographic spaces) that strip() leaves and that make a name look empty."""

    def check(form, field):
        if field.data and not has_visible(field.data):
            raise StopValidation(message)

    return check


class SignupForm(Form):
    display_name = TrimmedStringField(
        _l("Your name"),
        description=_l("The name we use when we talk to you. You can use your full name or the name people call you."),
        validators=[
            DataRequired(_l("Enter your name")),
            visible(_l("Enter your name")),
            Length(max=100, message=_l("Name must be 100 characters or fewer")),
        ],
    )
    roles = CheckboxesField(
        _l("What will you use Xinju for?"),
        description=_l("Select all that apply. You can add more later."),
        choices=choices(labels.choices("role", SELF_SERVICE_ROLES)),
        validators=[DataRequired(_l("Select at least one"))],
    )


#: Where each role added from the account page begins.
ROLE_START = {"migrant": "people.profile", "landlord": "rentals.new_property", "employer": "employers.setup"}


class AddRoleForm(Form):
    """Another self-service role for the signed-in account (the sign-up form says more can be added later)."""

    role = RadioField(
        _l("What else will you use Xinju for?"),
        validators=[InputRequired(_l("Select what you will use Xinju for"))],
    )

    def __init__(self, account=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        held = {str(role) for role in account.roles()} if account is not None else set()
        self.role.choices = choices(
            [(value, text) for value, text in labels.choices("role", SELF_SERVICE_ROLES) if value not in held]
        )


#: The longest name a person gives a passkey (shorter than the column: webapp/accounts/passkeys.NAME_LONGEST).
PASSKEY_NAME_LONGEST = 40


class PasskeyNameForm(Form):
    """A passkey's new name, one small form per passkey on the account page (prefixed with the passkey's id, so the
    page's fields never share an id)."""

    name = TrimmedStringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter a name for the passkey")),
            visible(_l("Enter a name for the passkey")),
            Length(
                max=PASSKEY_NAME_LONGEST,
                message=_l("Use %(max)d characters or fewer", max=PASSKEY_NAME_LONGEST),
            ),
        ],
    )
