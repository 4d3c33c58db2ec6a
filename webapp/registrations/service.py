"""Writing reports: submit, answer claims, report changes. Each function commits once, or not at all."""

import hashlib
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from webapp.employers.models import Employer, Employment
from webapp.extensions import db
from webapp.notifications.notify import notify
from webapp.people.models import Person
from webapp.places.address import stored_part
from webapp.places.models import Place
from webapp.policy import engine
from webapp.policy.profiles import Period
from webapp.registrations import lifecycle, rules
from webapp.registrations.models import ResidenceReport
from webapp.rentals.models import RentalProperty, Room, Tenancy


@dataclass
class ReportAnswers:
    """What the person told us, after validation."""

    place: Place
    road: str
    number: str
    building: str
    unit: str
    room: str
    housing_type: str
    arrival_date: date
    reason: str
    commuter: bool
    stay_count: int | None = None  # the planned stay, a number and its unit; None: no end planned
    stay_unit: str | None = None
    employer_name: str = ""
    employer_uscc: str | None = None
    rental: RentalProperty | None = None
    rental_room: Room | None = None
    #: A landlord not on Xinju yet, as the tenant named them (with no rental above).
    landlord_name: str = ""
    landlord_phone: str | None = None
    #: For a change: the claim that carries over unchanged (the job when moving, the tenancy when changing job).
    keep_tenancy: Tenancy | None = None
    keep_employment: Employment | None = None
    #: The facts the permit rules ask, when the person's case needs them (page two of the form).
    resided_since: date | None = None
    work_proof: str = "none"
    work_proof_since: date | None = None
    insurance_months: int = 0
    full_time_study: bool | None = None
    written_lease: bool | None = None

    def facts(self) -> dict:
        """The facts of page two, for storing and carrying over."""
        return {name: getattr(self, name) for name in PERMIT_FACTS}


PERMIT_FACTS = (
    "resided_since",
    "work_proof",
    "work_proof_since",
    "insurance_months",
    "full_time_study",
    "written_lease",
)


def find_employer(uscc: str | None) -> Employer | None:
    """The organisation a worker names by its unified social credit code: their claim goes to it for an answer."""
    return db.session.scalar(select(Employer).where(Employer.uscc == uscc)) if uscc else None


def employer_named(name: str) -> Employer | None:
    """The one organisation on Xinju under exactly this name, if only one is: offered to a worker who named their
    employer by name alone ("is it your employer?"), never given their claim at once - anyone can set up an
    organisation under a well-known name, and would then see the names of those who work for the real one."""
    if not name:
        return None
    found = db.session.scalars(select(Employer).where(Employer.name == name).limit(2)).all()
    return found[0] if len(found) == 1 else None


def _claims(report: ResidenceReport, person: Person, answers: ReportAnswers, profile, today: date) -> None:
    report.tenancy, report.employment = answers.keep_tenancy, answers.keep_employment
    if answers.rental is not None and answers.keep_tenancy is None:
        report.tenancy = Tenancy(
            person=person,
            property=answers.rental,
            room=answers.rental_room,
            started_on=answers.arrival_date,
            answer_due=engine.landlord_report_deadline(profile, today),
        )
    elif answers.landlord_phone and answers.housing_type == "rental" and answers.keep_tenancy is None:
        report.tenancy = Tenancy(
            person=person,
            landlord_name=answers.landlord_name,
            landlord_phone=answers.landlord_phone,
            started_on=answers.arrival_date,
            status="unlinked",
        )
    if answers.employer_name and answers.keep_employment is None:
        employer = find_employer(answers.employer_uscc)
        offered = None if employer or answers.employer_uscc else employer_named(answers.employer_name)
        report.employment = Employment(
            person=person,
            employer=employer,
            offered_employer=offered,
            employer_name=employer.name if employer else answers.employer_name,
            employer_uscc=answers.employer_uscc,
            # A new job started on the day of the change the person gave; any other job with the arrival.
            started_on=report.changed_on if report.kind == "new_job" and report.changed_on else answers.arrival_date,
            source="migrant",
            status="pending" if employer else "unlinked",
            answer_due=engine.employer_report_deadline(profile, today) if employer else None,
        )
        if offered is not None:  # their home page asks "is it your employer?" too
            notify(person.account, "employment.offered_by_name", link="/me", employer=offered.name)


def preview(person: Person, answers: ReportAnswers, today: date):
    """The profile in force today and the decisions these answers would get (nothing is written)."""
    stay = rules.stay_facts(answers)
    return rules.decide(person, stay, today)


