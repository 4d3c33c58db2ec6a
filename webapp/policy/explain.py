"""What each policy decision means, in plain words addressed to the person: one message per rule id.

Messages are lazy (`_l`), so they are translated into the person's language when shown. Their `%(name)s`
placeholders are filled from the decision's params, its `due` and its `from_date`. Dates come formatted by the
caller's `format_date` (e.g. flask_babel.format_date), coded values (a reason, a ground) as translated labels.
Profile names come from the profile data (`name_zh`, `name_en`), not from here.
"""

import re
from collections.abc import Callable, Mapping
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from webapp.policy.engine import Decision
from webapp.policy.profiles import Period, Profile

MESSAGES = {
    "registration.not_migrant": _l(
        "Your hukou is registered in this area, so you do not need to register your residence here."
    ),
    "registration.commuter": _l(
        "You live at your hukou address but work here for %(min_work)s or more, so you need to register by %(due)s."
    ),
    "registration.commuter_short": _l(
        "You live at your hukou address and work here for less than %(min_work)s, so you do not need to register."
    ),
    "registration.commuter_not_covered": _l(
        "You live at your hukou address and only work here, so you do not need to register."
    ),
    "registration.short_stay": _l("You do not need to register for a stay of less than %(min_stay)s."),
    "registration.exempt_hotel": _l("You do not need to register: the hotel records your stay when you check in."),
    "registration.exempt_hospital": _l(
        "You do not need to register while you are in hospital: the hospital records your stay."
    ),
    "registration.exempt_relatives": _l(
        "You do not need to register: you are staying for %(max_stay)s or less with relatives whose hukou is here."
    ),
    "registration.required": _l("You need to register your residence by %(due)s."),
    "permit.not_migrant": _l("Your hukou is registered in this area, so you do not need a residence permit."),
    "permit.commuter": _l("You live at your hukou address, so you do not need a residence permit here."),
    "permit.short_stay": _l("You do not need a residence permit for a stay of less than %(min_stay)s."),
    "permit.exempt_reason": _l("You do not need a residence permit while you are here for %(reason)s."),
    "permit.exempt_study": _l("Full-time students and trainees do not need a residence permit."),
    "permit.exempt_assistance_centre": _l(
        "You do not need a residence permit while you are staying at an assistance centre."
    ),
    "permit.age_max": _l("Residence permits here are for people under %(max_age)s, so you do not need one."),
    "permit.age_min": _l(
        "Residence permits here are for people aged %(min_age)s and over, so you do not need one for this stay."
    ),
    "permit.age_min_not_yet": _l("You can apply for a residence permit from %(from_date)s, when you turn %(min_age)s."),
    "permit.eligible": _l("You can apply for a residence permit now. It is valid for %(validity)s."),
    "permit.eligible_long": _l(
        "You can apply for a residence permit now. Because %(ground)s, it is valid for %(validity)s."
    ),
    "permit.temporary": _l(
        "You will get a temporary residence permit when you register. After %(full_after)s "
        "of living here with a stable home and a stable job, you can apply for a full residence permit."
    ),
    "permit.temporary_full_on": _l(
        "You will get a temporary residence permit when you register. "
        "From %(full_from)s you can apply for a full residence permit."
    ),
    "permit.full": _l("You can apply for a full residence permit now."),
    "permit.residence_too_short": _l(
        "A residence permit needs %(min_residence)s of living here. You plan to stay for less, so you do not need one."
    ),
    "permit.no_condition": _l(
        "To get a residence permit you need a stable job, a stable home, or a place in full-time study here. "
        "A job counts as stable with a labour contract for %(contract)s, a business licence held for %(licence)s, "
        "or social insurance paid here for %(insurance)s or more."
    ),
    "permit.residence_not_yet": _l(
        "You can apply for a residence permit from %(from_date)s, after %(min_residence)s of living here."
    ),
    "permit.condition_not_yet": _l(
        "You can apply for a residence permit from %(from_date)s, when your job here has lasted long enough to "
        "count as stable."
    ),
    "permit.eligible_endorsed": _l(
        "You can apply for a residence permit now. It needs an endorsement every year, "
        "in the month before the anniversary of its issue."
    ),
    "permit.eligible_via_guardian": _l(
        "Your parent or guardian can apply for a residence permit for you now. It needs an endorsement "
        "every year, in the month before the anniversary of its issue."
    ),
    "changes.not_required": _l("You do not need to register here, so you do not need to report changes either."),
    "changes.days": _l("If your address or workplace changes, report it within %(deadline)s."),
    "changes.days_deregister": _l(
        "If your address or workplace changes, report it within %(deadline)s. "
        "When you leave this county, report that too: it ends your registration here."
    ),
    "changes.days_within_area": _l(
        "If your address or workplace changes, report it within %(deadline)s. If you move out of this county (all "
        "the districts of a city count as one place), register again where you go, as when you arrived."
    ),
    "changes.working_days": _l("If your address or workplace changes, report it within %(deadline)s."),
    "changes.working_days_deregister": _l(
        "If your address or workplace changes, report it within %(deadline)s. "
        "When you leave this county, report that too: it ends your registration here. "
        "A relative, your landlord or your employer can also report it."
    ),
}

# Coded param values shown inside a message, by param name.
LABELS = {
    "reason": {
        "work": _l("work"),
        "business_trip": _l("a business trip"),
        "business": _l("running a business"),
        "study": _l("study"),
        "family": _l("your family"),
        "medical": _l("medical treatment"),
        "visit": _l("a family visit"),
        "tourism": _l("tourism"),
        "other": _l("another reason"),
    },
    "ground": {
        "labour_contract_with_insurance": _l("you have a labour contract with social insurance"),
        "business_licence": _l("you have a business licence"),
        "own_home": _l("you own your home"),
        "filed_rental": _l("your landlord has registered the rental"),
    },
}

