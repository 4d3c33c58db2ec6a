"""The profile and household forms, and the helpers other packages' forms of a person share (the assisted
registration of a visit). Checks live in webapp.people.reference and rules; messages here."""

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from webapp import clock, labels
from webapp.forms import Form, TrimmedStringField, choices
from webapp.people import reference, rules
from webapp.people.models import Person
from webapp.people.rules import check_identity

SEXES = [("female", _l("Female")), ("male", _l("Male"))]
#: Who a household member is to the account holder ("self": the holder, as shown on the household page). A household
#: (户) as families live: besides husband or wife and children, the parents and parents-in-law, grandparents,
#: grandchildren, brothers and sisters, a son's wife or a daughter's husband (stored in person.relation, 10 letters).
RELATIONS = {
    "spouse": _l("Husband or wife"),
    "child": _l("Child"),
    "parent": _l("Father or mother"),
    "parent_law": _l("Father-in-law or mother-in-law"),
    "gparent": _l("Grandparent"),
    "grandchild": _l("Grandchild"),
    "sibling": _l("Brother or sister"),
    "child_law": _l("Son-in-law or daughter-in-law"),
    "other": _l("Another relative"),
}
labels.register("relation", {**RELATIONS, "self": _l("You")})

#: Said next to the date of birth of a member who must be younger, or older, than the account holder
#: (rules.born_in_order).
BIRTH_ORDER_ERRORS = {
    "child": _l("A child's date of birth must be after yours"),
    "grandchild": _l("A grandchild's date of birth must be after yours"),
    "parent": _l("A father's or mother's date of birth must be before yours"),
    "gparent": _l("A grandparent's date of birth must be before yours"),
}

ID_ERRORS = {
    "format": _l("An ID number has 18 digits, or 17 digits and an X"),
    "checksum": _l("This ID number is not right: check each digit"),
    "birth_date": _l("The date of birth inside this ID number is not a real date"),
    "region": _l("The first 6 digits of this ID number are not a known place"),
    "birth_date_mismatch": _l("The ID number's date of birth does not match the date of birth you gave"),
    "taken": _l(
        "This ID number is already registered. If it is yours, ask your coordinator or community service "
        "station to help you recover your account"
    ),
}

#: On the household form, the number is someone else's, not the person's own: no account of theirs to recover.
MEMBER_TAKEN = _l(
    "Someone with this ID number is already registered on Xinju, so they cannot be added here. Check the number; "
    "if it is right, ask your coordinator or community service station to help"
)
#: On the household form, the number is the account holder's own: they head the list, and are not added to it.
MEMBER_OWN = _l(
    "This is your own ID number: you are already on your household list. Enter the ID number of the family member "
    "you are adding"
)


#: Said next to an identity detail typed differently once a report or permit holds it (rules.identity_locked).
LOCKED_ERRORS = {
    "name": _l(
        "Your name is on your residence report, so it cannot be changed here. If it is wrong, ask public security "
        "to correct it with the link on this page"
    ),
    "birth_date": _l(
        "Your date of birth is on your residence report, so it cannot be changed here. If it is wrong, ask public "
        "security to correct it with the link on this page"
    ),
    "id_number": _l(
        "Your ID number is on your residence report, so it cannot be changed here. If it is wrong, ask public "
        "security to correct it with the link on this page"
    ),
}


def not_in_future(form, field):
    if field.data and field.data > clock.today():
        raise ValidationError(_l("Date of birth must be in the past"))
    if field.data and field.data.year < 1900:
        raise ValidationError(_l("Date of birth must be after 1900"))


class IdentityFields(Form):
    name = TrimmedStringField(
        _l("Full name"),
        description=_l("As on the identity card."),
        validators=[
            DataRequired(_l("Enter the full name")),
            Length(max=100, message=_l("Name must be 100 characters or fewer")),
        ],
    )
    sex = RadioField(_l("Sex"), choices=choices(SEXES), validators=[InputRequired(_l("Select female or male"))])
    ethnicity = SelectField(_l("Ethnic group"), validators=[DataRequired(_l("Select the ethnic group"))])
    birth_date = DateField(
        _l("Date of birth"),
        validators=[InputRequired(_l("Enter the date of birth")), not_in_future],
        format="%Y-%m-%d",
    )
    id_number = TrimmedStringField(_l("Resident ID number"), description=_l("18 characters, on the identity card."))


class ProfileForm(IdentityFields):
    #: Optional, as the privacy notice says: no residence rule needs it (it is only for contact about requests).
    phone = TrimmedStringField(
        _l("Mobile phone number (optional)"),
        description=_l("11 digits. We use it only to contact you about your requests."),
        validators=[Optional()],
    )
    hukou_province = SelectField(_l("Province"), validate_choice=False)
    hukou_city = SelectField(_l("City"), validate_choice=False)
    hukou_county = SelectField(_l("County or district"), validate_choice=False)


class MemberForm(IdentityFields):
    relation = RadioField(
        _l("Who is this?"),
        choices=choices(labels.choices("relation", tuple(RELATIONS))),
        validators=[InputRequired(_l("Select who this is"))],
    )
    #: A child under 14: the parent's or guardian's separate consent (PIPL art. 31; webapp/privacy).
    guardian_consent = BooleanField(
        _l("I am this child's parent or guardian, and I agree that their information is kept for their registration"),
        description=_l("Needed for a child under 14. See the privacy notice."),
    )


def set_optional(field) -> None:
    field.validators = [Optional()]


HUKOU_FIELDS = ("hukou_province", "hukou_city", "hukou_county")


def ethnic_choices():
    zh = str(get_locale()) == "zh"
    return choices((g.code, g.name_zh if zh else g.name_en) for g in reference.ethnic_groups())


def hukou_children(parent):
    return [(d.code, d.name) for d in reference.children(parent)]


def identity_valid(
    form, person: Person | None, required: bool, claimable: bool = False, messages: dict | None = None
) -> bool:
    """Run the form's own checks, then the ID number's (validity, birth date, one person per number; `claimable`:
    a number on a record someone else entered may be taken, see people/placeholders.py). `messages`: the form's own
    words for some errors (by code), instead of ID_ERRORS'."""
    valid = form.validate()
    if not form.id_number.data:
        if required:
            form.id_number.errors = [_("Enter the resident ID number")]
            return False
        return valid
    number, error = check_identity(form.id_number.data, form.birth_date.data, person=person, claimable=claimable)
    if error:
        form.id_number.errors = [*form.id_number.errors, str((messages or {}).get(error, ID_ERRORS[error]))]
        return False
    form.id_number.data = number
    return valid


def keep_locked_identity(form, person: Person) -> bool:
    """Check the form of a person whose identity details are locked (rules.identity_locked): the name, date of
    birth and ID number stay the record's; one typed differently (a page open since before the report, or a
    request made by hand) gets its message next to the field, and the form is not accepted, so nothing is saved
    and what was typed in the other fields is shown again. True when the rest of the form is valid."""
    typed = {name: (form[name].raw_data or [None])[0] for name in rules.IDENTITY_DETAILS}
    changes = rules.identity_changes(person, **typed)
    form.validate()
    for name in rules.IDENTITY_DETAILS:
        form[name].errors = [str(LOCKED_ERRORS[name])] if name in changes else []
    form.name.data, form.birth_date.data, form.id_number.data = person.name, person.birth_date, person.id_number
    return not any(field.errors for field in form)