#: Page two's facts as they are when not asked.
FACT_DEFAULTS = {f.name: f.default for f in fields(ReportAnswers) if f.name in PERMIT_FACTS}


def permit_questions(person: Person, answers: ReportAnswers, today: date) -> tuple[str, ...]:
    """What page two asks for these answers (see rules.permit_questions), judged without the facts it asks."""
    stay = rules.stay_facts(replace(answers, **FACT_DEFAULTS))
    profile, decisions = rules.decide(person, stay, today)
    employed = bool(answers.employer_name or answers.keep_employment)
    return rules.permit_questions(stay, profile, decisions, today, employed=employed)


def open_permit_questions(report: ResidenceReport, today: date) -> tuple[str, ...]:
    """The questions of page two that a report already sent needs now (a move or a new job changed what the permit
    rules count, or the person has a contract since): those of its answers, as for a first report, but the day the
    person came to live in the city when the report knows it already (a move within the city carries it over)."""
    questions = permit_questions(report.person, carried_over(report), today)
    return tuple(q for q in questions if not (q == "resided_since" and report.resided_since is not None))


def permit_waits_on_facts(report: ResidenceReport, today: date) -> bool:
    """Whether the report's permit decision today is 'not yet' or 'no', and page two's questions could change it:
    after a change, those questions come before the receipt."""
    permit = next((d for d in rules.decisions_today(report, today) if d.topic == "permit"), None)
    return (
        permit is not None
        and permit.outcome in ("not_eligible", "not_yet")
        and bool(open_permit_questions(report, today))
    )


def update_permit_facts(report: ResidenceReport, answers: ReportAnswers, today: date) -> None:
    """The facts of page two given for a report already sent: stored on it, and its permit decision judged again
    with them (under the profile it was decided by: rules changed since leave the stored words as they are)."""
    for name, value in answers.facts().items():
        setattr(report, name, value)
    profile, decisions = preview(report.person, answers, today)
    if profile.id == report.profile_id:
        report.decisions = rules.to_json(decisions)
    db.session.commit()


def with_facts(answers: ReportAnswers, form) -> ReportAnswers:
    """The answers with page two's facts (a question not asked keeps its default)."""
    facts = {}
    for name in PERMIT_FACTS:
        field = getattr(form, name, None)
        if field is not None:
            facts[name] = field.data
    if "work_proof" in facts and not facts["work_proof"]:
        facts["work_proof"] = "none"
    for yes_no in ("full_time_study", "written_lease"):
        if yes_no in facts:
            facts[yes_no] = {"yes": True, "no": False}.get(facts[yes_no])
    if facts.get("insurance_months") is None and "insurance_months" in facts:
        facts["insurance_months"] = 0
    return replace(answers, **facts)


#: The parts of an address inside its community, as typed (each stored by `stored_part`).
ADDRESS_PARTS = ("road", "number", "building", "unit", "room")


def stored_address(answers) -> dict[str, str]:
    """The address's parts as stored: "3栋" as "3", "18" as "18号" (webapp/places/address.py), so that the same
    building typed two ways is one building on a coordinator's caseload. `answers`: answers, a report or a dict."""

    def get(name: str):
        return answers.get(name) if isinstance(answers, dict) else getattr(answers, name, None)

    return {name: stored_part(name, get(name)) for name in ADDRESS_PARTS}


def same_address(report: ResidenceReport, place: Place, answers) -> bool:
    """Whether a move's new address (`place` and the parts in `answers`) is the report's own, read as stored."""
    return report.place_id == place.id and stored_address(report) == stored_address(answers)


def same_job(report: ResidenceReport, work: dict) -> bool:
    """Whether a new job (`work`: employer_name, employer_uscc) is the one the report already names: the same code
    where both have one, else the same name (as typed, any case and spacing)."""
    job = report.employment
    if job is None or job.ended_on is not None:
        return False
    if work.get("employer_uscc") and job.employer_uscc:
        return work["employer_uscc"] == job.employer_uscc
    return (
        " ".join((work.get("employer_name") or "").split()).casefold() == " ".join(job.employer_name.split()).casefold()
    )


