"""Download my data (PIPL arts. 44–45): everything held about the account holder and their household, as a ZIP
holding `my-data.json` (documented in docs/my-data.md), a readable `my-data.html` (the same data in words:
readable.py), and the document images.

Only the holder's own rows go in, found from their account and their household list: never another person's
(their landlord's details, a visit's location, which is the coordinator's own data). Staff are named only where
the "who has looked" list names them; elsewhere a row says which party acted, not which account.
"""

import io
import json
import zipfile
from datetime import date, datetime

from flask import render_template
from flask_babel import get_locale
from sqlalchemy import inspect, select

from webapp import clock
from webapp.audit.log import about, describe
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.privacy import consent, readable
from webapp.privacy.notice import CONSENTS, NOTICE_VERSION

FORMAT = "xinju-my-data"
VERSION = 1

#: Columns never copied out: access keys, internal counters, binary blobs and other people's ids.
HIDDEN = {
    "token",
    "data",
    "user_handle",
    "sha256",
    "dedupe_key",
    "version",
    "seen",
    "server",
    "seen_version",
    "server_version",
    "client_id",
    "latitude",
    "longitude",
    "accuracy_m",
    "coordinator_id",
    "actor_id",
    "author_id",
    "submitted_by_id",
    "decided_by_id",
    "handled_by_id",
    "uploaded_by_id",
    "resolved_by_id",
    "recorded_by_id",
    "granted_by_id",
    "answered_by_id",
    "account_id",
    # Blind indexes (keyed hashes the app finds an ID or mobile number by): they serve only the system.
    "id_number_index",
    "phone_index",
    "landlord_phone_index",
}

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def _value(value):
    """A value as the JSON holds it: times in UTC, said so ("…Z": the database keeps them without a zone), dates as
    they are (China's days)."""
    if isinstance(value, datetime):
        return value.isoformat() + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value


def _words(say, obj) -> str:
    """`say(obj)`, or nothing when a stored record no longer fits its words (the copy is made whatever it holds)."""
    try:
        return say(obj)
    except (KeyError, TypeError, ValueError):
        return ""


def row(obj, **extra) -> dict:
    """A model row's own columns (less HIDDEN), as JSON values, with `extra` keys added."""
    columns = inspect(obj).mapper.column_attrs
    out = {c.key: _value(getattr(obj, c.key)) for c in columns if c.key not in HIDDEN}
    out.update(extra)
    return out


def _people(account):
    from webapp.people.models import Person

    own = db.session.scalar(select(Person).where(Person.account_id == account.id))
    if own is None:
        return None, []
    # Members without an account of their own: one with an account downloads their own data.
    members = db.session.scalars(
        select(Person).where(Person.household_of_id == own.id, Person.account_id.is_(None)).order_by(Person.id)
    ).all()
    return own, [own, *members]


def collect(account) -> tuple[dict, list]:
    """The data as one JSON-ready dict, and the document files as (name in the ZIP, Document)."""
    from webapp.documents.models import Document
    from webapp.employers.models import Employment
    from webapp.notifications.models import Notification
    from webapp.notifications.notify import text as notification_text
    from webapp.permits.models import Permit, PermitApplication
    from webapp.privacy.correction import CorrectionRequest
    from webapp.registrations.labels import explain_decision
    from webapp.registrations.models import ResidenceReport
    from webapp.registrations.rules import from_json
    from webapp.rentals.models import Tenancy
    from webapp.services.models import ServiceRequest
    from webapp.vacancies.models import Referral
    from webapp.visits.models import Consent, Visit

    own, people = _people(account)
    ids = [p.id for p in people]

    def of(model):
        if not ids:
            return []
        return db.session.scalars(select(model).where(model.person_id.in_(ids)).order_by(model.id)).all()

    reports = []
    for report in of(ResidenceReport):
        visits = db.session.scalars(select(Visit).where(Visit.report_id == report.id).order_by(Visit.id)).all()
        reports.append(
            row(
                report,
                decisions=[
                    {**stored, "explanation": explain_decision(decision)}
                    for stored, decision in zip(report.decisions or [], from_json(report.decisions or []), strict=True)
                ],
                history=[row(event, by=event.party) for event in report.events],
                visits=[row(visit) for visit in visits],
            )
        )

    files = []
    documents = []
    for document in of(Document):
        name = f"documents/{document.id}-{document.kind}.{EXTENSIONS.get(document.content_type, 'bin')}"
        files.append((name, document))
        documents.append(row(document, file=name))

    requests = [
        row(found, messages=[row(m, from_you=m.author_id == account.id) for m in found.messages])
        for found in of(ServiceRequest)
    ]
    notifications = db.session.scalars(
        select(Notification).where(Notification.account_id == account.id).order_by(Notification.id)
    ).all()
    events = db.session.scalars(select(AuditEvent).where(about(account)).order_by(AuditEvent.at, AuditEvent.id)).all()

    data = {
        "format": FORMAT,
        "version": VERSION,
        "made_at": _value(clock.utcnow()),
        "notice_version": NOTICE_VERSION,
        "account": {
            "display_name": account.display_name,
            "reference": account.reference_display,
            "created_at": _value(account.created_at),
            "locale": account.locale,
            "roles": [grant.role for grant in account.grants],
            "passkeys": [
                {"name": k.name, "created_at": _value(k.created_at), "last_used_at": _value(k.last_used_at)}
                for k in account.passkeys
            ],
        },
        "people": [row(p, is_you=p is own) for p in people],
        "residence_reports": reports,
        "tenancies": [row(t) for t in of(Tenancy)],
        "employments": [row(e) for e in of(Employment)],
        "permit_applications": [row(a) for a in of(PermitApplication)],
        # With its yearly endorsements (签注): they are the person's record too.
        "permits": [
            row(p, endorsements=[{"year": e.year, "endorsed_on": _value(e.endorsed_on)} for e in p.endorsements])
            for p in of(Permit)
        ],
        "service_requests": requests,
        "correction_requests": [row(c) for c in of(CorrectionRequest)],
        # Referrals to a job on the board: the job, and whether the employer may see the person's name and number.
        "job_referrals": [
            row(r, job=r.vacancy.title, employer=r.vacancy.employer.name, request=r.request.reference)
            for r in of(Referral)
        ],
        "documents": documents,
        # The message as the inbox reads it, in the person's language (`kind` and `params` are its codes).
        "notifications": [row(n, text=_words(notification_text, n)) for n in notifications],
        "consents": [row(c, title=str(CONSENTS[c.item].title)) for c in consent.history(account)],
        # Consent a coordinator recorded when registering the person in person (said yes, or signed the form).
        "recorded_consents": [row(c) for c in of(Consent)],
        "access_log": [
            {"at": _value(e.at), "action": e.action, "reason": e.reason, "text": describe(e)} for e in events
        ],
    }
    return data, files


def service_name(code: str) -> str:
    """A service's name in the reader's language (a code the catalogue no longer has: as stored)."""
    from webapp.services.catalogue import service
    from webapp.services.explain import service_name as name_of

    return _words(lambda found: name_of(service(found), get_locale()), code) or code


def build(account) -> bytes:
    """The ZIP, in memory (one person's data: small)."""
    data, files = collect(account)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(data, ensure_ascii=False, indent=2))
        # The same data, read in words (webapp/privacy/readable.py): the JSON above is what it is made from.
        page = readable.page(data, service_name=service_name)
        archive.writestr("my-data.html", render_template("privacy/my_data.html", page=page))
        for name, document in files:
            archive.writestr(name, document.content())
    return buffer.getvalue()
