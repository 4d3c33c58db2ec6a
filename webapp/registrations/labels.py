"""Words for the report's codes, registered with the label registry (webapp/labels.py): statuses, answers, fields,
events; and the template helpers that explain a report and its policy decisions."""

from datetime import date

from flask import url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from webapp import clock, labels
from webapp.policy.explain import NOT_YET, SOURCE, explain, period_text
from webapp.policy.profiles import Period, load_profiles
from webapp.registrations import about, lifecycle, rules, service
from webapp.registrations.choices import CLAIM_LABELS, END_REASONS, HOUSING_LABELS, REASONS, WORK_PROOF_LABELS
from webapp.registrations.corrections import ASKED

# The report's statuses and events: the lifecycle's enums, whose members carry their labels.
labels.register("report_status", lifecycle.ReportStatus)
labels.register("report_event", lifecycle.EventAction)
labels.register("claim", CLAIM_LABELS)
labels.register("end_reason", END_REASONS)
labels.register("housing", HOUSING_LABELS)
labels.register("report_reason", REASONS)
labels.register("work_proof", WORK_PROOF_LABELS)

#: The fields of a report, in "who said what".
_FIELDS = {
    "address": _l("Address"),
    "room": _l("Room"),
    "housing": _l("Kind of place"),
    "arrival": _l("Arrived"),
    "stay": _l("Planned stay"),
    "workplace": _l("Workplace"),
}
labels.register("report_field", _FIELDS)
#: The fields a visit conflict compares.
labels.register(
    "visit_field",
    {
        "status": _l("Status"),
        "road": _l("Road, street or lane"),
        "number": _l("Number or residential compound"),
        "building": _l("Building"),
        "unit": _l("Unit"),
        **_FIELDS,
    },
)
#: Why a report is on a coordinator's caseload.
labels.register(
    "case_reason",
    {
        "awaiting": _l("Awaiting a visit"),
        "denied": _l("Denied"),
        "late": _l("Reported late"),
        "rental": _l("Landlord not on Xinju: register the rental"),
        "moved": _l("Landlord says they moved out"),
        "left_job": _l("Employer says they left the job"),
        "not_found": _l("Visited: nobody found"),
        "declined": _l("Visited: declined to take part"),
    },
)
labels.register(
    "decision_topic",
    {
        "registration": _l("Residence registration"),
        "permit": _l("Residence permit"),
        "changes": _l("Reporting changes"),
    },
)


#: What a permit decision says once the person has a permit or has applied for one (see with_permit_standing): the
#: sentence, and the words of its link to the permit's page. "eligible" (they may apply today and have not): the
#: decision's own words, then a link to the application (PERMIT_APPLY).
PERMIT_STANDING = {
    "held": (_l("You have a residence permit."), _l("See your permit")),
    "pending": (
        _l("You have applied for a residence permit: your application is being reviewed."),
        _l("See your application"),
    ),
    "missing": (
        _l("You have applied for a residence permit: the officer has asked you for more documents."),
        _l("See what is asked"),
    ),
}

#: PERMIT_STANDING of someone else (their household's head, a coordinator or an officer reads their report): held or
#: applied for, by name and with no link (the permit's page is the holder's own). "eligible" is never said of them:
#: the rules' own words say when they may apply.
PERMIT_STANDING_ABOUT = {
    "held": _l("%(name)s has a residence permit."),
    "pending": _l("%(name)s has applied for a residence permit: the application is being reviewed."),
    "missing": _l("%(name)s has applied for a residence permit: the officer has asked for more documents."),
}


#: The link after a permit decision that lets the person apply today ("eligible"), to the application's form.
PERMIT_APPLY = _l("Apply for a residence permit")


class PermitStanding:
    """A permit decision as the person's permit stands: whatever the rules say about applying, they hold a permit
    ("held") or have applied ("pending", "missing"), or may apply today ("eligible"). Reads as the decision in
    everything else."""

    def __init__(self, decision, standing: str):
        self.decision, self.permit_standing = decision, standing

    def __getattr__(self, name):
        return getattr(self.decision, name)


def with_permit_standing(decisions, standing: str | None, *, about: str | None = None) -> list:
    """The decisions, the permit's read as the person's permit stands (`standing`: held, pending, missing, eligible
    or None). `about`: the person's name when someone else reads them (PERMIT_STANDING_ABOUT: not "eligible")."""
    if standing is None or (about is not None and standing not in PERMIT_STANDING_ABOUT):
        return list(decisions)
    return [PermitStanding(d, standing) if d.topic == "permit" and _fits(d, standing) else d for d in decisions]


def _fits(decision, standing: str) -> bool:
    """Whether the decision's words go with the standing: held or applied for, always (their words replace the
    decision's); "eligible" (the link to apply added to the decision's own words), only after words that say the
    person may apply: a decision stored with a report (its receipt) may say otherwise, or "from such a day"."""
    if standing != "eligible" or decision.outcome == "eligible":
        return True
    return decision.rule in NOT_YET and decision.from_date is not None and decision.from_date <= clock.today()


