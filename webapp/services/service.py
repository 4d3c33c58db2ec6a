"""Writing service requests: ask, write a message, answer, withdraw, and log who saw the queue. Each function commits
once.

Statuses change only through webapp/services/statuses.py."""

from datetime import date, timedelta

from sqlalchemy import func, select

from webapp import clock
from webapp.accounts.models import Account, RoleGrant
from webapp.accounts.roles import Role
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


#: A message the same person sent on the same request this recently, word for word, is the same message sent twice
#: (a double tap, the page sent again): kept once.
REPEAT_WINDOW = timedelta(minutes=10)


def asked_already(person, wanted, details: str) -> ServiceRequest | None:
    """The person's open request for this service with these very words: the same request sent twice (a double tap,
    the form sent again after going back), to be shown rather than made again."""
    return db.session.scalar(
        select(ServiceRequest)
        .where(
            ServiceRequest.person_id == person.id,
            ServiceRequest.service_code == wanted.code,
            ServiceRequest.status.in_(statuses.OPEN),
            ServiceRequest.details == details.strip(),
        )
        .order_by(ServiceRequest.id.desc())
        .limit(1)
    )


def repeated(found: ServiceRequest, author, body: str) -> bool:
    """The last message on the request is this author's, with these words, from the last few minutes: sent twice."""
    if not found.messages:
        return False
    last = found.messages[-1]
    return (
        last.author_id == author.id
        and last.body == body.strip()
        and last.at is not None
        and clock.utcnow() - last.at <= REPEAT_WINDOW
    )


def write_to_officer(found: ServiceRequest, author, body: str) -> RequestMessage | None:
    """The migrant writes on their open request (the officer sees it on the request's page and, in the queue, that
    the person wrote). None when it is the same message sent twice: kept once."""
    if repeated(found, author, body):
        return None
    message = RequestMessage(author_id=author.id, party="migrant", body=body.strip())
    found.messages.append(message)
    db.session.commit()
    return message


def write_to_person(found: ServiceRequest, officer, body: str) -> RequestMessage | None:
    """The officer writes to the person, who is told. None when it is the same message sent twice: kept (and told)
    once."""
    if repeated(found, officer, body):
        return None
    message = RequestMessage(author_id=officer.id, party="officer", body=body.strip())
    found.messages.append(message)
    notify(found.person.account, "request.message", link=f"/me/requests/{found.reference}", service=found.service_code)
    db.session.commit()
    return message


def answer(found: ServiceRequest, officer, to: str, reason: str = "") -> None:
    """The officer moves the request on (see statuses.MOVES) and the person is told. The row is locked and read
    again first: a move the request no longer allows (the person withdrew it meanwhile) raises
    statuses.TransitionError, nothing changed."""
    db.session.refresh(found, with_for_update=True)
    statuses.answer(found, to, reason=reason, officer_id=officer.id)
    notify(
        found.person.account,
        "request.status",
        link=f"/me/requests/{found.reference}",
        service=found.service_code,
        status=found.status,
    )
    db.session.commit()


def following(found: ServiceRequest) -> list:
    """The officers following the request: the one who answered it and those who wrote on it, while they still work
    for its department in its county (one moved elsewhere, or deactivated, is not told)."""
    written = select(RequestMessage.author_id).where(
        RequestMessage.request_id == found.id, RequestMessage.party == "officer"
    )
    ids = set(db.session.scalars(written)) | ({found.handled_by_id} if found.handled_by_id else set())
    if not ids:
        return []
    return db.session.scalars(
        select(Account)
        .join(RoleGrant, RoleGrant.account_id == Account.id)
        .where(
            Account.id.in_(sorted(ids)),
            Account.deactivated_at.is_(None),
            RoleGrant.role == Role.OFFICER,
            RoleGrant.department == found.department,
            RoleGrant.place_id == found.county_id,
        )
        .distinct()
        .order_by(Account.id)
    ).all()


def withdraw(found: ServiceRequest) -> bool:
    """The person withdraws their open request (the caller checks it is theirs); the officers following it are told,
    as the person is told of an officer's answer. False, changing nothing, when it is no longer open (withdrawn
    already, a double send; or answered meanwhile). The row is locked first: an officer's answer at the same moment
    waits, then finds it withdrawn."""
    db.session.refresh(found, with_for_update=True)
    if not statuses.may_withdraw(found.status):
        db.session.rollback()
        return False
    statuses.withdraw(found)
    _end_referral(found)
    for officer in following(found):
        notify(
            officer,
            "request.withdrawn",
            link=f"/officer/requests/{found.reference}",
            service=found.service_code,
            reference=found.reference_display,
        )
    db.session.commit()
    return True


def _end_referral(found: ServiceRequest) -> None:
    """A job referral withdrawn: the employer stops seeing the person (logged where they read what happened to their
    data, as when they stop sharing), and the posting can be asked about again later."""
    from webapp.vacancies.models import Referral

    referral = db.session.scalar(select(Referral).where(Referral.request_id == found.id))
    if referral is None:
        return
    if referral.shared:
        account = found.person.account
        audit.record(
            "referral.unshared",
            actor=account,
            subject=account,
            person=found.person,
            referral=referral.id,
            vacancy=referral.vacancy_id,
        )
    db.session.delete(referral)


def waiting_on_officer(request_ids: list[int]) -> set[int]:
    """Of these requests, those whose last message is the person's: they answered (or asked), the officer has not
    written since."""
    if not request_ids:
        return set()
    last = (
        select(RequestMessage.request_id, func.max(RequestMessage.id).label("id"))
        .where(RequestMessage.request_id.in_(request_ids))
        .group_by(RequestMessage.request_id)
        .subquery()
    )
    return set(
        db.session.scalars(
            select(RequestMessage.request_id)
            .join(last, RequestMessage.id == last.c.id)
            .where(RequestMessage.party == "migrant")
        )
    )


def queue_shown(person_ids: list[int], officer) -> None:
    """The queue showed these people's names to the officer: logged, one event a person a day."""
    audit.viewed_in_list(
        sorted(set(person_ids)), actor=officer, as_role="officer", what="service_request", why="service request"
    )
    db.session.commit()
