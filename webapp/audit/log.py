"""The one way to write to the audit log."""

from flask_babel import lazy_gettext as _l

from webapp.audit.models import AuditEvent
from webapp.extensions import db


def record(action: str, *, actor=None, subject=None, person=None, reason: str = "", **details) -> AuditEvent:
    """Add an audit event to the current transaction; the caller commits with its own change.

    `actor` and `subject` are Accounts (or None for the command line / no subject). `details` must not
    hold personal data beyond what identifies the record (ids, not names or ID numbers).
    """
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        subject_account_id=subject.id if subject is not None else None,
        subject_person_id=person.id if person is not None else None,
        reason=reason,
        details=details,
    )
    db.session.add(event)
    return event


def viewed(subject, *, actor, what: str, why: str, person=None, **details) -> AuditEvent:
    """A member of staff opened a person's record: say who, what they saw, and why."""
    event = record("record.viewed", actor=actor, subject=subject, person=person, reason=why, what=what, **details)
    db.session.commit()
    return event


def events_about(account) -> list[AuditEvent]:
    """What the person may see: every event in which their record was the subject, newest first."""
    from webapp.people.models import Person

    people = db.select(Person.id).where(Person.account_id == account.id)
    household = db.select(Person.id).where(Person.household_of_id.in_(people))
    return db.session.scalars(
        db.select(AuditEvent)
        .where(
            db.or_(
                AuditEvent.subject_account_id == account.id,
                AuditEvent.subject_person_id.in_(people),
                AuditEvent.subject_person_id.in_(household),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()


ACTION_TEXT = {
    "record.viewed": _l("%(actor)s looked at your %(what)s. Reason: %(why)s"),
    "recovery.created": _l("%(actor)s made a recovery link for your account after checking your identity."),
    "recovery.used": _l("A new passkey was made with a recovery link."),
    "enrolment.used": _l("You joined as staff with an enrolment link."),
}
#: What each action is called on the administrators' audit log.
STAFF_ACTION_LABELS = {
    "assisted.registered": _l("Registered someone in person"),
    "caseload.downloaded": _l("Downloaded a caseload"),
    "caseload.viewed": _l("Opened a caseload"),
    "claim.created": _l("Made a claim link"),
    "claim.used": _l("Claim link used"),
    "enrolment.created": _l("Invited staff"),
    "enrolment.used": _l("Joined as staff"),
    "export.csv": _l("Downloaded a table (CSV)"),
    "record.viewed": _l("Looked at a record"),
    "recovery.created": _l("Made a recovery link"),
    "recovery.used": _l("Recovery link used"),
    "staff.assigned": _l("Assigned a coordinator"),
    "staff.unassigned": _l("Took a coordinator off a community"),
    "staff.deactivated": _l("Deactivated an account"),
}
#: Why, on the administrators' audit log (reasons are written as codes; free text is shown as it is).
STAFF_REASON_LABELS = {
    "visit": _l("a visit"),
    "service request": _l("a service request"),
    "residence report": _l("a residence report"),
    "permit application": _l("a permit application"),
    "recovery: identity check": _l("helping someone back into their account"),
    "spoken": _l("consent given by saying yes"),
    "signed": _l("consent given on the paper form"),
    "summary": _l("headline figures"),
    "areas": _l("indicators by area"),
    "staffing": _l("communities with 30 or more migrants"),
    "stations": _l("service stations needed"),
    "months": _l("arrivals and departures by month"),
    "requests": _l("service requests by status"),
    "staff": _l("staff list"),
    "audit": _l("audit log"),
}


def staff_reason_label(reason: str) -> str:
    if reason.startswith("identity checked in person: "):
        from webapp.enrolment.forms import ID_DOCUMENTS

        document = dict(ID_DOCUMENTS).get(reason.rsplit(": ", 1)[1], reason.rsplit(": ", 1)[1])
        return str(_l("identity checked in person: %(document)s", document=document))
    return str(STAFF_REASON_LABELS.get(reason, reason))


WHAT_TEXT = {"account": _l("account"), "residence_report": _l("residence report")}
WHY_TEXT = {
    "recovery: identity check": _l("helping you get back into your account"),
    "residence report": _l("checking your residence report"),
}


def describe(event: AuditEvent) -> str:
    """The event in the subject's language, for the 'who has looked at your record' list."""
    from webapp.accounts.models import Account

    actor = db.session.get(Account, event.actor_id) if event.actor_id else None
    template = ACTION_TEXT.get(event.action)
    if template is None:
        return event.action
    what = event.details.get("what", "")
    return str(template) % {
        "actor": actor.display_name if actor else _l("A member of staff"),
        "what": WHAT_TEXT.get(what, what),
        "why": WHY_TEXT.get(event.reason, event.reason),
    }
