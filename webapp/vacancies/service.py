"""Writing the jobs board: post, change, review, take down, ask for a referral, expire. Each function commits once.

A referral or a training place is a service request (webapp/services) to the job-services department (hrss) of the
posting's county: it is answered in that office's queue, by its target date, and the person is told as for any
request."""

from datetime import date

from sqlalchemy import select

from webapp import clock
from webapp.audit import log as audit
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.policy.workdays import add_working_days
from webapp.services.catalogue import service as catalogue_service
from webapp.services.models import ServiceRequest
from webapp.vacancies.models import Referral, Vacancy

#: The catalogue's service for each kind of request (webapp/services/catalogue.toml), answered by its department.
SERVICE_OF = {"referral": "job_referral", "training": "vocational_training"}
JOB_SERVICES = "hrss"
#: A posting still in play: waiting for review, or on the board.
LIVE = ("pending", "approved")


def county_of(place):
    return next(p for p in place.lineage() if p.level == "county")


def post(employer, account, place, values: dict) -> Vacancy:
    """A new posting, waiting for the county's job-services office."""
    vacancy = Vacancy(employer=employer, created_by_id=account.id, place=place, county=county_of(place), **values)
    db.session.add(vacancy)
    db.session.commit()
    return vacancy


def posted_already(employer, place, values: dict) -> Vacancy | None:
    """The employer's posting, waiting or shown, with every one of these values at this place: the same posting sent
    twice (a double tap, the form sent again after going back), to be shown rather than made again."""
    same = [getattr(Vacancy, name) == value for name, value in values.items()]
    return db.session.scalar(
        select(Vacancy)
        .where(Vacancy.employer_id == employer.id, Vacancy.place_id == place.id, Vacancy.status.in_(LIVE), *same)
        .order_by(Vacancy.id.desc())
        .limit(1)
    )


def change(vacancy: Vacancy, place, values: dict) -> None:
    """The employer changes a posting: it goes back for review (nothing unreviewed is shown)."""
    for name, value in values.items():
        setattr(vacancy, name, value)
    vacancy.place, vacancy.county = place, county_of(place)
    vacancy.status, vacancy.reason, vacancy.reviewed_at, vacancy.reviewed_by_id = "pending", "", None, None
    db.session.commit()


def _reviewed(vacancy: Vacancy, officer, status: str, reason: str) -> None:
    vacancy.status, vacancy.reason = status, reason.strip()
    vacancy.reviewed_by_id, vacancy.reviewed_at = officer.id, clock.utcnow()


def approve(vacancy: Vacancy, officer) -> None:
    """Shown on the board from now until its closing date; the employer is told."""
    _reviewed(vacancy, officer, "approved", "")
    audit.record("vacancy.approved", actor=officer, vacancy=vacancy.id, county=vacancy.county_id)
    notify(vacancy.created_by, "vacancy.approved", link=f"/employer/vacancies/{vacancy.id}", title=vacancy.title)
    db.session.commit()


def take_down(vacancy: Vacancy, officer, reason: str) -> None:
    """Not shown (refused at review, or taken off the board), with the reason for the employer."""
    _reviewed(vacancy, officer, "taken_down", reason)
    audit.record("vacancy.taken_down", actor=officer, vacancy=vacancy.id, county=vacancy.county_id)
    notify(
        vacancy.created_by,
        "vacancy.taken_down",
        link=f"/employer/vacancies/{vacancy.id}",
        title=vacancy.title,
        reason=vacancy.reason,
    )
    db.session.commit()


def ask(person, vacancy: Vacancy, *, kind: str, shared: bool, note: str, today: date) -> Referral:
    """A migrant asks for a free referral to this job, or a training place for it: a request in the job-services
    queue of the posting's county, with the catalogue's target time."""
    wanted = catalogue_service(SERVICE_OF[kind])
    employer = vacancy.employer.name
    # What the person reads back on their request: the posting's title and employer, never its number.
    details = f"{vacancy.title} · {employer}" + (f"\n{note.strip()}" if note.strip() else "")
    created = ServiceRequest(
        person=person,
        service_code=wanted.code,
        department=wanted.department,
        county_id=vacancy.county_id,
        details=details,
        documents=[],
        target_date=add_working_days(today, wanted.target_days),
    )
    referral = Referral(vacancy=vacancy, person=person, request=created, kind=kind, shared=shared, note=note.strip())
    db.session.add_all([created, referral])
    db.session.commit()
    return referral


def set_sharing(referral: Referral, shared: bool, account) -> bool:
    """The person withdraws or gives the sharing of their name and number with the posting's employer, from their
    request's page: the employer's list follows at once; logged where the person sees what happened to their data.
    False when nothing changed."""
    if referral.shared == shared:
        return False
    referral.shared = shared
    audit.record(
        "referral.shared" if shared else "referral.unshared",
        actor=account,
        subject=account,
        person=referral.person,
        referral=referral.id,
        vacancy=referral.vacancy_id,
    )
    db.session.commit()
    return True


def applicants_shown(person_ids: list[int], account) -> None:
    """The employer's page showed these applicants' names and numbers (they chose to share them): logged."""
    audit.viewed_in_list(
        sorted(set(person_ids)), actor=account, as_role="employer", what="referral", why="job referral"
    )
    db.session.commit()


def expire(today: date) -> int:
    """Postings past their closing date leave the board (and the review queue): `flask jobs run`, daily. The
    employer who posted each one is told in their inbox, once (a dedupe key per posting)."""
    ending = db.session.scalars(
        select(Vacancy).where(Vacancy.status.in_(("pending", "approved")), Vacancy.closes_on < today)
    ).all()
    for vacancy in ending:
        vacancy.status = "expired"
        notify(
            vacancy.created_by,
            "vacancy.expired",
            link=f"/employer/vacancies/{vacancy.id}",
            dedupe_key=f"vacancy.expired:{vacancy.id}",
            title=vacancy.title,
            date=vacancy.closes_on.isoformat(),
        )
    db.session.commit()
    return len(ending)
