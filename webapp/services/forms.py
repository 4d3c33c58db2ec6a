"""Forms for service requests: asking, messages, and an officer's decision."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp import labels
from webapp.forms import CheckboxesField, Form, choices
from webapp.services import statuses


class AskForm(Form):
    details = TextAreaField(
        _l("What do you need?"),
        # One hint for every service (a school place, a job, legal aid…): no example that fits only one of them.
        description=_l("A few words are enough: what you need, and for whom."),
        validators=[
            DataRequired(_l("Say what you need")),
            Length(max=2000, message=_l("Use 2000 characters or fewer")),
        ],
    )
    documents = CheckboxesField(_l("Documents to attach (you gave these before)"), validators=[Optional()], coerce=int)

    UPLOADS: tuple[str, ...] = ()


def ask_form_class(document_codes, *, with_county: bool) -> type[AskForm]:
    """The form for one service: a photo upload for each document it needs (the permit itself is not uploaded:
    the office sees it), and the county that should answer when the person has no current residence report."""
    uploads = tuple(code for code in document_codes if code != "permit")
    fields = {
        f"upload_{code}": FileField(
            labels.labels("document")[code], description=_l("Optional: a photo of it, if you have it with you.")
        )
        for code in uploads
    }
    if with_county:
        fields["county"] = SelectField(
            _l("Which county or district should answer?"),
            coerce=int,
            validators=[InputRequired(_l("Choose the county or district whose office should answer."))],
        )
    return type("AskFormFor", (AskForm,), {**fields, "UPLOADS": uploads})


class MessageForm(Form):
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(_l("Write a message")), Length(max=2000, message=_l("Use 2000 characters or fewer"))],
    )


class HandleForm(Form):
    """The officer's answer: the statuses the request may move to from its own (see statuses.MOVES)."""

    status = RadioField(_l("What happens now?"), validators=[InputRequired(_l("Select what happens now"))])
    reason = TextAreaField(
        _l("Note for the person (needed when refusing)"),
        validators=[Optional(), Length(max=1000, message=_l("Use 1000 characters or fewer"))],
    )

    def __init__(self, current_status: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status
        self.status.choices = choices((s.value, s.label) for s in statuses.next_statuses(current_status))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        refused = self.status.name in getattr(self, "_refused", {})  # a control character: that message stays
        if self.status.data and not refused and not statuses.may_move(self.current_status, self.status.data):
            # A page opened before another officer moved the request on (or a value the page never offered): said
            # instead of the field's own "Not a valid choice".
            self.status.errors = [_l("The request has moved on since this page was opened. Choose again.")]
            return False
        if statuses.needs_reason(self.status.data) and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _l("Give the reason for refusing")]
            return False
        return valid


class PhoneForm(Form):
    """Only a button: the officer asks to see the person's phone number, and that is logged."""


class WithdrawForm(Form):
    """Only a button, on the page that says what withdrawing means: the person confirms they withdraw the request.
    No reason is asked for (nothing the office needs)."""
