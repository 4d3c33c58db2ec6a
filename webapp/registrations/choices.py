"""The answers a residence report offers, with their labels. The policy engine speaks these same codes."""

from flask_babel import lazy_gettext as _l

HOUSING_TYPES = [
    ("rental", _l("I rent it")),
    ("dormitory", _l("Employer's dormitory")),
    ("own_home", _l("My own home")),
    # Close relatives with a local hukou: Zhejiang exempts a short stay with them (engine, relatives_max); friends,
    # or relatives who are migrants themselves, are "somewhere else".
    ("relatives", _l("With close relatives who hold a hukou here")),
    ("hotel", _l("Hotel or guesthouse")),
    ("hospital", _l("In hospital")),
    # The rules name it (webapp/policy/profiles.py): in Shandong, no residence permit while there (DOMAIN §1).
    ("assistance_centre", _l("In an assistance centre")),
    ("other", _l("Somewhere else (with friends, for example)")),
]

#: The same kinds of place as read on a report, by anyone (the head reading a member's, staff): the form's choices
#: are the resident's own words ("I rent it"), these speak of no one.
HOUSING_LABELS = {
    **dict(HOUSING_TYPES),
    "rental": _l("Rented"),
    "own_home": _l("Own home"),
    "relatives": _l("With close relatives who hold a hukou here"),
    "other": _l("Somewhere else"),
}

#: The units a planned stay is told in: a number of days, months or years from the arrival date.
STAY_UNITS = [("days", _l("days")), ("months", _l("months")), ("years", _l("years"))]
#: What the person has for their work here (what makes a job count as stable).
WORK_PROOFS = [
    ("labour_contract", _l("A written labour contract")),
    ("business_licence", _l("A business licence of my own")),
    ("none", _l("Neither")),
]

#: What the person has for their work, as read on a report (see HOUSING_LABELS).
WORK_PROOF_LABELS = {**dict(WORK_PROOFS), "business_licence": _l("A business licence of their own")}

REASONS = [
    ("work", _l("Work")),
    ("business", _l("Running a business")),
    ("business_trip", _l("A business trip")),
    ("study", _l("Study or training")),
    ("family", _l("Living with family")),
    ("medical", _l("Medical care")),
    ("visit", _l("Visiting family or friends")),
    ("tourism", _l("Tourism")),
    ("other", _l("Something else")),
]

CLAIM_LABELS = {
    "pending": _l("Waiting for an answer"),
    "confirmed": _l("Confirmed"),
    "denied": _l("Denied"),
    "unlinked": _l("Employer not on Xinju yet"),
}
END_REASONS = {
    "move": _l("Moved to a new address"),
    "new_job": _l("Changed job"),
    "deregistered": _l("Left the county"),
    "moved_out": _l("Moved out, seen by a coordinator"),
}
