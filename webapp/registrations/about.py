"""A report read by someone other than the person it is about (the head of a household reading a member's report,
staff): the same words, speaking of the person by name ("Li Ming needs to be registered by …") rather than to them
("You need to register by …"). One message per message of webapp/policy/explain.py, with a `%(name)s` more."""

from flask_babel import lazy_gettext as _l

from webapp.policy.engine import Decision
from webapp.policy.explain import moment, values_for
from webapp.registrations import lifecycle
from webapp.registrations.lifecycle import ReportStatus

#: explain.MESSAGES, speaking of the person (`name`).
MESSAGES_ABOUT = {
    "registration.not_migrant": _l(
        "%(name)s's hukou is registered in this area, so they do not need to register their residence here."
    ),
    "registration.commuter": _l(
        "%(name)s lives at their hukou address but works here for %(min_work)s or more, so they need to be "
        "registered by %(due)s."
    ),
    "registration.commuter_short": _l(
        "%(name)s lives at their hukou address and works here for less than %(min_work)s, so they do not need to "
        "register."
    ),
    "registration.commuter_not_covered": _l(
        "%(name)s lives at their hukou address and only works here, so they do not need to register."
    ),
    "registration.short_stay": _l("%(name)s does not need to register for a stay of less than %(min_stay)s."),
    "registration.exempt_hotel": _l(
        "%(name)s does not need to register: the hotel records their stay when they check in."
    ),
    "registration.exempt_hospital": _l(
        "%(name)s does not need to register while in hospital: the hospital records their stay."
    ),
    "registration.exempt_relatives": _l(
        "%(name)s does not need to register: they are staying for %(max_stay)s or less with relatives whose hukou "
        "is here."
    ),
    "registration.required": _l("%(name)s needs to be registered by %(due)s."),
    "permit.not_migrant": _l("%(name)s's hukou is registered in this area, so they do not need a residence permit."),
    "permit.commuter": _l("%(name)s lives at their hukou address, so they do not need a residence permit here."),
    "permit.short_stay": _l("%(name)s does not need a residence permit for a stay of less than %(min_stay)s."),
    "permit.exempt_reason": _l("%(name)s does not need a residence permit while here for %(reason)s."),
    "permit.exempt_study": _l(
        "Full-time students and trainees do not need a residence permit, so %(name)s does not need one."
    ),
    "permit.exempt_assistance_centre": _l(
        "%(name)s does not need a residence permit while staying at an assistance centre."
    ),
    "permit.age_max": _l("Residence permits here are for people under %(max_age)s, so %(name)s does not need one."),
    "permit.age_min": _l(
        "Residence permits here are for people aged %(min_age)s and over, so %(name)s does not need one for this stay."
    ),
    "permit.age_min_not_yet": _l(
        "A residence permit can be asked for %(name)s from %(from_date)s, when they turn %(min_age)s."
    ),
    "permit.eligible": _l("A residence permit can be asked for %(name)s now. It is valid for %(validity)s."),
    "permit.eligible_long": _l(
        "A residence permit can be asked for %(name)s now. Because %(ground)s, it is valid for %(validity)s."
    ),
    "permit.temporary": _l(
        "%(name)s gets a temporary residence permit with their registration. After %(full_after)s of living here "
        "with a stable home and a stable job, a full residence permit can be asked for them."
    ),
    "permit.temporary_full_on": _l(
        "%(name)s gets a temporary residence permit with their registration. From %(full_from)s a full residence "
        "permit can be asked for them."
    ),
    "permit.full": _l("A full residence permit can be asked for %(name)s now."),
    "permit.residence_too_short": _l(
        "A residence permit needs %(min_residence)s of living here. %(name)s is to stay for less, so they do not "
        "need one."
    ),
    "permit.no_condition": _l(
        "For a residence permit, %(name)s needs a stable job, a stable home, or a place in full-time study here. "
        "A job counts as stable with a labour contract for %(contract)s, a business licence held for %(licence)s, "
        "or social insurance paid here for %(insurance)s or more."
    ),
    "permit.residence_not_yet": _l(
        "A residence permit can be asked for %(name)s from %(from_date)s, after %(min_residence)s of living here."
    ),
    "permit.condition_not_yet": _l(
        "A residence permit can be asked for %(name)s from %(from_date)s, when their job here has lasted long "
        "enough to count as stable."
    ),
    "permit.eligible_endorsed": _l(
        "A residence permit can be asked for %(name)s now. It needs an endorsement every year, in the month before "
        "the anniversary of its issue."
    ),
    "permit.eligible_via_guardian": _l(
        "A parent or guardian can apply for a residence permit for %(name)s now. It needs an endorsement every "
        "year, in the month before the anniversary of its issue."
    ),
    "changes.not_required": _l(
        "%(name)s does not need to register here, so their changes do not need to be reported either."
    ),
    "changes.days": _l("If %(name)s's address or workplace changes, report it within %(deadline)s."),
    "changes.days_deregister": _l(
        "If %(name)s's address or workplace changes, report it within %(deadline)s. When they leave this county, "
        "report that too: it ends their registration here."
    ),
    "changes.days_within_area": _l(
        "If %(name)s's address or workplace changes, report it within %(deadline)s. If they move out of this county "
        "(all the districts of a city count as one place), they register again where they go, as on arrival."
    ),
    "changes.working_days": _l("If %(name)s's address or workplace changes, report it within %(deadline)s."),
    "changes.working_days_deregister": _l(
        "If %(name)s's address or workplace changes, report it within %(deadline)s. When they leave this county, "
        "report that too: it ends their registration here. A relative, the landlord or the employer can also "
        "report it."
    ),
}