def submit(
    person: Person,
    answers: ReportAnswers,
    *,
    actor,
    today: date,
    kind: str = "initial",
    previous: ResidenceReport | None = None,
    changed_on: date | None = None,
    client_id: str | None = None,
) -> ResidenceReport:
    """Write the report (`client_id`: the id the form's page made, unique: see submit_member)."""
    profile, decisions = preview(person, answers, today)
    registration_due = next((d.due for d in decisions if d.topic == "registration"), None)
    if changed_on is not None:
        # A change is judged by the rules in force on the day it happened, where the person was registered (as
        # leaving is, in deregister), not by today's.
        where = previous.place if previous is not None else answers.place
        change_profile = rules.profile_for_change(where.code, changed_on, today)
        if kind == "move" and registration_due is not None and rules.registers_anew(change_profile, where, answers):
            # Where leaving the county deregisters, a move to another county is a new registration there: it is
            # late after the new place's registration deadline, not the change deadline.
            late = today > registration_due
        else:
            late = engine.is_late(change_profile, changed_on, today)
    else:  # a first report is late when it comes after the registration deadline
        late = registration_due is not None and today > registration_due
    # A child's report is never late: a parent or guardian registers them, and the deadline is theirs.
    duty_profile, duty_day = (change_profile, changed_on) if changed_on is not None else (profile, answers.arrival_date)
    late = late and engine.own_duty(duty_profile, person.birth_date, duty_day)
    report = ResidenceReport(
        person=person,
        submitted_by=actor,
        kind=kind,
        previous=previous,
        place=answers.place,
        **stored_address(answers),
        housing_type=answers.housing_type,
        arrival_date=answers.arrival_date,
        stay_count=answers.stay_count,
        stay_unit=answers.stay_unit,
        reason=answers.reason,
        commuter=answers.commuter,
        **answers.facts(),
        profile_id=profile.id,
        decisions=rules.to_json(decisions),
        changed_on=changed_on,
        late=late,
        client_id=client_id,
    )
    _claims(report, person, answers, profile, today)
    lifecycle.submitted(report, actor=actor)
    db.session.add(report)
    if previous is not None:
        lifecycle.changed(previous, on=changed_on or today, kind=kind, actor=actor)
    db.session.commit()
    return report


def deregister(report: ResidenceReport, *, actor, left_on: date, today: date) -> ResidenceReport:
    profile = rules.profile_for_change(report.place.code, left_on, today)
    late = engine.is_late(profile, left_on, today) and engine.own_duty(profile, report.person.birth_date, left_on)
    report.late = report.late or late
    lifecycle.deregistered(report, on=left_on, actor=actor)
    from webapp.permits.service import revoke_for

    revoke_for(report.person, left_on)
    db.session.commit()
    return report


def current_report(person: Person) -> ResidenceReport | None:
    return db.session.scalar(
        select(ResidenceReport)
        .where(ResidenceReport.person_id == person.id, lifecycle.current())
        .order_by(ResidenceReport.created_at.desc())
        .limit(1)
    )


def has_current_report(person: Person) -> bool:
    """Whether `current_report(person)` would find one (its id only: no report row loaded)."""
    found = db.session.scalar(
        select(ResidenceReport.id).where(ResidenceReport.person_id == person.id, lifecycle.current()).limit(1)
    )
    return found is not None


@cache
def _current_place_code_statement():
    """current_place_code's SELECT, built once (a services page asks on every view); parameter `person_id`."""
    return (
        select(Place.code)
        .join(ResidenceReport, ResidenceReport.place_id == Place.id)
        .where(ResidenceReport.person_id == bindparam("person_id"), lifecycle.current())
        .order_by(ResidenceReport.created_at.desc())
        .limit(1)
    )


def current_place_code(person: Person) -> str | None:
    """The division code of the place of the person's current report (as `current_report` finds it), or None when
    there is none: where the person lives, for the rules that differ by place (its code only: no report loaded)."""
    return db.session.scalar(_current_place_code_statement(), {"person_id": person.id})


def history(person: Person) -> list[ResidenceReport]:
    return db.session.scalars(
        select(ResidenceReport)
        .where(ResidenceReport.person_id == person.id)
        .order_by(ResidenceReport.created_at.desc(), ResidenceReport.id.desc())
    ).all()


def member_answers(home: ResidenceReport, *, arrival_date: date) -> ReportAnswers:
    """A household member registered by the head at the head's current address: the same home (a tenant's landlord
    is asked to confirm them too, as for any tenant), living with family, for as long as the head plans to stay."""
    tenancy = home.tenancy if home.tenancy is not None and home.tenancy.ended_on is None else None
    linked = tenancy is not None and tenancy.property is not None
    return ReportAnswers(
        place=home.place,
        road=home.road,
        number=home.number,
        building=home.building,
        unit=home.unit,
        room=home.room,
        housing_type=home.housing_type,
        arrival_date=arrival_date,
        reason="family",
        commuter=False,
        stay_count=home.stay_count,
        stay_unit=home.stay_unit,
        rental=tenancy.property if linked else None,
        rental_room=tenancy.room if linked else None,
        landlord_name=tenancy.landlord_name if tenancy is not None and not linked else "",
        landlord_phone=tenancy.landlord_phone if tenancy is not None and not linked else None,
    )