def explain_decision(decision, today=None, sent_on=None, late=None, name=None) -> str:
    """The decision in words for the reader: to the person, or (`name`: theirs) of them, by name."""
    standing = getattr(decision, "permit_standing", None)
    if standing == "eligible":  # the reader's own decision (never `name`): its words, and where to apply
        text = explain_decision(decision.decision, today=today, sent_on=sent_on, late=late)
        return Markup('{} <a href="{}">{}</a>').format(text, url_for("permits.apply"), str(PERMIT_APPLY))
    if standing is not None and name:
        return str(PERMIT_STANDING_ABOUT[standing] % {"name": name})
    if standing is not None:
        text, link = PERMIT_STANDING[standing]
        return Markup('{} <a href="{}">{}</a>').format(str(text), url_for("permits.card"), str(link))
    if name:
        when = {"today": today, "sent_on": sent_on, "late": late}
        return about.explain_about(decision, name, lambda d: format_date(d, "long"), **when)
    return explain(decision, format_date=lambda d: format_date(d, "long"), today=today, sent_on=sent_on, late=late)


def source_name(decision) -> str:
    return str(SOURCE) % {"profile": profile_name(decision.profile_id)}


def profile_name(profile_id: str) -> str:
    profile = load_profiles().get(profile_id)
    if profile is None:
        return profile_id
    return profile.name_zh if str(get_locale()) == "zh" else profile.name_en


def stay_label(answers) -> str:
    """The planned stay in words: "6 months", or "No date to leave" (a report or the answers of one)."""
    if answers.stay_count is None or not answers.stay_unit:
        return str(NO_END)
    return period_text(Period(answers.stay_count, answers.stay_unit))


NO_END = _l("No date to leave yet")

#: The events whose note is the day someone left (written as year-month-day), shown as a date in the page's language.
DATED_EVENTS = (lifecycle.EventAction.LEFT, lifecycle.EventAction.DEPARTED)


def event_note(event) -> str:
    """What a party added to what they said (a reason, a visit's note), as the reader reads it: the day a tenant or a
    worker left as a date in the page's language, not as it is stored."""
    if event.action in DATED_EVENTS and event.reason:
        try:
            return format_date(date.fromisoformat(event.reason), "long")
        except ValueError:
            return event.reason
    return event.reason or ""


def coordinator_notes(evidence: list[dict]) -> list:
    """The visits in the coordinator's column of "who said what" (access.evidence) that carry a note, each once,
    oldest first: a visit speaks of every row, its note is said once under the table, not in every row."""
    events = {row["coordinator"].id: row["coordinator"] for row in evidence if row.get("coordinator") is not None}
    return sorted((e for e in events.values() if e.reason), key=lambda e: (e.at, e.id))


def correction_line(change: dict, at) -> str:
    """One detail a coordinator corrected (ReportEvent.changes), said in full for the resident: what it was, what it
    became, by whom, how (at a visit, or as the resident asked: "how" is corrections.ASKED) and on which day (`at`,
    stored in UTC: China's day is said)."""
    field = labels.label("visit_field", change.get("field"))
    old, new = change.get("from") or "", change.get("to") or ""
    day = format_date(clock.local(at).date(), "long") if at else ""
    if change.get("how") == ASKED:
        if not new:
            return _(
                "%(field)s: %(old)s was removed by a coordinator, as you asked, on %(date)s.",
                field=field,
                old=old,
                date=day,
            )
        if not old:
            return _(
                "%(field)s: %(new)s was added by a coordinator, as you asked, on %(date)s.",
                field=field,
                new=new,
                date=day,
            )
        return _(
            "%(field)s: changed from %(old)s to %(new)s by a coordinator, as you asked, on %(date)s.",
            field=field,
            old=old,
            new=new,
            date=day,
        )
    if not new:
        return _(
            "%(field)s: %(old)s was removed by a coordinator at a visit on %(date)s.", field=field, old=old, date=day
        )
    if not old:
        return _(
            "%(field)s: %(new)s was added by a coordinator at a visit on %(date)s.", field=field, new=new, date=day
        )
    return _(
        "%(field)s: changed from %(old)s to %(new)s by a coordinator at a visit on %(date)s.",
        field=field,
        old=old,
        new=new,
        date=day,
    )


def correction_lines(report) -> list[str]:
    """Every detail corrected on this report (at a visit or on request), oldest first: the old value is kept
    (corrections.correct)."""
    return [correction_line(change, event.at) for event in report.events for change in event.changes or []]


def template_helpers() -> dict:
    """The report's helpers for templates (registered by the app factory, with every other template helper)."""
    return {
        "ReportStatus": lifecycle.ReportStatus,
        "is_current": lifecycle.is_current,
        "stay_label": stay_label,
        "next_step": about.next_step,  # with a name: a household member's report, read by the head
        "sent_on": lambda report: clock.local(report.created_at).date(),
        "source_name": source_name,
        "stored_decisions": lambda report: rules.from_json(report.decisions),
        "explain_decision": explain_decision,
        "profile_name": profile_name,
        "step_done": lifecycle.step_done,
        "event_note": event_note,
        "coordinator_notes": coordinator_notes,
        "correction_lines": correction_lines,
        "current_report_of": service.current_report,  # a household member's, on the household page
        "same_address": service.same_address,  # ... and whether it is still the head's
    }
