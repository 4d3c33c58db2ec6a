"""The one way to write to the audit log, and how a person reads what concerns them."""

from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, bindparam, exists, insert, literal, select

from webapp import clock, labels
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.paging import paged

#: The action of every look at a person's record (by staff, a landlord or an employer).
VIEWED = "record.viewed"


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


def record_once_today(action: str, *, actor, **details) -> None:
    """An event that the actor's day needs once (opening their caseload, whose people each have their own event):
    written unless the actor already has one with this action since the start of China's day. One INSERT ... SELECT;
    a later look that day writes nothing, so its commit has nothing to make durable. Adds to the transaction; the
    caller commits."""
    parameters = {
        "at": clock.utcnow(),
        "actor": actor.id,
        "action": action,
        "details": details,
        "since": clock.start_of_day(clock.today()),
    }
    db.session.connection().execute(_once_today_statement(), parameters)


@cache
def _once_today_statement():
    actor = bindparam("actor", type_=AuditEvent.actor_id.type)
    action = bindparam("action", type_=AuditEvent.action.type)
    already = exists().where(
        AuditEvent.actor_id == actor, AuditEvent.action == action, AuditEvent.at >= bindparam("since")
    )
    row = select(
        bindparam("at", type_=AuditEvent.at.type),
        actor,
        action,
        literal(""),
        bindparam("details", type_=AuditEvent.details.type),
    ).where(~already)
    return insert(AuditEvent).from_select(["at", "actor_id", "action", "reason", "details"], row)


def _seen_today(actor_id, what, why, since=None):
    """Events of this viewer looking at this kind of record for this reason since the start of China's day (or
    `since`). Each argument a value or a bound parameter."""
    return and_(
        AuditEvent.actor_id == actor_id,
        AuditEvent.action == VIEWED,
        AuditEvent.reason == why,
        AuditEvent.details["what"].as_string() == what,
        AuditEvent.at >= (clock.start_of_day(clock.today()) if since is None else since),
    )


def viewed(subject, *, actor, what: str, why: str, person=None, as_role: str = "", **details) -> AuditEvent | None:
    """Someone other than the person opened their record: who (`as_role`: coordinator, officer, admin, landlord,
    employer), what they saw and why. One event a day per viewer, record kind and reason is kept (the person's list
    would only repeat itself): a second look that day writes nothing. Commits."""
    if subject is None and person is None:
        return None
    already = select(AuditEvent.id).where(
        _seen_today(actor.id, what, why),
        AuditEvent.subject_person_id == person.id
        if person is not None
        else AuditEvent.subject_account_id == subject.id,
    )
    if db.session.scalar(already.limit(1)) is not None:
        return None
    if as_role:
        details["as"] = as_role
    event = record(VIEWED, actor=actor, subject=subject, person=person, reason=why, what=what, **details)
    db.session.commit()
    return event


def viewed_in_list(people: Select | list[int], *, actor, as_role: str, what: str, why: str, **details) -> None:
    """A list (a caseload page, its download, a queue) showed these people: one INSERT … SELECT for all of them,
    skipping everyone this viewer already has an event for today with the same record kind and reason. `people` is
    a list of person ids or a SELECT of them; `details`: more of what identifies the look (an employer's id, which
    names the employer in the person's list). Adds to the transaction; the caller commits."""
    if isinstance(people, list) and not people:
        return
    parameters = {
        "at": clock.utcnow(),
        "actor": actor.id,
        "why": why,
        "what": what,
        "details": {"what": what, "as": as_role, **details},
        "since": clock.start_of_day(clock.today()),
    }
    # On the session's connection, as Core: given parameters, the ORM would take the INSERT for a bulk insert of them.
    connection = db.session.connection()
    if isinstance(people, list):  # the statement is built once (a tenth of a caseload page's time was building it)
        connection.execute(_viewed_in_list_of_ids(), {**parameters, "people": people})
    else:
        connection.execute(_viewed_in_list_statement(people), parameters)


@cache
def _viewed_in_list_of_ids():
    return _viewed_in_list_statement(None)


def _viewed_in_list_statement(people: Select | None = None):
    """viewed_in_list's INSERT … SELECT, with bound parameters (see there); `people` a SELECT of ids, or None for
    the parameter `people`, a list of ids."""
    from webapp.people.models import Person

    seen_today = _seen_today(bindparam("actor"), bindparam("what"), bindparam("why"), bindparam("since"))
    rows = (
        select(
            bindparam("at", type_=AuditEvent.at.type),
            bindparam("actor", type_=AuditEvent.actor_id.type),
            literal(VIEWED),
            Person.account_id,
            Person.id,
            bindparam("why", type_=AuditEvent.reason.type),
            bindparam("details", type_=AuditEvent.details.type),
        )
        .where(Person.id.in_(bindparam("people", expanding=True) if people is None else people))
        # NOT IN a list computed once (a hashed subplan), not a NOT EXISTS per person: linear whatever the log holds.
        .where(
            Person.id.not_in(
                select(AuditEvent.subject_person_id).where(seen_today, AuditEvent.subject_person_id.is_not(None))
            )
        )
    )
    return insert(AuditEvent).from_select(
        ["at", "actor_id", "action", "subject_account_id", "subject_person_id", "reason", "details"], rows
    )


