"""The visit form used online without JavaScript (the offline page builds the same answers in the browser)."""

import uuid

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp import labels
from webapp.forms import Form, TrimmedStringField, choices, short
from webapp.registrations.lifecycle import EventAction
from webapp.visits.models import Outcome

OUTCOME_LABELS = [
    (Outcome.CONFIRMED.value, _l("Confirmed: everything is as reported")),
    (Outcome.CORRECTED.value, _l("Corrected: some details are different")),
    (Outcome.NOT_FOUND.value, _l("Not found at the address")),
    (Outcome.MOVED_OUT.value, _l("Moved out")),
    (Outcome.DECLINED.value, _l("Declined to take part")),
]

#: A visit's outcome in the words of the event it records on the report (everything as reported: "seen and
#: confirmed"), as a conflict to review shows it.
labels.register(
    "visit_outcome",
    {o: (EventAction.VERIFIED if o == Outcome.CONFIRMED else EventAction(o.value)).label for o in Outcome},
)

#: The note is shown to the resident on their report ("who said what"): coordinators are told so next to the field.
NOTES_HINT = _l("The resident will see this note on their report. Write only what you would say to them.")


class VisitForm(Form):
    client_id = HiddenField(default=lambda: uuid.uuid4().hex)
    seen_version = HiddenField()
    #: What the page showed (record.seen_of, as JSON): a conflict's review compares it with the report as it is then.
    #: Longer than a line (the longest report's details, in JSON): record.read_seen and the schema check the rest.
    seen = HiddenField(validators=[Optional(), short(4000)])
    outcome = RadioField(
        _l("What did you find?"),
        choices=choices(OUTCOME_LABELS),
        validators=[InputRequired(_l("Select what you found"))],
    )
    road = TrimmedStringField(_l("Road, street or lane"), validators=[Optional(), short(60)])
    number = TrimmedStringField(_l("Number or residential compound"), validators=[Optional(), short(30)])
    building = TrimmedStringField(_l("Building"), validators=[Optional(), short(20)])
    unit = TrimmedStringField(_l("Unit"), validators=[Optional(), short(20)])
    room = TrimmedStringField(_l("Room"), validators=[Optional(), short(20)])
    workplace = TrimmedStringField(_l("Workplace"), validators=[Optional(), short(120)])
    notes = TextAreaField(
        _l("Notes (optional)"),
        description=NOTES_HINT,
        validators=[Optional(), Length(max=1000, message=_l("Use 1000 characters or fewer"))],
    )

    def corrections(self, report) -> dict:
        """Only what differs from the report."""
        current = {
            "road": report.road,
            "number": report.number,
            "building": report.building,
            "unit": report.unit,
            "room": report.room,
            "workplace": report.employment.employer_name if report.employment else "",
        }
        return {
            name: getattr(self, name).data
            for name in current
            if getattr(self, name).data is not None and getattr(self, name).data != current[name]
        }


class RejectForm(Form):
    reason = TextAreaField(
        _l("Why is the report rejected?"),
        description=_l("The person sees this reason. Say what they can do, for example report their real address."),
        validators=[DataRequired(_l("Give the reason")), Length(max=500, message=_l("Use 500 characters or fewer"))],
    )


#: Why a coordinator may see a whole ID number (the audit log's reason codes; the person reads them in "who looked").
UNMASK_REASONS = [
    ("id: card check", _l("To compare it with the identity card at a visit")),
    ("id: correction", _l("To correct a mistake in the number with the person")),
    ("id: same person", _l("To check whether two records are the same person")),
]


class UnmaskForm(Form):
    """Shows the whole ID number once, for a stated reason (a POST: never in a URL), logged and shown to the person."""

    reason = RadioField(
        _l("Why do you need the whole ID number?"),
        choices=choices(UNMASK_REASONS),
        # The fieldset's hint: read with the choices, not skipped by a screen reader going from field to field.
        description=_l("The person will see that you looked and why."),
        validators=[InputRequired(_l("Select why you need the whole number"))],
    )
