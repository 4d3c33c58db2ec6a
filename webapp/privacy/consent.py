"""Separate consents: give, withdraw, ask. Each write commits once, with its audit event (shown in the person's
"who has looked" list)."""

from datetime import date

from sqlalchemy import select

from webapp import clock
from webapp.audit import log as audit
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.privacy.models import PrivacyConsent
from webapp.privacy.notice import CHILD_AGE, CONSENTS, NOTICE_VERSION


class NotWithdrawable(Exception):
    """The law keeps what the consent covered (a child's residence reports): the consent stays."""


def is_child(birth_date: date | None, today: date | None = None) -> bool:
    """Under 14 today (PIPL art. 31)."""
    if birth_date is None:
        return False
    today = today or clock.today()
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return age < CHILD_AGE


def _current(account_id: int, item: str, person_id: int | None = None):
    query = select(PrivacyConsent).where(
        PrivacyConsent.account_id == account_id,
        PrivacyConsent.item == item,
        PrivacyConsent.withdrawn_at.is_(None),
    )
    query = query.where(
        PrivacyConsent.person_id.is_(None) if person_id is None else PrivacyConsent.person_id == person_id
    )
    return db.session.scalars(query.order_by(PrivacyConsent.given_at.desc())).first()


def has(account_id: int | None, item: str, person_id: int | None = None) -> bool:
    """Whether this account holds a current consent to `item` (about `person_id`, a child, when given)."""
    return account_id is not None and _current(account_id, item, person_id) is not None


def may_see_phone(person) -> bool:
    """Whether staff may see this person's mobile number (the phone_contact consent; PIPL art. 14). It is the one
    rule for every page that shows a person's phone to staff: only an officer's page of a service request shows one
    (services/views.py), and tests/privacy/test_phone_consent.py keeps it so. Someone without an account (registered
    in person) cannot be written to in the app: their phone stays the way to reach them."""
    return person.account_id is None or has(person.account_id, "phone_contact")


def own(account) -> dict[str, PrivacyConsent]:
    """The account holder's current consents about themselves, by item."""
    rows = db.session.scalars(
        select(PrivacyConsent).where(
            PrivacyConsent.account_id == account.id,
            PrivacyConsent.person_id.is_(None),
            PrivacyConsent.withdrawn_at.is_(None),
        )
    ).all()
    return {row.item: row for row in rows}


def for_children(account) -> list[PrivacyConsent]:
    """Current consents this account gave as a parent or guardian."""
    return db.session.scalars(
        select(PrivacyConsent)
        .where(
            PrivacyConsent.account_id == account.id,
            PrivacyConsent.person_id.is_not(None),
            PrivacyConsent.withdrawn_at.is_(None),
        )
        .order_by(PrivacyConsent.given_at)
    ).all()


def history(account) -> list[PrivacyConsent]:
    """Every consent the account gave, withdrawn or not, oldest first (for the copy of their data)."""
    return db.session.scalars(
        select(PrivacyConsent).where(PrivacyConsent.account_id == account.id).order_by(PrivacyConsent.given_at)
    ).all()


def give(account, item: str, person=None, *, commit: bool = True) -> PrivacyConsent:
    """Record a consent under the current notice (once: a current consent is returned as it is)."""
    if item not in CONSENTS:
        raise ValueError(item)
    new_person = person is not None and person.id is None
    existing = None if new_person else _current(account.id, item, person.id if person is not None else None)
    if existing is not None:
        return existing
    row = PrivacyConsent(account_id=account.id, person=person, item=item, notice_version=NOTICE_VERSION)
    db.session.add(row)
    # About the account, not the child: the child's record goes if the consent is withdrawn, the event stays.
    audit.record("privacy.consent_given", actor=account, subject=account, item=item)
    if commit:
        db.session.commit()
    return row


def _kept_by_law(person) -> bool:
    """A child's record that cannot go: it has residence reports, service requests, documents or entries in the
    access log (all kept by law for their period)."""
    from webapp.documents.models import Document
    from webapp.registrations.models import ResidenceReport
    from webapp.services.models import ServiceRequest

    for model, column in (
        (ResidenceReport, ResidenceReport.person_id),
        (ServiceRequest, ServiceRequest.person_id),
        (Document, Document.person_id),
        (AuditEvent, AuditEvent.subject_person_id),
    ):
        if db.session.scalar(select(model.id).where(column == person.id).limit(1)) is not None:
            return True
    return False


def withdrawn_already(account, consent_id: int) -> bool:
    """Whether this is one of the account's consents, withdrawn before."""
    row = db.session.get(PrivacyConsent, consent_id)
    return row is not None and row.account_id == account.id and row.withdrawn_at is not None


def withdraw(account, consent_id: int) -> PrivacyConsent | None:
    """Withdraw one of the account's current consents; None if there is no such consent of theirs. A child's
    consent takes the child off the household list; a child with residence reports cannot be taken off
    (NotWithdrawable): the reports are kept by law."""
    row = db.session.get(PrivacyConsent, consent_id)
    if row is None or row.account_id != account.id or row.withdrawn_at is not None:
        return None
    if not CONSENTS[row.item].withdrawable:
        raise NotWithdrawable(row.item)
    person = row.person
    if row.item == "child_data" and person is not None:
        if _kept_by_law(person):
            raise NotWithdrawable(row.item)
    row.withdrawn_at = clock.utcnow()
    audit.record("privacy.consent_withdrawn", actor=account, subject=account, item=row.item)
    if row.item == "child_data" and person is not None:
        row.person = None  # the record goes; the consent row stays, anonymous, as proof of what was agreed
        db.session.delete(person)
    db.session.commit()
    return row