def about(account):
    """The events a person may see: those whose subject is their account, their person or their household's."""
    from webapp.people.models import Person

    people = select(Person.id).where(Person.account_id == account.id)
    # Household members without an account of their own (one with an account sees their own events).
    household = select(Person.id).where(Person.household_of_id.in_(people), Person.account_id.is_(None))
    return db.or_(
        AuditEvent.subject_account_id == account.id,
        AuditEvent.subject_person_id.in_(people),
        AuditEvent.subject_person_id.in_(household),
    )


def events_about(account, page: int = 1, size: int = 50) -> tuple[list[AuditEvent], int, int]:
    """One page of what concerns the person, newest first: (events, the page shown, how many pages)."""
    shown = paged(
        select(AuditEvent).where(about(account)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), page, size
    )
    return shown.items, shown.page, max(shown.pages, 1)


#: What each action is called on the administrators' audit log.
labels.register(
    "audit_action",
    {
        "assisted.registered": _l("Registered someone in person"),
        "assisted.updated": _l("Changed the details of someone being registered in person"),
        "caseload.downloaded": _l("Downloaded a caseload"),
        "caseload.viewed": _l("Opened a caseload"),
        "tenancy.offer_accepted": _l("Said a landlord who joined is theirs"),
        "tenancy.offer_declined": _l("Said a landlord who joined is not theirs"),
        "employment.offer_accepted": _l("Said an employer who joined is theirs"),
        "employment.offer_declined": _l("Said an employer who joined is not theirs"),
        "employment.merged": _l("A job the employer reported became the one the report names"),
        "claim.created": _l("Made a claim link"),
        "colleague.invited": _l("Made a link for a colleague to answer for their organisation"),
        "colleague.joined": _l("Began to answer for an organisation, with a colleague's link"),
        "colleague.removed": _l("Removed someone from those who answer for an organisation"),
        "colleague.left": _l("Stopped answering for an organisation"),
        "organisation.handed_over": _l("Handed an organisation over after checking its business licence"),
        "organisation.viewed": _l("Looked at an organisation, to hand it over"),
        "organisation.member_removed": _l("Took someone off an organisation after checking its business licence"),
        "claim.used": _l("Claim link used"),
        "enrolment.created": _l("Invited staff"),
        "enrolment.cancelled": _l("Cancelled a staff invitation"),
        "enrolment.used": _l("Joined as staff"),
        "export.csv": _l("Downloaded a table (CSV)"),
        "record.viewed": _l("Looked at a record"),
        "recovery.created": _l("Made a recovery link"),
        "recovery.used": _l("Recovery link used"),
        "recovery.confirmed": _l("Confirmed a passkey made with a recovery link"),
        "recovery.refused": _l("Removed a passkey made with a recovery link"),
        "recovery.cancelled": _l("Cancelled a recovery link"),
        "sessions.ended": _l("Signed out on every device"),
        "staff.assigned": _l("Assigned a coordinator"),
        "staff.unassigned": _l("Took a coordinator off a community"),
        "staff.deactivated": _l("Deactivated an account"),
        "employment.reported": _l("Reported a hire"),
        "employment.answered": _l("Answered a hire for a person"),
        "identity.claimed": _l("Confirmed an identity claim"),
        "identity.claim_denied": _l("Refused an identity claim"),
        "identity.corrected": _l("Corrected a name, date of birth or ID number"),
        "account.deleted": _l("Deleted their own account"),
        "account.role_added": _l("Added a role to their own account"),
        "privacy.consent_given": _l("Gave a consent"),
        "privacy.consent_withdrawn": _l("Withdrew a consent"),
        "privacy.exported": _l("Downloaded a copy of their data"),
        "vacancy.approved": _l("Approved a job posting"),
        "vacancy.taken_down": _l("Took down a job posting"),
        "referral.shared": _l("Let the employer of a job see their name and mobile number"),
        "referral.unshared": _l("Stopped letting the employer of a job see their name and mobile number"),
        "permit.withdrawn": _l("Withdrew a residence permit application"),
    },
)
#: Why, on the administrators' audit log (reasons are written as codes; free text is shown as it is).
labels.register(
    "audit_reason",
    {
        "visit": _l("a visit"),
        "service request": _l("a service request"),
        "job referral": _l("a job referral the person asked for"),
        "residence report": _l("a residence report"),
        "permit application": _l("a permit application"),
        "caseload": _l("a caseload page"),
        "caseload download": _l("a caseload downloaded for field mode"),
        "tenancy": _l("a tenancy (landlord)"),
        "employment": _l("a job (employer)"),
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
        "assessment": _l("ranking of the areas"),
        "work_record": _l("coordinators' work record"),
        "correction": _l("a request to correct a report"),
        "identity correction": _l("a request to correct a name, date of birth or ID number"),
        "admin: complaint": _l("a complaint or an appeal"),
        "admin: data check": _l("checking a figure"),
        "admin: official request": _l("a court's or the police's written request"),
        "id: card check": _l("ID number: compared with the identity card at a visit"),
        "id: correction": _l("ID number: correcting a mistake with the person"),
        "id: same person": _l("ID number: checking whether two records are the same person"),
    },
)


