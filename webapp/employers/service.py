"""Writing for employers: set up the organisation, say where it is, report a hire (the person's answer to it is
written by webapp/claims). Each function commits once."""

from datetime import date

from sqlalchemy import select

from webapp.audit import log as audit
from webapp.employers.models import Employer, EmployerMember, Employment
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.people import placeholders
from webapp.people.models import Person
from webapp.places.models import Place


def set_up(account, *, name: str, uscc: str, place: Place) -> tuple[Employer, int]:
    """A new organisation answered for by this account. Returns it and how many workers' claims now wait for it."""
    employer = Employer(name=name, uscc=uscc, place=place)
    employer.members.append(EmployerMember(account=account))
    db.session.add(employer)
    db.session.flush()
    waiting = link_waiting_claims(employer)
    db.session.commit()
    return employer, waiting


def link_waiting_claims(employer: Employer) -> int:
    """Workers who named this employer (by its code) before it joined Xinju: it is offered to each ("is this your
    employer?"). A code is public, so the organisation sees nothing of them until they accept (webapp/claims).
    Returns how many were asked."""
    from flask import url_for

    claims = db.session.scalars(
        select(Employment).where(
            Employment.employer_id.is_(None),
            Employment.offered_employer_id.is_(None),
            Employment.status == "unlinked",
            Employment.ended_on.is_(None),
            Employment.employer_uscc == employer.uscc,
        )
    ).all()
    for claim in claims:
        claim.offered_employer = employer
        notify(
            claim.person.account,
            "employment.offered",
            link=url_for("claims.employer_offer", employment_id=claim.id),
            employer=employer.name,
        )
    return len(claims)


def remove_member(employer: Employer, member: EmployerMember, actor) -> bool:
    """Someone stops answering for the organisation (a colleague who left, or oneself). The last one is not removed:
    an organisation nobody answers for would leave its workers' claims unanswered. False when refused."""
    if len(employer.members) <= 1:
        return False
    account = member.account
    employer.members.remove(member)
    themselves = account.id == actor.id
    audit.record(
        "colleague.left" if themselves else "colleague.removed", actor=actor, subject=account, employer=employer.id
    )
    if not themselves:
        notify(account, "colleague.removed", employer=employer.name)
    db.session.commit()
    return True


def set_place(employer: Employer, place: Place) -> None:
    employer.place = place
    db.session.commit()


def report_hire(employer: Employer, *, actor, name: str, id_number: str, started_on: date) -> Employment:
    """The employer says someone works for them: a claim the person confirms, never a confirmed job.

    The employer keeps only what they typed (the name, the number, the day); the person is told in their inbox.
    A number nobody has registered gets a record without an account (people.placeholders), which the real holder
    claims when they register. The same happens, and the employer sees the same, whether or not the number is
    registered."""
    person = db.session.scalar(select(Person).where(Person.id_number_is(id_number)))
    if person is None:
        person = placeholders.create(name=name, id_number=id_number)
    employment = Employment(
        person=person,
        employer=employer,
        employer_name=employer.name,
        employer_uscc=employer.uscc,
        worker_name=name,
        started_on=started_on,
        source="employer",
        status="pending",
    )
    db.session.add(employment)
    db.session.flush()
    if person.account is not None:
        notify(
            person.account,
            "employment.claimed",
            link=f"/me/jobs/{employment.id}",
            employer=employer.name,
            date=started_on.isoformat(),
        )
    else:  # no inbox: the community's coordinators ask the person and answer for them
        placeholders.tell_coordinators(
            employer.place_id, "employment.answer_for", link=f"/coordinator/hires/{employment.id}"
        )
    audit.record(
        "employment.reported",
        actor=actor,
        subject=person.account,
        person=person,
        employment=employment.id,
        employer=employer.id,
        **{"as": "employer"},
    )
    db.session.commit()
    return employment
