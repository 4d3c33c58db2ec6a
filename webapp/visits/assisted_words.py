"""Assisted registration, step two: the coordinator fills in the report of someone else, so the page speaks of
"this person", not to "you".

The report form (webapp/registrations/forms.py) and its checks (webapp/registrations/answers.py) are worded for the
resident, who reads them on their own phone: "When did you arrive at this address?", "Enter your landlord's rental
code…". Here each such word is given again about the resident, and `about_the_resident` puts them on the form the
coordinator reads (its labels, hints, choices and the errors of its checks). The resident's own pages keep theirs.
"""

import re
from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: Field -> (label, hint): None keeps the form's own.
LABELS = {
    "landlord": (
        _l("The landlord's rental code or mobile number"),
        _l(
            "The rental code is on the QR poster at the door, like 4F7K-29QD. No poster? Enter the landlord's mobile "
            "number. Needed if this person rents."
        ),
    ),
    "landlord_name": (
        _l("The landlord's name (if they are not on Xinju)"),
        _l("Needed when the landlord has no rental code yet. We ask the landlord to confirm when they join."),
    ),
    "arrival_date": (_l("When did this person arrive at this address?"), None),
    "stay_count": (
        _l("How long does this person plan to stay?"),
        _l(
            "A number of days, months or years from the day they arrived. If they only come here to work, how long "
            "they will work here."
        ),
    ),
    "stay_open": (_l("This person has no date to leave, or does not know yet"), None),
    "reason": (_l("Why is this person here?"), None),
    "commuter": (_l("This person still lives at their hukou address and only comes here to work"), None),
    "employer_name": (
        None,
        _l(
            "The name of the company or organisation this person works for here. Not needed if you give the unified "
            "social credit code of an employer on Xinju: the name is taken from there."
        ),
    ),
    "employer_uscc": (None, _l("18 characters, on the business licence. Helps find this person's employer.")),
    "resided_since": (
        _l("Since when has this person lived in this city? (optional)"),
        _l(
            "If they lived at another address in this city before this one, the day they first came to live in the "
            "city. Breaks of 30 days or less do not count. Leave it empty if they came on the day they arrived here."
        ),
    ),
    "work_proof": (
        _l("Does this person have a written labour contract or a business licence for their work here?"),
        None,
    ),
    "work_proof_since": (
        None,
        _l(
            "The day the contract started, or the date on the licence. Leave it empty if it was the day this person "
            "arrived."
        ),
    ),
    "insurance_months": (_l("For how many months has social insurance been paid for this person here?"), None),
    "full_time_study": (_l("Does this person study full time at a school, college or university here?"), None),
    "written_lease": (
        _l("Does this person have a written lease (tenancy contract) for their home here?"),
        _l("A rental with a written lease counts as a stable home. They bring the lease when they apply."),
    ),
}

#: Field -> {choice: words}, for the choices worded as the resident's own ("I rent it").
CHOICES = {
    "housing_type": {"rental": _l("This person rents it"), "own_home": _l("This person's own home")},
    "work_proof": {"business_licence": _l("A business licence of this person's own")},
}

#: The resident's words of an error (the same text as the form's or the check's, so the same translation) -> the
#: words about the resident. `%(name)s` parts are kept.
ERRORS = (
    ("Enter the date you arrived", _l("Enter the date this person arrived")),
    (
        "Enter how long you plan to stay, or tick “I have no date to leave”",
        _l("Enter how long this person plans to stay, or tick “This person has no date to leave”"),
    ),
    ("Select why you are here", _l("Select why this person is here")),
    ("Enter your landlord's rental code or mobile number", _l("Enter the landlord's rental code or mobile number")),
    ("Choose the village or community you live in", _l("Choose the village or community this person lives in")),
    (
        "Choose a room in your landlord's property: %(rooms)s",
        _l("Choose the room this person lives in, in the landlord's property: %(rooms)s"),
    ),
    (
        "Your landlord has more than one rental here: enter the rental code from the poster",
        _l("The landlord has more than one rental here: enter the rental code from the poster"),
    ),
    (
        "Your landlord is not on Xinju yet: enter their name, and we will ask them to confirm when they join",
        _l("The landlord is not on Xinju yet: enter their name, and we will ask them to confirm when they join"),
    ),
    (
        "We cannot find a rental with this code. Check it on the poster, or enter your landlord's mobile number",
        _l("We cannot find a rental with this code. Check it on the poster, or enter the landlord's mobile number"),
    ),
    (
        "Enter the rental code from the poster (8 letters and digits, like 4F7K-29QD) or your landlord's mobile "
        "number of 11 digits",
        _l(
            "Enter the rental code from the poster (8 letters and digits, like 4F7K-29QD) or the landlord's mobile "
            "number of 11 digits"
        ),
    ),
    (
        "The day you came to live in this city cannot be after the day you arrived at this address (%(date)s)",
        _l(
            "The day this person came to live in this city cannot be after the day they arrived at this address "
            "(%(date)s)"
        ),
    ),
)

_PART = re.compile(r"%\((\w+)\)s")


def _pattern(words: str) -> re.Pattern:
    """A resident's error as it reads in the page's language, its `%(name)s` parts matching any text."""
    pieces, last = [], 0
    for part in _PART.finditer(words):
        pieces.append(re.escape(words[last : part.start()]))
        pieces.append(f"(?P<{part.group(1)}>.*)")
        last = part.end()
    pieces.append(re.escape(words[last:]))
    return re.compile("".join(pieces), re.DOTALL)


def _about_the_resident(error: str, patterns) -> str:
    for pattern, words in patterns:
        found = pattern.fullmatch(str(error))
        if found:
            return str(words) % found.groupdict() if found.groupdict() else str(words)
    return error


def about_the_resident(form) -> None:
    """Word `form` (a report form with its errors, if any) about the resident, for the coordinator who fills it in."""
    for name, (label, hint) in LABELS.items():
        field = getattr(form, name, None)
        if field is None:
            continue
        if label is not None:
            field.label.text = label
        if hint is not None:
            field.description = hint
    for name, words in CHOICES.items():
        field = getattr(form, name, None)
        if field is not None:
            field.choices = [replace(c, label=words[c.value]) if c.value in words else c for c in field.choices]
    patterns = [(_pattern(_(original)), words) for original, words in ERRORS]
    for field in form:
        if field.errors:
            field.errors = [_about_the_resident(error, patterns) for error in field.errors]