def sent_with(client_id: str | None) -> ResidenceReport | None:
    """The report a form's page (its `client_id`) already sent, if any."""
    if client_id is None:
        return None
    return db.session.scalar(select(ResidenceReport).where(ResidenceReport.client_id == client_id))


def client_id_for(client_id: str | None, person_id: int) -> str | None:
    """One page's id (`client_id`) for each of the reports it sends (one per household member)."""
    if client_id is None:
        return None
    return hashlib.sha256(f"{client_id}:{person_id}".encode()).hexdigest()[:32]


def submit_member(
    member: Person, answers: ReportAnswers, *, actor, today: date, client_id: str | None, **change
) -> ResidenceReport:
    """A household member's report, sent by the head (a first one; `change`: kind, previous and changed_on of a
    move): once per page (`client_id`, as a coordinator's visit is stored once per id). Sent again (a double tap),
    even at the same moment, the first send's report is the answer: the unique client_id makes the second commit
    fail, and it is read back instead of written twice."""
    if (sent := sent_with(client_id)) is not None:
        return sent
    try:
        return submit(member, answers, actor=actor, today=today, client_id=client_id, **change)
    except IntegrityError:
        db.session.rollback()
        if (sent := sent_with(client_id)) is None:
            raise
        return sent


def left_behind(move: ResidenceReport) -> list[ResidenceReport]:
    """After the head of a household reported a move (`move`, their new report), the current reports of the members
    still registered at the address they left: those the head may move with them (not a member with an account of
    their own, who reports their own moves), in the household list's order."""
    old = move.previous
    if move.kind != "move" or old is None:
        return []
    reports = [current_report(member) for member in move.person.members if member.account_id is None]
    return [report for report in reports if report is not None and same_address(report, old.place, old)]


def family_move_answers(report: ResidenceReport, home: ResidenceReport) -> ReportAnswers:
    """A member's report (`report`) moved to the head's new home (`home`, a move) on the same day: the new address
    and its landlord as for a member registered there, the rest of the member's report (their job, their reason)
    carried over."""
    there = member_answers(home, arrival_date=home.changed_on or home.arrival_date)
    moved = {name: getattr(there, name) for name in (*ADDRESS_PARTS, "place", "housing_type", "arrival_date")}
    landlord = {name: getattr(there, name) for name in ("rental", "rental_room", "landlord_name", "landlord_phone")}
    return carried_over(report, **moved, **landlord, keep_tenancy=None)


def carried_over(previous: ResidenceReport, **changes) -> ReportAnswers:
    """The previous report's answers with some replaced: the start of a change."""
    employment = previous.employment if previous.employment and previous.employment.ended_on is None else None
    tenancy = previous.tenancy if previous.tenancy and previous.tenancy.ended_on is None else None
    base = dict(
        place=previous.place,
        road=previous.road,
        number=previous.number,
        building=previous.building,
        unit=previous.unit,
        room=previous.room,
        housing_type=previous.housing_type,
        arrival_date=previous.arrival_date,
        stay_count=previous.stay_count,
        stay_unit=previous.stay_unit,
        reason=previous.reason,
        commuter=previous.commuter,
        keep_tenancy=tenancy,
        keep_employment=employment,
        **{name: getattr(previous, name) for name in PERMIT_FACTS},
    )
    base.update(changes)
    if base["arrival_date"] != previous.arrival_date and previous.stay_count is not None:
        # A move: the stay planned is in the city, not from the new address's first day. The day planned to leave
        # stays the same (6 months from 1 January, moving on 1 May: until 1 July, not 1 November); one already
        # passed leaves no date (they stayed on).
        leaving = Period(previous.stay_count, previous.stay_unit).end(previous.arrival_date)
        left = (leaving - base["arrival_date"]).days
        base["stay_count"], base["stay_unit"] = (left, "days") if left > 0 else (None, previous.stay_unit)
    place = base["place"]
    if base["resided_since"] is None and place.code[:4] == previous.place.code[:4]:
        # A move within the city keeps the time lived here: it counts from the first arrival in the city.
        base["resided_since"] = previous.arrival_date
    return ReportAnswers(**base)
