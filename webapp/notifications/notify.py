"""The one way to notify someone, and what each notification says."""

from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from webapp.extensions import db
from webapp.notifications.models import Notification

MESSAGES = {
    "report.confirmed": _l("Your %(party)s confirmed your residence report."),
    "report.denied": _l("Your %(party)s says your residence report is not right: %(reason)s"),
    "report.verified": _l("A coordinator visited and verified your residence report."),
    "report.corrected": _l("A coordinator corrected your residence report after visiting. Check the details."),
    "report.moved_out": _l(
        "At a visit on %(date)s a coordinator found that you no longer live at the address you reported, so that "
        "residence registration has ended. If you still live there, ask to correct it; if you have moved, report "
        "your new address."
    ),
    "employment.claimed": _l("%(employer)s says you have worked for them since %(date)s. Confirm or deny it."),
    "employment.offered": _l(
        "%(employer)s joined Xinju with the code you gave for your employer. Is it your employer?"
    ),
    "employment.offered_by_name": _l(
        "An organisation named %(employer)s is on Xinju. Is it your employer? Open your home page to say."
    ),
    "tenancy.offered": _l("A landlord joined Xinju with the mobile number you gave for yours. Is it your landlord?"),
    "employment.hire_denied": _l(
        "%(name)s, whom you reported as a new worker, says this is not right: the job is not on their record."
    ),
    "employment.answer_for": _l(
        "An employer reported a hire of someone without an account. Ask them, then answer for them."
    ),
    "identity.claim": _l(
        "Someone registered with an ID number already on a record someone else entered. Check their identity card."
    ),
    "correction.asked": _l("A resident asks to correct a detail of their residence report. Check it and answer."),
    "correction.corrected": _l("Your residence report was corrected as you asked. %(reason)s"),
    "correction.declined": _l("Your residence report was not corrected as you asked: %(reason)s"),
    "correction.asked_identity": _l(
        "A resident asks to correct their name, date of birth or ID number. Check their identity card and answer."
    ),
    "correction.identity_corrected": _l("Your details were corrected as you asked. %(reason)s"),
    "correction.identity_declined": _l("Your details were not corrected as you asked: %(reason)s"),
    "report.rejected": _l("Your residence report was not accepted: %(reason)s"),
    "permit.approved": _l("Your residence permit is ready. Open it in the app."),
    "permit.refused": _l("Your residence permit application was refused: %(reason)s"),
    "permit.missing": _l("Documents are missing from your residence permit application."),
    "request.status": _l("Your request for %(service)s: %(status)s."),
    "request.message": _l("New message about your request for %(service)s."),
    "request.withdrawn": _l(
        "The applicant withdrew their request for %(service)s (%(reference)s). There is nothing more to answer."
    ),
    "vacancy.approved": _l("Your job posting “%(title)s” is on the jobs board."),
    "vacancy.expired": _l("Your job posting “%(title)s” closed on %(date)s and has left the jobs board."),
    "vacancy.taken_down": _l("Your job posting “%(title)s” is not shown on the jobs board: %(reason)s"),
    "reminder.endorsement": _l("Endorse your residence permit between %(start)s and %(end)s."),
    "reminder.expiry": _l("Your residence permit expires on %(date)s. You can renew it now."),
    "reminder.change": _l("Your landlord says you moved out on %(date)s. Report your new address by %(due)s."),
    "colleague.removed": _l("You no longer answer for %(employer)s on Xinju: a colleague removed you."),
    "organisation.handed_over": _l(
        "You no longer answer for %(employer)s on Xinju: a service officer checked its business licence and handed it "
        "over to the person who answers for it."
    ),
    "account.recovery_link": _l(
        "A member of staff made a link to recover your account. If you did not ask for it, open this message "
        "to cancel it, and tell your community service station."
    ),
    "account.recovered": _l(
        "A new passkey was added to your account with a recovery link, and you were signed out everywhere. If it "
        "was not you, open this message to remove it."
    ),
}
PARTIES = {"landlord": _l("landlord"), "employer": _l("employer")}


def notify(account, kind: str, *, link: str = "", dedupe_key: str | None = None, **params) -> Notification | None:
    """Add a notification to the current transaction (the caller commits). None when already sent (dedupe)."""
    if account is None:
        return None  # a person without an account (yet) has no inbox
    if dedupe_key and db.session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe_key)):
        return None
    notification = Notification(account_id=account.id, kind=kind, params=params, link=link, dedupe_key=dedupe_key)
    db.session.add(notification)
    return notification


DATE_PARAMS = ("start", "end", "date", "due")


def text(notification: Notification) -> str:
    from datetime import date

    from flask_babel import format_date

    params = dict(notification.params)
    for name in DATE_PARAMS:
        if isinstance(params.get(name), str):
            params[name] = format_date(date.fromisoformat(params[name]), "long")
    if "party" in params:
        params["party"] = str(PARTIES.get(params["party"], params["party"]))
    if "service" in params:
        from flask_babel import get_locale

        from webapp.services.catalogue import service
        from webapp.services.explain import service_name

        params["service"] = service_name(service(params["service"]), get_locale())
    if "status" in params:
        from webapp.services.statuses import label

        params["status"] = label(params["status"])
    return str(MESSAGES[notification.kind]) % params


@cache
def _unread():
    """Built once, on first use (every signed-in page shows the count; building the statement cost more than
    running it)."""
    return select(db.func.count(Notification.id)).where(
        Notification.account_id == bindparam("account_id"), Notification.read_at.is_(None)
    )


def unread_count(account) -> int:
    return db.session.scalar(_unread(), {"account_id": account.id}) or 0
