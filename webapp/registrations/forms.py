"""The residence report form, and the change forms."""

import re
import uuid
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, RadioField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from webapp import clock
from webapp.forms import CheckboxesField, Form, TrimmedStringField, choices, not_too_old, short
from webapp.places.forms import CommunityFields
from webapp.registrations.choices import HOUSING_TYPES, REASONS, STAY_UNITS, WORK_PROOFS


def not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_l("The date cannot be in the future"))


class BlankIntegerField(IntegerField):
    """A whole number that may be left empty (then None), with its own messages in the form."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


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
        description=_l(
            "The rental code is on the QR poster at the door, like 4F7K-29QD. No poster? Enter your landlord's "
            "mobile number. Needed if you rent."
        ),
        validators=[Optional(), short(20)],
    )
    landlord_name = TrimmedStringField(
        _l("Your landlord's name (if they are not on Xinju)"),
        description=_l("Needed when your landlord has no rental code yet. We ask them to confirm when they join."),
        validators=[Optional(), short(60)],
    )


EMPLOYER_NAME_HINT = _l(
    "The name of the company or organisation you work for here. Not needed if you give the unified social credit "
    "code of an employer on Xinju: we take the name from there."
)


class WorkFields(Form):
    employer_name = TrimmedStringField(
        _l("Employer (optional)"),
        description=EMPLOYER_NAME_HINT,
        validators=[Optional(), short(120)],
    )
    employer_uscc = TrimmedStringField(
        _l("Employer's unified social credit code (optional)"),
        description=_l("18 characters, on the business licence. Helps us find your employer."),
        validators=[Optional(), short(25)],
    )


#: A planned stay longer than this is no plan to leave (a working life): the form asks to say so instead.
LONGEST_PLANNED_STAY_YEARS = 50


class ReportForm(AddressFields, WorkFields):
    #: The page asks where (the address fields, first), since when, how long and why, then the work.
    PAGE_ORDER = (
        "arrival_date", "arrival_confirmed", "stay_count", "stay_unit", "stay_open", "reason", "commuter",
        "employer_name", "employer_uscc",
    )  # fmt: skip
    arrival_date = DateField(
        _l("When did you arrive at this address?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you arrived")), not_in_future, not_too_old],
    )
    arrival_confirmed = BooleanField(_l("Yes, this date is right"))
    stay_count = BlankIntegerField(
        _l("How long do you plan to stay?"),
        description=_l(
            "A number of days, months or years from the day you arrived. If you only come here to work, "
            "how long you will work here."
        ),
    )
    stay_unit = RadioField(
        _l("Days, months or years"),
        choices=choices(STAY_UNITS),
        default="months",
        # No Optional(): it would stop validate_stay_unit too, and an empty unit sent with a number be accepted.
    )
    stay_open = BooleanField(_l("I have no date to leave, or I do not know yet"))
    reason = RadioField(
        _l("Why are you here?"), choices=choices(REASONS), validators=[InputRequired(_l("Select why you are here"))]
    )
    commuter = BooleanField(_l("I still live at my hukou address and only come here to work"))

    def validate_stay_count(self, field):
        if self.stay_open.data or field.errors:
            return
        if field.data is None:
            raise ValidationError(_l("Enter how long you plan to stay, or tick “I have no date to leave”"))
        if not 1 <= field.data <= 999:
            raise ValidationError(_l("Enter a number from 1 to 999"))
        months = {"years": 12 * field.data, "months": field.data}.get(self.stay_unit.data, 0)
        if months > 12 * LONGEST_PLANNED_STAY_YEARS:
            raise ValidationError(
                _l(
                    "Enter a stay of %(years)d years or less; for longer, tick “I have no date to leave”",
                    years=LONGEST_PLANNED_STAY_YEARS,
                )
            )

    def validate_stay_unit(self, field):
        if not self.stay_open.data and field.data not in ("days", "months", "years"):
            raise ValidationError(_l("Choose days, months or years"))


class PermitFactsForm(Form):
    """Page two of a report, asked only when the person's case needs it: what the permit rules count."""

    resided_since = DateField(
        _l("Since when have you lived in this city? (optional)"),
        description=_l(
            "If you lived at another address in this city before this one, the day you first came to live in the "
            "city. Breaks of 30 days or less do not count. Leave it empty if you came on the day you arrived here."
        ),
        format="%Y-%m-%d",
        validators=[Optional(), not_in_future, not_too_old],
    )
    work_proof = RadioField(
        _l("Do you have a written labour contract or a business licence for your work here?"),
        choices=choices(WORK_PROOFS),
        validators=[InputRequired(_l("Select whether you have a labour contract or a business licence"))],
    )
    work_proof_since = DateField(
        _l("Since when? (optional)"),
        description=_l(
            "The day the contract started, or the date on the licence. Leave it empty if it was the day you arrived."
        ),
        format="%Y-%m-%d",
        validators=[Optional(), not_in_future, not_too_old],
    )
    insurance_months = IntegerField(
        _l("For how many months has social insurance been paid for you here?"),
        description=_l("Pension, medical, work-injury or unemployment insurance paid in this city. 0 if none."),
        default=0,
        validators=[
            InputRequired(_l("Enter a number of months, 0 if none")),
            NumberRange(min=0, max=600, message=_l("Enter a number of months from 0 to 600")),
        ],
    )
    full_time_study = RadioField(
        _l("Do you study full time at a school, college or university here?"),
        choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[Optional()],
    )
    written_lease = RadioField(
        _l("Do you have a written lease (tenancy contract) for your home here?"),
        description=_l("A rental with a written lease counts as a stable home. Bring the lease when you apply."),
        choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[Optional()],  # left unanswered: no lease counted (as before the question was asked)
    )

    #: The day the person arrived at the address (page one's answer, given by the view).
    arrived_on: date | None = None

    def arrival(self) -> date | None:
        return self.arrived_on

    def validate_resided_since(self, field):
        arrived = self.arrival()
        if field.data and arrived and field.data > arrived:
            raise ValidationError(
                _l(
                    "The day you came to live in this city cannot be after the day you arrived at this address "
                    "(%(date)s)",
                    date=format_date(arrived, "long"),
                )
            )