def staff_reason_label(reason: str) -> str:
    """Why, on the administrators' audit log: a reason code's label, the identity document checked, or free text."""
    if reason.startswith("identity checked in person: "):
        document = labels.label("id_document", reason.rsplit(": ", 1)[1])
        return str(_l("identity checked in person: %(document)s", document=document))
    return labels.label("audit_reason", reason)


# What the person reads on their account page: every code that can be written has words here, and anything
# unforeseen falls back to plain words, never to the code (tests/audit checks every combination in both languages).

#: One sentence per action; %(actor)s is who did it, %(what)s what they saw, %(why)s why, %(place)s a community.
ACTION_TEXT = {
    VIEWED: _l("%(actor)s looked at your %(what)s. Reason: %(why)s"),
    "recovery.created": _l("%(actor)s made a recovery link for your account after checking your identity."),
    "recovery.used": _l("A new passkey was made with a recovery link."),
    "recovery.confirmed": _l("You confirmed the passkey made with a recovery link."),
    "recovery.refused": _l("You removed a passkey made with a recovery link that was not yours."),
    "recovery.cancelled": _l("You cancelled a recovery link."),
    "sessions.ended": _l("You signed out on every device."),
    "privacy.exported": _l("You downloaded a copy of your data."),
    "privacy.consent_given": _l("You gave a separate consent (see Your privacy choices)."),
    "privacy.consent_withdrawn": _l("You withdrew a consent (see Your privacy choices)."),
    "referral.shared": _l("You let the employer of a job you asked about see your name and mobile number."),
    "referral.unshared": _l("You stopped the employer of a job you asked about seeing your name and mobile number."),
    "permit.withdrawn": _l("You withdrew your residence permit application."),
    "enrolment.created": _l("%(actor)s invited someone to join the staff."),
    "enrolment.used": _l("You joined as staff with an enrolment link."),
    "claim.created": _l("%(actor)s made a link with which you can take over the record they made for you."),
    "claim.used": _l("You took over your record with a link from a coordinator."),
    "colleague.joined": _l("You began to answer for an organisation on Xinju, with a colleague's link."),
    "colleague.removed": _l("%(actor)s removed you from those who answer for their organisation on Xinju."),
    "colleague.left": _l("You stopped answering for an organisation on Xinju."),
    "organisation.member_removed": _l(
        "%(actor)s, a service officer, took you off an organisation on Xinju after checking its business licence."
    ),
    "assisted.registered": _l("%(actor)s registered you in person, with your consent: %(why)s."),
    "assisted.updated": _l("%(actor)s changed your details while registering you in person, as you told them."),
    "staff.assigned": _l("%(actor)s gave you this community to look after: %(place)s."),
    "staff.unassigned": _l("%(actor)s took this community off your work: %(place)s."),
    "staff.deactivated": _l("%(actor)s deactivated your account."),
    "account.deleted": _l("You deleted your account."),
    "account.role_added": _l("You added a role to your account: you can use Xinju for more."),
    "employment.reported": _l("%(actor)s reported that you work for them. It counts only once you confirm it."),
    "employment.answered": _l("%(actor)s answered a job an employer reported for you."),
    "tenancy.offer_accepted": _l("You said the landlord who joined Xinju with the number you gave is your landlord."),
    "tenancy.offer_declined": _l("You said the landlord who joined Xinju with the number you gave is not yours."),
    "employment.offer_accepted": _l("You said the organisation that joined Xinju with the code you gave employs you."),
    "employment.offer_declined": _l("You said the organisation that joined Xinju with the code you gave is not yours."),
    "employment.merged": _l("The job your employer reported and you confirmed is now the job on your report."),
    "identity.claimed": _l("%(actor)s checked your identity card: the record someone else entered is now yours."),
    "identity.claim_denied": _l("%(actor)s found that your identity card does not match the number you gave."),
    "identity.corrected": _l("%(actor)s corrected your name, date of birth or ID number, as you asked."),
    "caseload.viewed": _l("%(actor)s opened their list of homes to visit."),
    "caseload.downloaded": _l("%(actor)s downloaded their list of homes to visit."),
    "export.csv": _l("%(actor)s downloaded a table of figures."),
}
OTHER_ACTION = _l("%(actor)s used your record.")

