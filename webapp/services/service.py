"""Writing service requests: ask, write a message, answer, and log who saw the queue. Each function commits once.

Statuses change only through webapp/services/statuses.py."""

from datetime import date

from webapp.audit import log as audit
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.policy.workdays import add_working_days
from webapp.services import statuses
from webapp.services.models import RequestMessage, ServiceRequest


def ask(person, wanted, county, *, details: str, documents: list[int], today: date) -> ServiceRequest:
    """A migrant asks for a service; the county's office of its department answers by the target date."""
    created = ServiceRequest(
        person=person,
        service_code=wanted.code,
        department=wanted.department,
        county=county,
        details=details.strip(),
        documents=list(documents),
        target_date=add_working_days(today, wanted.target_days),
    )
    db.session.add(created)
    db.session.commit()
    return created


def write_to_officer(found: ServiceRequest, author, body: str) -> RequestMessage:
    """The migrant writes on their request (the officer sees it on the request's page)."""
    message = RequestMessage(author_id=author.id, party="migrant", body=body.strip())
    found.messages.append(message)
    db.session.commit()
    return message


def write_to_person(found: ServiceRequest, officer, body: str) -> RequestMessage:
    """The officer writes to the person, who is told."""
    message = RequestMessage(author_id=officer.id, party="officer", body=body.strip())
    found.messages.append(message)
    notify(found.person.account, "request.message", link=f"/me/requests/{found.reference}", service=found.service_code)
    db.session.commit()
    return message


def answer(found: ServiceRequest, officer, to: str, reason: str = "") -> None:
    """The officer moves the request on (see statuses.MOVES) and the person is told."""
    statuses.answer(found, to, reason=reason, officer_id=officer.id)
    notify(
        found.person.account,
        "request.status",
        link=f"/me/requests/{found.reference}",
        service=found.service_code,
        status=found.status,
    )
    db.session.commit()


def queue_shown(person_ids: list[int], officer) -> None:
    """The queue showed these people's names to the officer: logged, one event a person a day."""
    audit.viewed_in_list(
        sorted(set(person_ids)), actor=officer, as_role="officer", what="service_request", why="service request"
    )
    db.session.commit()