#: The registration decision at other moments: its last day already past (before sending), and once sent.
MOMENTS = {
    "late": _l(
        "You needed to register by %(due)s. That day has passed, but you can still register now: "
        "your report will be accepted and marked as late."
    ),
    "sent": _l("You reported your residence on %(sent)s. There is nothing more to do for now."),
    "sent_late": _l(
        "You reported your residence on %(sent)s, after the deadline, so it is marked as late. It has been accepted."
    ),
    # A permit decision that said "from such a day" (stored with the report), read on or after that day.
    "permit_now": _l("Since %(from_date)s you can apply for a residence permit."),
}

#: Permit decisions that name the day from which the person can apply (their `from_date`).
NOT_YET = {"permit.age_min_not_yet", "permit.residence_not_yet", "permit.condition_not_yet"}

SOURCE = _l("From: %(profile)s")

# Decisions stored before periods had units name them by count: the name they have now, and the unit.
LEGACY = {
    "min_stay_days": ("min_stay", "days"),
    "min_work_days": ("min_work", "days"),
    "max_days": ("max_stay", "days"),
    "min_residence_days": ("min_residence", "days"),
    "full_after_years": ("full_after", "years"),
}


def period_text(period: Period) -> str:
    """A period in words, in the current language: "3 days", "3 working days", "6 months", "1 year"."""
    count = period.count
    if period.unit == "days":
        return ngettext("%(num)d day", "%(num)d days", count)
    if period.unit == "working_days":
        return ngettext("%(num)d working day", "%(num)d working days", count)
    if period.unit == "months":
        return ngettext("%(num)d month", "%(num)d months", count)
    return ngettext("%(num)d year", "%(num)d years", count)


def _legacy(rule: str, raw: dict) -> dict:
    for old, (new, unit) in LEGACY.items():
        if old in raw and new not in raw:
            raw[new] = Period(int(raw.pop(old)), unit)
    if "days" in raw and "deadline" not in raw and rule.startswith("changes."):
        raw["deadline"] = Period(int(raw.pop("days")), "working_days" if "working_days" in rule else "days")
    if "validity_months" in raw and "validity" not in raw and raw["validity_months"]:
        raw["validity"] = Period(int(raw["validity_months"]), "months")
    if rule == "permit.no_condition" and "contract" not in raw:
        # Stored before the message said what makes a job stable: say it by the national rules' table.
        from webapp.policy.engine import stable_job_params
        from webapp.policy.profiles import load_profiles

        raw.update(stable_job_params(load_profiles()["national-2016"].params["permit"]))
    return raw


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def placeholders(message: str) -> set[str]:
    """The names of the `%(name)s` placeholders in a message."""
    return set(_PLACEHOLDER.findall(message))


def values_for(decision: Decision, format_date: Callable[[date], str] | None = None) -> dict[str, str]:
    """What fills a decision's message: its params, `due` and `from_date`, as display text."""
    format_date = format_date or date.isoformat
    raw = _legacy(decision.rule, dict(decision.params))
    if decision.due is not None:
        raw["due"] = decision.due
    if decision.from_date is not None:
        raw["from_date"] = decision.from_date
    values = {}
    for name, value in raw.items():
        if isinstance(value, Mapping) and set(value) == {"count", "unit"}:
            value = Period.from_json(value)
        if isinstance(value, date):
            values[name] = format_date(value)
        elif isinstance(value, Period):
            values[name] = period_text(value)
        elif name in LABELS:
            values[name] = str(LABELS[name][value])
        else:
            values[name] = str(value)
    return values


def moment(
    decision: Decision, today: date | None = None, sent_on: date | None = None, late: bool | None = None
) -> str | None:
    """Which message fits the moment. For a decision that registration is required: "sent" or "sent_late" once a
    report went in (`sent_on`; `late` as the report was judged when it was sent, else by its last day), "late" when
    its last day is before `today`. For a permit decision that the person can apply from a day (NOT_YET):
    "permit_now" once `today` has reached that day (the decision was stored when the report was sent). None for the
    plain message."""
    if decision.rule in NOT_YET and decision.from_date is not None and today is not None:
        return "permit_now" if today >= decision.from_date else None
    if decision.topic != "registration" or decision.outcome != "required" or decision.due is None:
        return None
    if sent_on is not None:
        return "sent_late" if (sent_on > decision.due if late is None else late) else "sent"
    if today is not None and today > decision.due:
        return "late"
    return None


def explain(
    decision: Decision,
    format_date: Callable[[date], str] | None = None,
    *,
    today: date | None = None,
    sent_on: date | None = None,
    late: bool | None = None,
) -> str:
    """The decision in words for the person, in the current language, as fits the moment: before a report is sent
    (`today`: a last day already past says so) or after (`sent_on`: what is done)."""
    values = values_for(decision, format_date)
    when = moment(decision, today, sent_on, late)
    if when is None:
        return str(MESSAGES[decision.rule]) % values
    if sent_on is not None:
        values["sent"] = (format_date or date.isoformat)(sent_on)
    return str(MOMENTS[when]) % values


def explain_source(decision: Decision, profile: Profile, locale: object = None) -> str:
    """Which rules decided, by their title, for "why am I told this?" (staff see the rule id apart)."""
    return str(SOURCE) % {"profile": profile.display_name(locale)}