#: Who, by the role in which they looked (details["as"]).
ACTOR_TEXT = {
    "coordinator": _l("Coordinator %(name)s"),
    "officer": _l("Service officer %(name)s"),
    "admin": _l("Administrator %(name)s"),
    "landlord": _l("Your landlord %(name)s"),
    "employer": _l("%(name)s of your employer %(employer)s"),
}
SOMEONE_ON_STAFF = _l("A member of staff")
DELETED_ACCOUNT = _l("(account since deleted)")

WHAT_TEXT = {
    "account": _l("account"),
    "residence_report": _l("residence report"),
    "service_request": _l("service request"),
    "document": _l("documents"),
    "permit_application": _l("residence permit application"),
    "permit": _l("residence permit"),
    "tenancy": _l("tenancy details"),
    "employment": _l("job details"),
    "identity_claim": _l("claim to a record someone else entered"),
    "phone": _l("mobile phone number"),
    "id_number": _l("full ID number"),
    "identity": _l("name, date of birth and ID number"),
    "referral": _l("name and mobile number, which you chose to share with them"),
}
OTHER_WHAT = _l("record")

WHY_TEXT = {
    "recovery: identity check": _l("helping you get back into your account"),
    "residence report": _l("checking your residence report"),
    "visit": _l("a visit to your home"),
    "caseload": _l("you are on their list of homes to visit"),
    "caseload download": _l("they downloaded their list of homes to visit to their phone, and you are on it"),
    "service request": _l("answering your service request"),
    "job referral": _l("you asked for a referral to their job"),
    "permit application": _l("deciding on your residence permit application"),
    "tenancy": _l("confirming that you live in their rental"),
    "employment": _l("confirming that you work for them"),
    "identity claim": _l("checking your identity before a record someone else entered becomes yours"),
    "spoken": _l("you said yes"),
    "signed": _l("you signed the paper form"),
    # A coordinator unmasking an ID number (webapp/visits/forms.py UNMASK_REASONS).
    "correction": _l("answering your request to correct your residence report"),
    "identity correction": _l("answering your request to correct your name, date of birth or ID number"),
    # An administrator opening a record (webapp/privacy/admin_record.py REASONS).
    "admin: complaint": _l("a complaint or an appeal about your record"),
    "admin: data check": _l("checking a figure that looked wrong"),
    "admin: official request": _l("a written request from a court or the police"),
    "id: card check": _l("comparing it with your identity card at a visit"),
    "id: correction": _l("correcting a mistake in your ID number with you"),
    "id: same person": _l("checking whether two records are the same person"),
}
OTHER_WHY = _l("their work")
SOME_COMMUNITY = _l("a community")


def _actor(event: AuditEvent) -> str:
    from webapp.accounts.models import Account

    actor = db.session.get(Account, event.actor_id) if event.actor_id else None
    if actor is None:
        return str(SOMEONE_ON_STAFF)
    role = (event.details or {}).get("as")
    name = actor.display_name or str(DELETED_ACCOUNT)  # who has since deleted their account has no name left
    if role == "employer":
        from webapp.employers.models import Employer

        employer = db.session.get(Employer, event.details.get("employer") or 0)
        if employer is None:
            return name
        return str(ACTOR_TEXT["employer"]) % {"name": name, "employer": employer.name}
    template = ACTOR_TEXT.get(role)
    return str(template) % {"name": name} if template else name


def _place(event: AuditEvent) -> str:
    from webapp.places.models import Place

    code = (event.details or {}).get("place")
    found = db.session.scalar(select(Place).where(Place.code == code)) if code else None
    return found.name if found else str(SOME_COMMUNITY)


def describe(event: AuditEvent) -> str:
    """The event in the reader's language, for the 'who has looked at your information' list: words only, never a
    code, whatever was written."""
    template = ACTION_TEXT.get(event.action, OTHER_ACTION)
    details = event.details or {}
    return str(template) % {
        "actor": _actor(event),
        "what": WHAT_TEXT.get(details.get("what", ""), OTHER_WHAT),
        "why": WHY_TEXT.get(event.reason or "", OTHER_WHY),
        "place": _place(event) if "%(place)s" in str(template) else "",
    }
