"""Words for codes, for the templates: statuses, answers, fields, and the policy decisions explained."""

from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from webapp import clock
from webapp.policy.explain import SOURCE, explain, period_text
from webapp.policy.profiles import Period, load_profiles
from webapp.registrations import lifecycle, rules
from webapp.registrations.choices import CLAIM_LABELS, END_REASONS, HOUSING_TYPES, REASONS, WORK_PROOFS, label

FIELD_LABELS = {
    "address": _l("Address"),
    "room": _l("Room"),
    "housing": _l("Kind of place"),
    "arrival": _l("Arrived"),
    "stay": _l("Planned stay"),
    "workplace": _l("Workplace"),
}
CASE_REASONS = {
    "awaiting": _l("Awaiting a visit"),
    "denied": _l("Denied"),
    "late": _l("Reported late"),
    "rental": _l("Landlord not on Xinju: register the rental"),
}
TOPIC_LABELS = {
    "registration": _l("Residence registration"),
    "permit": _l("Residence permit"),
    "changes": _l("Reporting changes"),
}
RELATION_LABELS = {"spouse": _l("Husband or wife"), "child": _l("Child"), "self": _l("You")}
STATUS_FIELD = {
    "status": _l("Status"),
    "road": _l("Road, street or lane"),
    "number": _l("Number or residential compound"),
    "building": _l("Building"),
    "unit": _l("Unit"),
}


def explain_decision(decision, today=None, sent_on=None, late=None) -> str:
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


def template_helpers() -> dict:
    return {
        "ReportStatus": lifecycle.ReportStatus,
        "is_current": lifecycle.is_current,
        "status_label": lifecycle.status_label,
        "claim_label": lambda code: str(CLAIM_LABELS.get(code, code)),
        "end_label": lambda code: str(END_REASONS.get(code, code)),
        "housing_label": lambda code: label(HOUSING_TYPES, code),
        "stay_label": stay_label,
        "work_proof_label": lambda code: label(WORK_PROOFS, code),
        "next_step": lambda report: str(lifecycle.ReportStatus.of(report).next_step),
        "sent_on": lambda report: clock.local(report.created_at).date(),
        "source_name": source_name,
        "reason_label": lambda code: label(REASONS, code),
        "field_label": lambda code: str(FIELD_LABELS.get(code, code)),
        "event_label": lifecycle.event_label,
        "relation_label": lambda code: str(RELATION_LABELS.get(code, code)),
        "decision_topic": lambda decision: str(TOPIC_LABELS.get(decision.topic, decision.topic)),
        "stored_decisions": lambda report: rules.from_json(report.decisions),
        "explain_decision": explain_decision,
        "profile_name": profile_name,
        "step_done": lifecycle.step_done,
        "case_reason": lambda code: str(CASE_REASONS.get(code, code)),
        "visit_field_label": lambda code: str(FIELD_LABELS.get(code, STATUS_FIELD.get(code, code))),
    }