class AssistedReportForm(ReportForm, PermitFactsForm):
    """A coordinator's report for someone without a smartphone: page one and the permit's facts on one page (those
    that do not apply stay empty)."""

    work_proof = RadioField(
        PermitFactsForm.work_proof.args[0], choices=choices(WORK_PROOFS), default="none", validators=[Optional()]
    )
    insurance_months = IntegerField(
        PermitFactsForm.insurance_months.args[0],
        description=PermitFactsForm.insurance_months.kwargs["description"],
        default=0,
        validators=[Optional(), NumberRange(min=0, max=600, message=_l("Enter a number of months from 0 to 600"))],
    )
    written_lease = RadioField(
        PermitFactsForm.written_lease.args[0],
        description=PermitFactsForm.written_lease.kwargs["description"],
        choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[Optional()],
    )

    PAGE_ORDER = (
        *ReportForm.PAGE_ORDER, "resided_since", "work_proof", "work_proof_since", "insurance_months",
        "full_time_study", "written_lease",
    )  # fmt: skip

    def arrival(self) -> date | None:
        return self.arrival_date.data


class MoveForm(AddressFields):
    PAGE_ORDER = ("moved_on", ...)  # the date first, then the new address

    moved_on = DateField(
        _l("When did you move?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you moved")), not_in_future, not_too_old],
    )


class NewJobForm(WorkFields):
    PAGE_ORDER = ("started_on", "employer_name", "employer_uscc")

    #: A new job has an employer: its name, or the code of one on Xinju (checked with the database, answers.py).
    employer_name = TrimmedStringField(
        _l("Your new employer"), description=EMPLOYER_NAME_HINT, validators=[Optional(), short(120)]
    )
    started_on = DateField(
        _l("When did you start the new job?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you started")), not_in_future, not_too_old],
    )


class LeaveForm(Form):
    left_on = DateField(
        _l("When did you leave?"),
        description=_l("Tell us once you have left: leaving ends your registration on that day."),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date you left"))],
    )
    confirm = BooleanField(
        _l("I am leaving this county and want to end my residence registration"),
        validators=[DataRequired(_l("Confirm that you are leaving"))],
    )

    def validate_left_on(self, field):
        # Not ahead: the registration (and any permit) would end at once, while the person still lives here.
        if field.data and field.data > clock.today():
            raise ValidationError(_l("You can tell us once you have left: the date cannot be in the future"))


class MemberReportForm(Form):
    """A household member registered at the head's address: only what differs from the head's own report.

    `client_id` is made when the page is shown (as a coordinator's visit form does): sent twice, the same report is
    stored once (residence_report.client_id is unique)."""

    client_id = HiddenField(default=lambda: uuid.uuid4().hex)

    arrival_date = DateField(
        _l("When did they start living at this address?"),
        format="%Y-%m-%d",
        validators=[InputRequired(_l("Enter the date they started living here")), not_in_future, not_too_old],
    )
    confirm = BooleanField(
        _l("They live with me at this address"),
        validators=[DataRequired(_l("Tick the box to say they live with you at this address"))],
    )


class FamilyMoveForm(Form):
    """After the head's move: who of the household moved with them (their choices: `moved` has the members' ids)."""

    client_id = HiddenField(default=lambda: uuid.uuid4().hex)
    moved = CheckboxesField(
        _l("Who moved with you?"),
        description=_l("Tick each one who now lives with you at the new address."),
        coerce=int,
        validate_choice=False,  # one moved already by the same send (a double tap) is no longer offered: left out
        validators=[DataRequired(_l("Tick who moved with you, or choose “Not now”"))],
    )


CLIENT_ID = re.compile(r"[0-9a-f]{32}")


def client_id_of(form) -> str | None:
    """The id the form's page made, or None when it is missing or not one the page makes (a request made by hand)."""
    value = form.client_id.data or ""
    return value if CLIENT_ID.fullmatch(value) else None