#: explain.MOMENTS, speaking of the person.
MOMENTS_ABOUT = {
    "late": _l(
        "%(name)s needed to be registered by %(due)s. That day has passed, but they can still be registered now: "
        "the report will be accepted and marked as late."
    ),
    "sent": _l("%(name)s's residence was reported on %(sent)s. There is nothing more to do for now."),
    "sent_late": _l(
        "%(name)s's residence was reported on %(sent)s, after the deadline, so it is marked as late. It has been "
        "accepted."
    ),
    "permit_now": _l("Since %(from_date)s a residence permit can be asked for %(name)s."),
}

#: Coded values inside a message that speak to the person in explain.LABELS ("your family", "you own your home").
LABELS_ABOUT = {
    "reason": {"family": _l("their family")},
    "ground": {
        "labour_contract_with_insurance": _l("they have a labour contract with social insurance"),
        "business_licence": _l("they have a business licence"),
        "own_home": _l("they own their home"),
        "filed_rental": _l("the landlord has registered the rental"),
    },
}


def explain_about(decision: Decision, name: str, format_date, *, today=None, sent_on=None, late=None) -> str:
    """explain.explain, speaking of `name`: the decision in words for someone who reads it about that person."""
    values = values_for(decision, format_date)
    for param, words in LABELS_ABOUT.items():
        code = decision.params.get(param)
        if isinstance(code, str) and code in words:
            values[param] = str(words[code])
    values["name"] = name
    when = moment(decision, today, sent_on, late)
    if when is None:
        return str(MESSAGES_ABOUT[decision.rule]) % values
    if sent_on is not None:
        values["sent"] = format_date(sent_on)
    return str(MOMENTS_ABOUT[when]) % values


#: lifecycle's "what happens next", speaking of the person.
NEXT_STEPS_ABOUT = {
    ReportStatus.SUBMITTED: _l(
        "What happens next: the landlord or employer, if one was named, is asked to confirm %(name)s's report, and "
        "a coordinator may visit to check it."
    ),
    ReportStatus.CONFIRMED: _l("What happens next: a coordinator may visit to check %(name)s's report."),
    ReportStatus.VERIFIED: _l("%(name)s's report has been checked. Keep it up to date when they move or change jobs."),
    ReportStatus.CORRECTED: _l(
        "A coordinator corrected %(name)s's report at a visit: the table above shows what they changed. There is "
        "nothing more to do now."
    ),
}
DENIED_NEXT_STEP_ABOUT = _l(
    "The landlord or employer said part of %(name)s's report is not right: their answer is above. A coordinator "
    "will visit to check it. If something in the report is wrong, you can ask to correct it."
)


def next_step(report, name: str | None = None) -> str:
    """lifecycle.next_step; with `name`, speaking of that person (a household member's report read by the head)."""
    if name is None:
        return lifecycle.next_step(report)
    if lifecycle.next_step(report) == str(lifecycle.DENIED_NEXT_STEP):
        return str(DENIED_NEXT_STEP_ABOUT) % {"name": name}
    message = NEXT_STEPS_ABOUT.get(ReportStatus.of(report))
    return str(message) % {"name": name} if message is not None else ""


def reader_is_not(report, account) -> str | None:
    """The name of the person the report is about, when `account` is someone else (the head of their household, a
    coordinator, an officer): the page then speaks of them by name. None when they read their own."""
    person = report.person
    if person.account_id is not None and person.account_id == getattr(account, "id", None):
        return None
    return person.name
