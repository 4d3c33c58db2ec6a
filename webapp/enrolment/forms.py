"""Forms staff use to make enrolment and recovery links."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from webapp import labels
from webapp.accounts.forms import visible
from webapp.accounts.roles import STAFF_ROLES
from webapp.forms import CheckboxesField, Form, TrimmedStringField, choices, short

#: The identity documents staff check in person (recovery of an account; named in the audit log's reasons).
labels.register(
    "id_document",
    {
        "resident_id": _l("Resident identity card"),
        "temporary_id": _l("Temporary resident identity card"),
        "household_register": _l("Household register (hukou booklet)"),
        "passport": _l("Passport"),
    },
)


class InviteForm(Form):
    display_name = TrimmedStringField(
        _l("Name of the person you are inviting"),
        validators=[
            DataRequired(_l("Enter the person's name")),
            Length(max=100, message=_l("Name must be 100 characters or fewer")),
        ],
    )
    role = SelectField(
        _l("Role"),
        choices=choices(labels.choices("role", STAFF_ROLES)),
        validators=[InputRequired(_l("Select a role"))],
    )
    # The place, chosen down the hierarchy (webapp/places/chooser.py), as deep as the role needs.
    city = SelectField(_l("City"), validate_choice=False)
    county = SelectField(_l("County or district"), validate_choice=False)
    township = SelectField(_l("Township or street"), validate_choice=False)
    community = SelectField(_l("Village or community"), validate_choice=False)
    department = SelectField(
        _l("Department (service officers only)"),
        choices=choices([("", _l("Not a service officer")), *labels.choices("department")]),
        validators=[Optional()],
    )


class RecoveryFindForm(Form):
    reference = TrimmedStringField(
        _l("Account reference"),
        description=_l("8 letters and numbers, shown on the person's account page, for example 4F7K-29QD."),
        filters=[lambda v: v.upper().replace("-", "").replace(" ", "") if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Enter the account reference")),
            Regexp(r"^[2-9A-HJ-NP-Z]{8}$", message=_l("An account reference has 8 letters and numbers")),
        ],
    )


class RecoveryIssueForm(RecoveryFindForm):
    document = SelectField(
        _l("Which identity document did you check?"),
        choices=choices(labels.choices("id_document")),
        validators=[InputRequired(_l("Select the document you checked"))],
    )
    checked_in_person = BooleanField(
        _l("I have seen this person and their document, and they are the account holder"),
        validators=[DataRequired(_l("Confirm that you checked the person's identity in person"))],
    )


class OrganisationFindForm(Form):
    """An organisation, by its unified social credit code (a public number, on its business licence)."""

    class Meta:
        csrf = False  # a search (GET), changes nothing

    code = TrimmedStringField(
        _l("Unified social credit code"),
        description=_l("18 characters, on the business licence."),
        validators=[DataRequired(_l("Enter the unified social credit code")), short(25)],
    )


class HandoverForm(Form):
    """An officer hands an organisation over to the person who really answers for it, after checking in person."""

    display_name = TrimmedStringField(
        _l("Name of the person who answers for the organisation"),
        description=_l("As on their identity card. They get a one-time link to answer for the organisation."),
        validators=[
            DataRequired(_l("Enter the person's name")),
            visible(_l("Enter the person's name")),
            short(100),
        ],
    )
    remove = CheckboxesField(
        _l("Who no longer answers for it"),
        description=_l("Those who set it up or joined without the right to. Each is told."),
        coerce=int,
        validate_choice=True,
    )
    checked = BooleanField(
        _l("I checked the business licence, and the identity of the person and their right to act for it, in person"),
        validators=[DataRequired(_l("Check the business licence and the person's identity in person first"))],
    )
